import { expect, test } from "./support/auth";
import { createStage, join, region, startComposition, unique } from "./support/ux";

/**
 * Issue 17, item 10: the composition page's state timeline shows when each change happened, from the stored
 * EventBridge composition events (Session Start, Destination Start…), and says plainly "first seen by this page"
 * when there is no event to go by.
 */
interface ApiEvent {
  eventName: string;
  state: string;
  time: string;
  subject: string;
}

test("the state timeline carries the EventBridge events' own times", async ({ page, request, browser }) => {
  test.setTimeout(60_000);
  const stageArn = await createStage(unique("ux2-times"));
  await join(request, stageArn, unique("ux2-pub"));
  const compositionArn = await startComposition(stageArn);
  await page.goto(`/compositions/${encodeURIComponent(compositionArn)}?region=${region}`);

  const section = page.getByRole("region", { name: "State timeline" });
  const list = section.getByRole("list", { name: "State changes" });
  const sessionStart = list.getByRole("listitem").filter({ hasText: "Session Start" });
  await expect(sessionStart).toBeVisible({ timeout: 30_000 });
  await expect(list.getByRole("listitem").filter({ hasText: "Destination Start" })).toBeVisible({ timeout: 30_000 });
  await expect(section.getByTestId("timeline-times")).toContainText(
    "when each change happened, from the composition's EventBridge events",
  );

  // The time shown is the event's own time, as the console stored it (not when the page loaded).
  const answer = await page.request.get(
    `/api/compositions/events?arn=${encodeURIComponent(compositionArn)}&region=${region}`,
  );
  expect(answer.status()).toBe(200);
  const { events } = (await answer.json()) as { events: ApiEvent[] };
  const start = events.find((e) => e.eventName === "Session Start");
  expect(start?.state).toBe("ACTIVE");
  await expect(sessionStart.locator("time")).toHaveAttribute("datetime", start?.time ?? "missing");
  await expect(sessionStart).not.toContainText("first seen by this page");

  // Signed-out callers get nothing.
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const refused = await anonymous.request.get(`/api/compositions/events?arn=${encodeURIComponent(compositionArn)}`);
  expect(refused.status()).toBe(401);
  await anonymous.close();
});

test("without events, the times are labelled as first seen by this page", async ({ page, request }) => {
  test.setTimeout(60_000);
  const stageArn = await createStage(unique("ux2-times-none"));
  await join(request, stageArn, unique("ux2-pub"));
  const compositionArn = await startComposition(stageArn);
  // As when EventBridge is not wired: the console has no event for this composition.
  await page.route("**/api/compositions/events?**", (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ events: [] }) }),
  );
  await page.goto(`/compositions/${encodeURIComponent(compositionArn)}?region=${region}`);
  const section = page.getByRole("region", { name: "State timeline" });
  const first = section.getByRole("list", { name: "State changes" }).getByRole("listitem").first();
  await expect(first).toContainText("first seen by this page", { timeout: 30_000 });
  await expect(section.getByTestId("timeline-times")).toContainText(
    "No EventBridge event for this composition yet: the times are when this page first saw each state",
  );
});
