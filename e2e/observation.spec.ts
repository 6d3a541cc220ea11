import { expect, test, type Page } from "@playwright/test";
import { control } from "./support/control";
import { createStageInUi } from "./support/stages";

// Observe once, show everywhere: the collector keeps a live session in the store, the page says how complete it
// is, and changes made in the emulator reach an open page by push (Server-Sent Events), without a reload.

const stageArnOf = (page: Page) => decodeURIComponent(page.url().split("/stages/")[1]?.split("?")[0] ?? "");

async function liveSession(page: Page, prefix: string, guests: number) {
  await createStageInUi(page, `${prefix}-${Date.now().toString(36)}`);
  const stageArn = stageArnOf(page);
  const joined = await Promise.all(
    Array.from({ length: guests }, (_, i) =>
      control("POST", "participants/join", { stageArn, userId: `${prefix}-guest-${i}`, publish: i === 0 }),
    ),
  );
  const sessionId = String(joined[0]?.sessionId ?? "");
  return { stageArn, sessionId, joined };
}

test("a session page says when its observation is complete, and a change made in the emulator appears by push", async ({
  page,
}) => {
  const { stageArn, sessionId } = await liveSession(page, "push", 3);
  await page.goto(`/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}?region=us-east-1`);
  await expect(page.getByRole("status", { name: "Live updates" })).toHaveText("Live: push", { timeout: 20_000 });
  await expect(page.getByRole("status", { name: "Session observation" })).toContainText("Complete", {
    timeout: 20_000,
  });
  await expect(page.getByText("3 shown · 3 connected · 3 loaded")).toBeVisible();

  // A marker that a reload would wipe.
  await page.evaluate(() => Object.assign(window, { __noReload: true }));
  await control("POST", "participants/join", { stageArn, userId: "push-late", publish: true });
  // While the stream is open, polls only reconcile every 30 s: within 10 s, only push can bring the row.
  const row = page.getByRole("row").filter({ hasText: "push-late" });
  await expect(row).toContainText("CONNECTED", { timeout: 10_000 });
  await expect(row).toContainText("yes");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await expect(page.getByRole("status", { name: "Session observation" })).toContainText("Complete", {
    timeout: 20_000,
  });
});

test("an event reaches an open participant timeline by push", async ({ page }) => {
  const { stageArn, sessionId, joined } = await liveSession(page, "tl", 1);
  const participantId = String(joined[0]?.participantId ?? "");
  await page.goto(
    `/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}/participants/${participantId}?region=us-east-1`,
  );
  await expect(page.getByRole("status", { name: "Live updates" })).toHaveText("Live: push", { timeout: 20_000 });
  const loaded = page.getByTestId("events-loaded");
  await expect(loaded).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("listbox", { name: /Events in the window/ })).toContainText(/Publish started/i, {
    timeout: 15_000,
  });
  await control("POST", `participants/${participantId}/unpublish`, { stageArn });
  await expect(page.getByRole("listbox", { name: /Events in the window/ })).toContainText(/Publish stopped/i, {
    timeout: 10_000,
  });
});

test("when the push stream is down, the page says it polls, and it connects by itself once it can", async ({
  page,
}) => {
  const { stageArn, sessionId } = await liveSession(page, "drop", 1);
  // The stream cannot connect: the page must fall back to polling and keep trying with backoff.
  await page.route("**/api/live?**", (route) => route.abort("connectionreset"));
  await page.goto(`/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}?region=us-east-1`);
  const mode = page.getByRole("status", { name: "Live updates" });
  await expect(mode).toHaveText("Live: polling", { timeout: 20_000 });
  // Polling still shows the session.
  await expect(page.getByRole("row").filter({ hasText: "drop-guest-0" })).toContainText("CONNECTED", {
    timeout: 20_000,
  });
  await page.unroute("**/api/live?**");
  await expect(mode).toHaveText("Live: push", { timeout: 45_000 });
});

test("the push stream and the EventBridge endpoint refuse requests without credentials", async ({ baseURL }) => {
  // Plain fetch: no session cookie.
  const stream = await fetch(`${baseURL}/api/live?region=us-east-1`, { signal: AbortSignal.timeout(10_000) });
  expect(stream.status).toBe(401);
  const post = (headers: Record<string, string>) =>
    fetch(`${baseURL}/api/events/eventbridge`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ id: "x", source: "aws.ivs" }),
      signal: AbortSignal.timeout(10_000),
    });
  const noKey = await post({});
  expect(noKey.status).toBe(401);
  expect(await noKey.json()).toMatchObject({ error: { code: "Unauthenticated" } });
  expect((await post({ "x-api-key": "nope" })).status).toBe(401);
});
