import { GetStageCommand } from "@aws-sdk/client-ivs-realtime";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/auth";
import { createStage, ivs, join, region, seriousViolations, startComposition, unique } from "./support/ux";

/**
 * Issue 17, items 7, 12 and 6: a light theme that follows the system or a remembered choice; axe clean on every
 * main page in both themes; times in UTC or the browser's zone, always with the zone, ISO everywhere.
 */

interface World {
  stageArn: string;
  sessionId: string;
  participantId: string;
  compositionArn: string;
}
let world: World;

test.beforeAll(async ({ request }) => {
  const stageArn = await createStage(unique("ux-sweep"));
  const participantId = await join(request, stageArn, "host-sweep");
  const compositionArn = await startComposition(stageArn);
  const { stage } = await ivs.send(new GetStageCommand({ arn: stageArn }));
  world = { stageArn, sessionId: stage?.activeSessionId ?? "", participantId, compositionArn };
});

function mainPages(w: World): [string, string][] {
  const stage = `/stages/${encodeURIComponent(w.stageArn)}`;
  const session = `${stage}/sessions/${w.sessionId}`;
  return [
    ["Overview", "/"],
    ["Stages", "/stages"],
    ["Stage", stage],
    ["Stage sessions", `${stage}/sessions`],
    ["Session", session],
    ["Participant", `${session}/participants/${w.participantId}`],
    ["Compositions", "/compositions"],
    ["Composition", `/compositions/${encodeURIComponent(w.compositionArn)}`],
    ["Configurations", "/configurations"],
    ["Public keys", "/public-keys"],
    ["Designer", `/designer?stage=${encodeURIComponent(w.stageArn)}`],
    ["Find a user", "/find-user"],
    ["Users", "/admin/users"],
    ["Audit", "/audit"],
  ];
}

const withRegion = (path: string) => `${path}${path.includes("?") ? "&" : "?"}region=${region}`;

async function backgroundOf(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

for (const scheme of ["dark", "light"] as const) {
  test(`every main page has no serious axe violations in the ${scheme} theme (system preference)`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: scheme });
    const failures: string[] = [];
    for (const [label, path] of mainPages(world)) {
      await page.goto(withRegion(path));
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible({ timeout: 20_000 });
      // Let client code paint (polls, deferred panels) before checking.
      await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
      const background = await backgroundOf(page);
      expect(background, `${label} background`).toBe(scheme === "light" ? "rgb(245, 247, 250)" : "rgb(7, 9, 13)");
      for (const violation of await seriousViolations(page)) failures.push(`${label} (${scheme}): ${violation}`);
      if (label === "Overview")
        await page.screenshot({ path: test.info().outputPath(`overview-${scheme}.png`), fullPage: false });
    }
    expect(failures).toEqual([]);
  });
}

test("the theme menu pins light or dark over the system preference, remembered across reloads", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/stages?region=us-east-1");
  const theme = page.getByLabel("Theme");
  await expect(theme).toBeEnabled();
  await expect(theme).toHaveValue("system");
  await theme.selectOption("light");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await backgroundOf(page)).toBe("rgb(245, 247, 250)");
  await page.reload();
  // Applied before the first paint (no flash of the dark theme), and the menu remembers it.
  expect(await backgroundOf(page)).toBe("rgb(245, 247, 250)");
  await expect(page.getByLabel("Theme")).toHaveValue("light");
  await page.getByLabel("Theme").selectOption("system");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", /.+/);
  expect(await backgroundOf(page)).toBe("rgb(7, 9, 13)");
});

test.describe("time zones", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("times show their zone, switch between UTC and local (remembered), and the audit filter takes ISO dates", async ({
    page,
  }) => {
    await page.goto("/admin/users?region=us-east-1");
    const adminRow = page.getByRole("row").filter({ hasText: "admin" }).first();
    await expect(adminRow.locator("time")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);

    await page.getByLabel("Times").selectOption("local");
    await expect(adminRow.locator("time")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\+05:30$/);
    await page.goto("/audit?region=us-east-1");
    const firstTime = page.getByTestId("audit-row").first().locator("time");
    await expect(firstTime).toHaveText(/UTC\+05:30$/, { timeout: 15_000 });
    await expect(page.getByLabel("Times")).toHaveValue("local");

    // ISO dates in, ISO dates kept; a US-style date is refused with a message.
    const from = page.getByLabel("From (UTC)");
    await expect(from).toHaveAttribute("placeholder", "YYYY-MM-DD HH:mm");
    await from.fill("2020-01-01");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/from=2020-01-01/);
    await expect(page.getByLabel("From (UTC)")).toHaveValue("2020-01-01");
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    await page.getByLabel("From (UTC)").fill("12/01/2026");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("Not a date: use YYYY-MM-DD or YYYY-MM-DD HH:mm.")).toBeVisible();

    await page.getByLabel("Times").selectOption("utc");
    await page.goto("/audit?region=us-east-1");
    await expect(page.getByTestId("audit-row").first().locator("time")).toHaveText(/ UTC$/);
  });

  test("audit targets stay on one line", async ({ page }) => {
    // An audited change with a target ARN (CreateStage through the UI).
    const name = unique("ux-audit");
    await page.goto("/stages?region=us-east-1");
    await page.getByRole("button", { name: "Create stage" }).click();
    const dialog = page.getByRole("dialog", { name: "Create stage" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create stage" }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible({ timeout: 15_000 });
    await page.goto("/audit?region=us-east-1&operation=CreateStage");
    await expect(page.getByTestId("audit-row").first()).toContainText(/stage\//);
    const rows = page.getByTestId("audit-row");
    await expect(rows.first()).toBeVisible();
    const heights = await rows.evaluateAll((list) =>
      list.slice(0, 30).map((row) => row.getBoundingClientRect().height),
    );
    expect(Math.max(...heights)).toBeLessThan(60);
  });
});
