import { randomUUID } from "node:crypto";
import { createRule, openAlerts, withWebhook } from "./support/alerts";
import { expect, test } from "./support/auth";
import { control } from "./support/control";
import { createStageInUi } from "./support/stages";

// Alerts: rules evaluated on the server from the observation store, a notification center pushed live, signed
// webhooks to a receiver started here, acknowledgement by operators and up, and refusals of bad input and roles.
const eventsApiKey = "e2e-eventbridge-key-7Hq2";

test("a participant error fires the matching alert: on screen and at the webhook (signed), acknowledged in the UI, resolved when it clears", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await withWebhook(page, "receiver", async (hook, secret) => {
    const suffix = Date.now().toString(36);
    // The secret is never sent back to the browser.
    expect(await page.content()).not.toContain(secret);

    const stageName = `alerts-${suffix}`;
    const ruleName = `Bitrate on ${stageName}`;
    await createRule(page, {
      name: ruleName,
      scopeNames: stageName,
      window: "20",
      holdDown: "5",
      threshold: "1",
      codes: "BITRATE_EXCEEDED",
    });
    await expect(page.getByRole("table", { name: "Alert rules" })).toContainText(ruleName);

    await createStageInUi(page, stageName);
    const stageArn = decodeURIComponent(page.url().split("/stages/")[1]?.split("?")[0] ?? "");
    const joined = await control("POST", "participants/join", { stageArn, userId: "alert-host", publish: true });
    const participantId = String(joined.participantId);

    await openAlerts(page);
    await control("POST", `participants/${participantId}/fail`, {
      stageArn,
      event: "PUBLISH_ERROR",
      errorCode: "BITRATE_EXCEEDED",
    });

    // On screen by push, without a reload.
    const row = page.getByRole("row").filter({ hasText: ruleName });
    await expect(row).toContainText("firing", { timeout: 20_000 });
    await expect(row).toContainText("BITRATE_EXCEEDED");
    await expect(page.getByRole("link", { name: /^Alerts: [1-9]\d* firing/ })).toBeVisible();
    const evidence = row.getByRole("link", { name: /Evidence: participant timeline/ });
    await expect(evidence).toHaveAttribute(
      "href",
      new RegExp(`/participants/${participantId}\\?region=us-east-1&from=\\d+&to=\\d+`),
    );

    await expect
      .poll(() => hook.received.filter((r) => r.alert.ruleName === ruleName && r.type === "alert.fired").length, {
        timeout: 15_000,
      })
      .toBe(1);
    const fired = hook.received.find((r) => r.alert.ruleName === ruleName);
    expect(fired?.signatureOk).toBe(true);
    expect(fired?.alert.evidenceUrl).toContain(`/participants/${participantId}`);

    await row.getByRole("button", { name: /Acknowledge alert/ }).click();
    await expect(row).toContainText("acknowledged", { timeout: 10_000 });
    await expect(row).toContainText("admin");
    await expect
      .poll(
        () =>
          hook.received.some(
            (r) =>
              r.alert.ruleName === ruleName &&
              r.type === "alert.acknowledged" &&
              r.alert.acknowledgedBy === "admin" &&
              r.signatureOk,
          ),
        { timeout: 15_000 },
      )
      .toBe(true);

    // The error leaves the 20 s window, then 5 s of hold-down: resolved, on screen and at the webhook.
    await page.getByLabel("State").selectOption("resolved");
    await expect(page.getByRole("row").filter({ hasText: ruleName })).toContainText("resolved", { timeout: 60_000 });
    await expect
      .poll(
        () => hook.received.some((r) => r.alert.ruleName === ruleName && r.type === "alert.resolved" && r.signatureOk),
        { timeout: 15_000 },
      )
      .toBe(true);
    // One alert for the rule and subject, however often it was evaluated.
    expect(new Set(hook.received.filter((r) => r.alert.ruleName === ruleName).map((r) => r.alert.id)).size).toBe(1);
  });
});

async function pushEvent(baseURL: string, detailType: string, resources: string[], detail: Record<string, unknown>) {
  const response = await fetch(`${baseURL}/api/events/eventbridge`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": eventsApiKey },
    body: JSON.stringify({
      version: "0",
      id: randomUUID(),
      "detail-type": detailType,
      source: "aws.ivs",
      account: "123456789012",
      time: new Date().toISOString(),
      region: "us-east-1",
      resources,
      detail,
    }),
  });
  expect(response.status).toBeLessThan(300);
}

test("a destination RECONNECTING and a recording start failure pushed by EventBridge fire the default rules; the destination's alert resolves when it is ACTIVE again", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const id = Date.now().toString(36);
  // A real stage and participant for the recording event (the collector reads what an event names).
  await createStageInUi(page, `rec-${id}`);
  const stageArn = decodeURIComponent(page.url().split("/stages/")[1]?.split("?")[0] ?? "");
  const joined = await control("POST", "participants/join", { stageArn, userId: "rec-host", publish: true });
  const compositionArn = `arn:aws:ivs:us-east-1:123456789012:composition/${id.padEnd(12, "x").slice(0, 12)}`;
  await page.goto("/alerts?region=us-east-1");
  await expect(page.getByRole("status", { name: "Live updates" })).toHaveText("Live: push", { timeout: 20_000 });
  await pushEvent(baseURL ?? "", "IVS Composition State Change", [compositionArn], {
    event_name: "Destination Reconnecting",
    stage_arn: stageArn,
    destination_id: `d-${id}`,
  });
  const row = page.getByRole("row").filter({ hasText: `destination d-${id}` });
  await expect(row).toContainText("firing", { timeout: 15_000 });
  await expect(row).toContainText("RECONNECTING");
  await expect(row.getByRole("link", { name: "Evidence: composition" })).toHaveAttribute(
    "href",
    `/compositions/${encodeURIComponent(compositionArn)}?region=us-east-1`,
  );

  await pushEvent(baseURL ?? "", "IVS Participant Recording State Change", [stageArn], {
    event_name: "Recording Start Failure",
    session_id: String(joined.sessionId),
    participant_id: String(joined.participantId),
    event_time: new Date().toISOString(),
  });
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: `recording start failure for participant ${String(joined.participantId)}` }),
  ).toContainText("firing", { timeout: 15_000 });

  await pushEvent(baseURL ?? "", "IVS Composition State Change", [compositionArn], {
    event_name: "Destination Start",
    stage_arn: stageArn,
    destination_id: `d-${id}`,
  });
  // Hold-down of the default rule: 15 s.
  await expect(row).toContainText("resolved", { timeout: 40_000 });
});

test("bad rules and bad webhook URLs are refused with field messages and change nothing", async ({ page }) => {
  await page.goto("/alerts/rules?region=us-east-1");
  const rulesBefore = await page.getByRole("table", { name: "Alert rules" }).getByRole("row").count();
  const form = await createRule(page, {
    name: "bad rule",
    scopeNames: "",
    window: "-5",
    codes: "BITRATE_EXCEEDED, NOT_A_CODE",
  });
  await expect(form.getByText("The rule was not saved")).toBeVisible();
  await expect(form).toContainText('Unknown error code "NOT_A_CODE"');
  await expect(form).toContainText("never negative");
  await expect(form).toContainText("empty scope");
  await page.reload();
  await expect(page.getByRole("table", { name: "Alert rules" }).getByRole("row")).toHaveCount(rulesBefore);
  await expect(page.getByRole("table", { name: "Alert rules" })).not.toContainText("bad rule");

  await page.goto("/alerts/webhooks?region=us-east-1");
  const hooksBefore = await page.getByRole("table", { name: "Webhooks" }).getByRole("row").count();
  for (const [url, message] of [
    ["ftp://hooks.example.com/x", "starts with https://"],
    ["http://hooks.example.com/x", "Use https://"],
    ["https://ops:hunter2@hooks.example.com/x", "no user name or password"],
    ["not a url", "Enter a full URL"],
  ] as const) {
    if (!(await page.getByRole("form", { name: "New webhook" }).isVisible()))
      await page.getByRole("button", { name: "Add webhook" }).click();
    const hookForm = page.getByRole("form", { name: "New webhook" });
    await hookForm.getByLabel("Name", { exact: true }).fill("bad hook");
    await hookForm.getByLabel("URL").fill(url);
    await hookForm.getByLabel("Signing secret").fill("a-long-enough-secret-123");
    await hookForm.getByRole("button", { name: "Add webhook" }).click();
    await expect(hookForm).toContainText(message);
  }
  await page.reload();
  await expect(page.getByRole("table", { name: "Webhooks" }).getByRole("row")).toHaveCount(hooksBefore);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("a viewer sees alerts and rules but cannot edit rules, manage webhooks or acknowledge", async ({
    page,
    baseURL,
  }) => {
    await page.goto("/alerts?region=us-east-1");
    await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Acknowledge/ })).toHaveCount(0);
    await page.goto("/alerts/rules?region=us-east-1");
    await expect(page.getByRole("table", { name: "Alert rules" })).toContainText("Publisher limit reached");
    await expect(page.getByRole("button", { name: "New rule" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Edit / })).toHaveCount(0);
    await page.goto("/alerts/webhooks?region=us-east-1");
    await expect(page.getByText("Only admins can open this page")).toBeVisible();
    const cookies = await page.context().cookies();
    const response = await fetch(`${baseURL}/api/alerts/deliveries`, {
      headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    });
    expect(response.status).toBe(403);
  });
});
