import { expect, test, type Page } from "@playwright/test";

// The operator's core loop against the emulator: a participant joins with a token minted in the console,
// shows up live, gets disconnected; IVS throttling shows a degraded banner that clears on recovery.
const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
const auth = { authorization: "Bearer test:test", "content-type": "application/json" };

async function control(method: string, path: string, body?: object) {
  const response = await fetch(`${emulator}/_emulator/${path}`, { method, headers: auth, body: body ? JSON.stringify({ region: "us-east-1", ...body }) : undefined });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

async function createStageInUi(page: Page, name: string) {
  await page.goto("/stages?region=us-east-1");
  await page.getByRole("button", { name: "Create stage" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stage" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create stage" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("searchbox", { name: "Search stages" }).fill(name);
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a participant joins with a console-minted token, appears live, and is disconnected", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = `live-${Date.now().toString(36)}`;
  await createStageInUi(page, name);
  await expect(page.getByText(/Nobody is on this stage/)).toBeVisible();

  await page.getByLabel("User id").fill("live-guest");
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByRole("button", { name: "Copy participant token" }).click();
  const token = await page.evaluate(() => navigator.clipboard.readText());
  expect(token.split(".")).toHaveLength(3);

  const joined = await control("POST", "participants/join", { stageArn: decodeURIComponent(page.url().split("/stages/")[1]?.split("?")[0] ?? ""), token, publish: true });
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
  await expect(page.getByRole("row").filter({ hasText: "live-guest" })).toContainText("DISCONNECTED", { timeout: 15_000 });
});

test("IVS throttling shows the degraded banner, which clears on recovery", async ({ page }) => {
  const name = `throttle-${Date.now().toString(36)}`;
  await createStageInUi(page, name);
  const stageArn = decodeURIComponent(page.url().split("/stages/")[1]?.split("?")[0] ?? "");
  await control("POST", "participants/join", { stageArn, userId: "steady", publish: true });
  await page.getByRole("link", { name: /^st-/ }).first().click();
  await expect(page.getByRole("row").filter({ hasText: "steady" })).toBeVisible({ timeout: 15_000 });

  await control("POST", "faults", { operation: "ListParticipants", errorType: "ThrottlingException", status: 429, count: 1000 });
  try {
    await expect(page.getByText(/Degraded: showing the last good data/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("row").filter({ hasText: "steady" })).toBeVisible(); // the last good data stays
  } finally {
    await control("DELETE", "faults");
  }
  await expect(page.getByText(/Degraded: showing the last good data/)).toBeHidden({ timeout: 30_000 });
});
