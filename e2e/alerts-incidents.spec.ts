import { CreateStageCommand, CreateStorageConfigurationCommand, IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import type { Page } from "@playwright/test";
import { createRule, openAlerts, withWebhook, type Receiver } from "./support/alerts";
import { expect, test } from "./support/auth";
import { control, emulatorUrl } from "./support/control";

// Incidents caused through the emulator's control API, one alert kind each: the alert fires on screen (pushed)
// and at a webhook receiver started here (signed), is acknowledged in the UI, and resolves when the condition
// clears. The packet-loss kind reads the metrics store (CloudWatch values 5 s apart, read every 10–30 s), so its
// timeouts follow that cadence.

const ivs = new IVSRealTimeClient({
  endpoint: emulatorUrl,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

/** On screen by push, then acknowledged by the admin (row and webhook), then resolved (row and webhook). */
async function fireAcknowledgeResolve(
  page: Page,
  hook: Receiver,
  ruleName: string,
  expectations: { text: RegExp; fireMs: number; resolveMs: number },
) {
  const row = page.getByRole("row").filter({ hasText: ruleName });
  await expect(row).toContainText("firing", { timeout: expectations.fireMs });
  await expect(row).toContainText(expectations.text);
  await expect.poll(() => hook.of(ruleName, "alert.fired").length, { timeout: 15_000 }).toBe(1);
  expect(hook.of(ruleName, "alert.fired")[0]?.alert.summary).toMatch(expectations.text);

  await row.getByRole("button", { name: /Acknowledge alert/ }).click();
  await expect(row).toContainText("acknowledged", { timeout: 10_000 });
  await expect
    .poll(() => hook.of(ruleName, "alert.acknowledged").some((r) => r.alert.acknowledgedBy === "admin"), {
      timeout: 15_000,
    })
    .toBe(true);

  await page.getByLabel("State").selectOption("resolved");
  await expect(page.getByRole("row").filter({ hasText: ruleName })).toContainText("resolved", {
    timeout: expectations.resolveMs,
  });
  await expect.poll(() => hook.of(ruleName, "alert.resolved").length, { timeout: 15_000 }).toBe(1);
  // One alert for the rule and subject throughout.
  expect(new Set(hook.received.filter((r) => r.alert.ruleName === ruleName).map((r) => r.alert.id)).size).toBe(1);
}

test("sustained packet loss of one participant (a scripted episode) fires the quality rule, is acknowledged and resolves after the episode", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await withWebhook(page, "quality", async (hook) => {
    const id = Date.now().toString(36);
    const stageName = `loss-${id}`;
    const ruleName = `Loss on ${stageName}`;
    await createRule(page, {
      name: ruleName,
      kind: "Packet loss or dropped frames above a level (CloudWatch)",
      scopeNames: stageName,
      holdDown: "5",
      metric: "Packet loss (DownloadPacketLoss)",
      above: "12",
      forSeconds: "15",
      watch: "Each participant",
    });
    await expect(page.getByRole("table", { name: "Alert rules" })).toContainText(ruleName);

    // Per-participant loss exists while the participant publishes and subscribes.
    const { stage } = await ivs.send(new CreateStageCommand({ name: stageName }));
    const stageArn = stage?.arn ?? "";
    const host = await control("POST", "participants/join", { stageArn, userId: "loss-host", publish: true });
    const guest = await control("POST", "participants/join", { stageArn, userId: "loss-guest", publish: true });
    await control("POST", `participants/${String(guest.participantId)}/subscribe`, {
      stageArn,
      targetParticipantId: String(host.participantId),
    });
    await openAlerts(page);
    // 25 % for 100 s: long enough to be read (every 30 s for a session nobody has open) while it lasts.
    const episode = await control("POST", "metrics/episodes", {
      stageArn,
      participantId: String(guest.participantId),
      durationSeconds: 100,
      percent: 25,
    });
    const episodeEnd = Date.parse(String((episode.episode as { end: string }).end));
    await fireAcknowledgeResolve(page, hook, ruleName, {
      text: /packet loss participant loss-guest above 12 % for \d+ s/,
      fireMs: 90_000,
      resolveMs: Math.max(0, episodeEnd - Date.now()) + 90_000,
    });
  });
});

test("a participant recording start failure (control API) fires the recording rule, is acknowledged and resolves when it leaves the window", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await withWebhook(page, "recording", async (hook) => {
    const id = Date.now().toString(36);
    const stageName = `rec-fail-${id}`;
    const ruleName = `Recording on ${stageName}`;
    await createRule(page, {
      name: ruleName,
      kind: "Participant recording start / end failure",
      scopeNames: stageName,
      holdDown: "5",
      window: "20",
      check: ["Start failures"],
    });
    await expect(page.getByRole("table", { name: "Alert rules" })).toContainText(ruleName);

    const { storageConfiguration } = await ivs.send(
      new CreateStorageConfigurationCommand({ s3: { bucketName: "recordings" } }),
    );
    const { stage } = await ivs.send(
      new CreateStageCommand({
        name: stageName,
        autoParticipantRecordingConfiguration: { storageConfigurationArn: storageConfiguration?.arn ?? "" },
      }),
    );
    const stageArn = stage?.arn ?? "";
    const host = await control("POST", "participants/join", { stageArn, userId: "rec-host", publish: true });
    await openAlerts(page);
    await control("POST", "recordings/fail", { stageArn, participantId: String(host.participantId), which: "start" });
    await fireAcknowledgeResolve(page, hook, ruleName, {
      text: new RegExp(`recording start failure for participant ${String(host.participantId)}`),
      fireMs: 20_000,
      // 20 s window, then 5 s of hold-down.
      resolveMs: 60_000,
    });
  });
});
