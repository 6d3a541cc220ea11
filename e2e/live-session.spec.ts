import { expect, test } from "@playwright/test";
import { control } from "./support/control";
import { createStageInUi } from "./support/stages";

// The operator's core loop against the emulator: a participant joins with a token minted in the console,
// shows up live, gets disconnected; IVS throttling shows a degraded banner that clears on recovery.

test("a participant joins with a console-minted token, appears live, and is disconnected", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = `live-${Date.now().toString(36)}`;
  await createStageInUi(page, name);
  await expect(page.getByText(/Nobody is on this stage/)).toBeVisible();

  await page.getByLabel("User id").fill("live-guest");
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByRole("button", { name: "Copy participant token" }).click();
  const token = await page.evaluate(() => navigator.clipboard.readText());
  expect(token.split(".")).toHaveLength(3);

  const joined = await control("POST", "participants/join", {
    stageArn: decodeURIComponent(page.url().split("/stages/")[1]?.split("?")[0] ?? ""),
    token,
    publish: true,
  });
  expect(joined.participantId).toBeTruthy();

  // No reload: the live panel polls and links to the new session.
  const sessionLink = page.getByRole("link", { name: /^st-/ }).first();
  await expect(sessionLink).toBeVisible({ timeout: 15_000 });
  await sessionLink.click();
  const row = page.getByRole("row").filter({ hasText: "live-guest" });
  await expect(row).toContainText("CONNECTED", { timeout: 15_000 });

  await row.getByRole("button", { name: /Disconnect live-guest/ }).click();
  const confirm = page.getByRole("dialog", { name: /Disconnect live-guest/ });
  await confirm.getByLabel(/Reason/).fill("e2e check");
  await confirm.getByRole("button", { name: "Disconnect" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: "live-guest" })).toContainText("DISCONNECTED", {
    timeout: 15_000,
  });
});

test("a 240-participant session: every participant listed, only the visible rows drawn, sortable by any column", async ({
  page,
}) => {
  const name = `big-${Date.now().toString(36)}`;
  await createStageInUi(page, name);
  const stageArn = decodeURIComponent(page.url().split("/stages/")[1]?.split("?")[0] ?? "");
  const count = 240;
  let sessionId = "";
  for (let start = 0; start < count; start += 40) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(40, count - start) }, (_, i) =>
        control("POST", "participants/join", { stageArn, userId: `crowd-${start + i}`, publish: start + i < 3 }),
      ),
    );
    sessionId ||= String(batch[0]?.sessionId ?? "");
  }
  await page.goto(`/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}?region=us-east-1`);
  await expect(page.getByText(`${count} shown · ${count} connected · ${count} loaded`)).toBeVisible({
    timeout: 20_000,
  });

  const table = page.getByRole("table", { name: "Participants", exact: true });
  await expect(table).toHaveAttribute("aria-rowcount", String(count + 1));
  const drawn = await table.locator("tbody tr[aria-rowindex]").count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(count / 2);

  // Natural order on user ids: crowd-2 before crowd-10; descending puts crowd-239 first.
  await table.getByRole("button", { name: "Sort by User id" }).click();
  await expect(table.locator("th", { hasText: "User id" })).toHaveAttribute("aria-sort", "ascending");
  const firstRow = table.locator("tbody tr[aria-rowindex]").first();
  await expect(firstRow).toContainText("crowd-0");
  await expect(table.locator("tbody tr[aria-rowindex]").nth(2)).toContainText("crowd-2");
  await table.getByRole("button", { name: "Sort by User id" }).click();
  await expect(firstRow).toContainText("crowd-239");

  // Scrolling the list draws the rows further down.
  await page
    .getByRole("region", { name: "Participants (scrollable)" })
    .evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(table.locator("tbody tr[aria-rowindex]").filter({ hasText: "crowd-0" })).toBeVisible();
});

test("IVS throttling shows the degraded banner, which clears on recovery", async ({ page }) => {
  test.setTimeout(90_000);
  const name = `throttle-${Date.now().toString(36)}`;
  await createStageInUi(page, name);
  const stageArn = decodeURIComponent(page.url().split("/stages/")[1]?.split("?")[0] ?? "");
  await control("POST", "participants/join", { stageArn, userId: "steady", publish: true });
  await page.getByRole("link", { name: /^st-/ }).first().click();
  await expect(page.getByRole("row").filter({ hasText: "steady" })).toBeVisible({ timeout: 15_000 });

  await control("POST", "faults", {
    operation: "ListParticipants",
    errorType: "ThrottlingException",
    status: 429,
    count: 1000,
  });
  try {
    await expect(page.getByText(/Degraded: showing the last good data/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("row").filter({ hasText: "steady" })).toBeVisible(); // the last good data stays
  } finally {
    await control("DELETE", "faults");
  }
  await expect(page.getByText(/Degraded: showing the last good data/)).toBeHidden({ timeout: 30_000 });
});
