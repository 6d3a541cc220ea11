// `npm run bench -- alerts`: time from an incident in the emulator to the alert on screen and at a webhook, and
// the cost of evaluating 200 rules over the demo world's observation store.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateStageCommand, CreateStorageConfigurationCommand, IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import { defaultRules, type AlertRule, type AlertRuleBody } from "@/lib/alerts/rules";
import { createAlertEngine } from "@/server/alerts/engine";
import { createFactsReader } from "@/server/alerts/facts";
import { createAlertsStore } from "@/server/alerts/store";
import { openDatabase } from "@/server/db/database";
import { runnerOf } from "@/server/db/raw";
import { freePort, launchChromium, signIn, startDemoEmulatorFor, startSignedInConsole, type Child } from "./processes";
import { fmt, median, percentile } from "./stats";

const region = "us-east-1";
const eventsKey = "bench-alerts-eventbridge-key";
const incidents = Number(process.env.BENCH_ALERT_INCIDENTS ?? 8);
const kinds = ["publish", "subscribe", "recording", "session"] as const;
type Kind = (typeof kinds)[number];
const kindLabels: Record<Kind, string> = {
  publish: "PUBLISH_ERROR BITRATE_EXCEEDED (EventBridge pushes it, with its code)",
  subscribe: "SUBSCRIBE_ERROR PUBLISHER_NOT_FOUND (no EventBridge event: ListParticipantEvents only)",
  recording: "participant recording start failure (EventBridge Participant Recording State Change)",
  session: "session started on a watched stage (ListStages)",
};

async function control(base: string, path: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/_emulator/${path}`, {
    method: "POST",
    headers: { authorization: "Bearer test:test", "content-type": "application/json" },
    body: JSON.stringify({ region, ...body }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** 200 rules: the defaults' kinds with varied thresholds and scopes (all, by tag, by name). */
function manyRules(count: number): AlertRule[] {
  const scopes: AlertRuleBody["scope"][] = [
    { kind: "all" },
    { kind: "tag", key: "event", value: "spring-finals" },
    { kind: "names", names: ["esports-finals", "town-hall", "morning-show"] },
    { kind: "tag", key: "team", value: "studio" },
  ];
  return Array.from({ length: count }, (_, i) => {
    const base = defaultRules[i % defaultRules.length] as AlertRuleBody;
    const scope = scopes[i % scopes.length] ?? { kind: "all" };
    const body = {
      ...base,
      name: `${base.name} #${i}`,
      scope,
      ...("windowSeconds" in base ? { windowSeconds: 60 * (1 + (i % 30)) } : {}),
    } as AlertRuleBody;
    return { id: i + 1, body, updatedAt: "", updatedBy: null };
  });
}

export async function benchAlerts(): Promise<string[]> {
  const lines = [
    "alerts: demo world (realistic quotas), production console with its collector and EventBridge push; one webhook receiver",
  ];
  const consolePort = await freePort();
  const emulator = await startDemoEmulatorFor(consolePort, eventsKey);
  const children: Child[] = [emulator];
  const received = new Map<string, number>();
  const hook = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += String(chunk)));
    request.on("end", () => {
      const parsed = JSON.parse(body) as { type: string; alert: { summary: string } };
      const name = /bench-alert-[a-z]+-\d+/.exec(parsed.alert.summary)?.[0];
      if (parsed.type === "alert.fired" && name && !received.has(name)) received.set(name, Date.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const browser = await launchChromium();
  try {
    // Stages of the bench's own (so each incident is a new subject), created with the official SDK: one set per
    // incident kind, the recording ones with individual participant recording.
    const ivs = new IVSRealTimeClient({
      region,
      endpoint: emulator.url,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const storage = await ivs.send(new CreateStorageConfigurationCommand({ s3: { bucketName: "bench-recordings" } }));
    const stages = new Map<Kind, { name: string; arn: string }[]>();
    for (const kind of kinds) {
      const list: { name: string; arn: string }[] = [];
      for (let i = 0; i < incidents; i++) {
        const name = `bench-alert-${kind}-${i}`;
        const created = await ivs.send(
          new CreateStageCommand({
            name,
            ...(kind === "recording"
              ? {
                  autoParticipantRecordingConfiguration: {
                    storageConfigurationArn: storage.storageConfiguration?.arn ?? "",
                  },
                }
              : {}),
          }),
        );
        list.push({ name, arn: created.stage?.arn ?? "" });
      }
      stages.set(kind, list);
    }
    const namesOf = (kind: Kind) => (stages.get(kind) ?? []).map((stage) => stage.name);
    // The console's database before its first start: defaults, one webhook, and a rule on the bench stages.
    const server = await (async () => {
      const { mkdtempSync } = await import("node:fs");
      const { tmpdir } = await import("node:os");
      const { join } = await import("node:path");
      const dbPath = join(mkdtempSync(join(tmpdir(), "control-room-bench-alerts-")), "console.db");
      const seedDb = await openDatabase({ path: dbPath });
      const seed = createAlertsStore(async () => seedDb);
      await seed.seedDefaults();
      await seed.saveWebhook({
        name: "bench receiver",
        url: hookUrl,
        format: "json",
        secret: "bench-signing-secret-0123456789",
        enabled: true,
      });
      const common = { enabled: true, severity: "critical", holdDownSeconds: 0 } as const;
      const benchRules: AlertRuleBody[] = [
        {
          ...common,
          name: "Bench: BITRATE_EXCEEDED",
          kind: "errorRate",
          scope: { kind: "names", names: namesOf("publish") },
          codes: ["BITRATE_EXCEEDED"],
          threshold: 1,
          windowSeconds: 600,
        },
        {
          ...common,
          name: "Bench: PUBLISHER_NOT_FOUND",
          kind: "errorRate",
          scope: { kind: "names", names: namesOf("subscribe") },
          codes: ["PUBLISHER_NOT_FOUND"],
          threshold: 1,
          windowSeconds: 600,
        },
        {
          ...common,
          name: "Bench: recording",
          kind: "recordingFailure",
          scope: { kind: "names", names: namesOf("recording") },
          which: ["start"],
          windowSeconds: 600,
        },
        {
          ...common,
          name: "Bench: session",
          kind: "session",
          scope: { kind: "names", names: namesOf("session") },
          events: ["started"],
          windowSeconds: 600,
        },
      ];
      for (const rule of benchRules) await seed.saveRule(undefined, rule, "bench");
      await seedDb.close();
      return startSignedInConsole(
        emulator.url,
        {
          CONSOLE_EVENTS_API_KEY: eventsKey,
          CONSOLE_OBSERVE_REGIONS: region,
          CONSOLE_DB_PATH: dbPath,
          CONSOLE_WEBHOOK_ALLOW_PRIVATE: "1",
        },
        consolePort,
      ).then((child) => ({ ...child, dbPath }));
    })();
    children.push(server);
    const page = await browser.newPage();
    await signIn(page, server.url);
    await page.goto(`${server.url}/alerts?region=${region}&state=firing`);
    await page
      .getByRole("status", { name: "Live updates" })
      .filter({ hasText: "Live: push" })
      .waitFor({ timeout: 60_000 });

    // Let the collector see the demo world before measuring (a console that just started is catching up).
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    const onScreen = (name: string) =>
      page.waitForFunction(
        (stageName) =>
          Array.from(document.querySelectorAll("table"))
            .filter((table) => table.caption?.textContent === "Alerts")
            .flatMap((table) => Array.from(table.rows))
            .some((row) => row.textContent?.includes(`${stageName}:`)),
        name,
        { timeout: 90_000, polling: 50 },
      );
    const join = (stageArn: string, userId: string, publish: boolean) =>
      control(emulator.url, "participants/join", { stageArn, userId, publish });
    const listed = () => new Promise((resolve) => setTimeout(resolve, 3000)); // the session is listed, as in a show
    /** Causes one incident on the stage; resolves with when it happened (epoch ms). */
    const incident: Record<Kind, (stage: { name: string; arn: string }) => Promise<number>> = {
      publish: async (stage) => {
        const host = await join(stage.arn, `${stage.name}-host`, true);
        await listed();
        const at = Date.now();
        await control(emulator.url, `participants/${String(host.participantId)}/fail`, {
          stageArn: stage.arn,
          event: "PUBLISH_ERROR",
          errorCode: "BITRATE_EXCEEDED",
        });
        return at;
      },
      subscribe: async (stage) => {
        const host = await join(stage.arn, `${stage.name}-host`, true);
        const guest = await join(stage.arn, `${stage.name}-guest`, false);
        await listed();
        const at = Date.now();
        await control(emulator.url, `participants/${String(guest.participantId)}/fail`, {
          stageArn: stage.arn,
          event: "SUBSCRIBE_ERROR",
          errorCode: "PUBLISHER_NOT_FOUND",
          targetParticipantId: String(host.participantId),
        });
        return at;
      },
      recording: async (stage) => {
        const host = await join(stage.arn, `${stage.name}-host`, true);
        await listed();
        const at = Date.now();
        await control(emulator.url, "recordings/fail", {
          stageArn: stage.arn,
          participantId: String(host.participantId),
          which: "start",
        });
        // STARTING now, FAILED a second later. Wall time: the demo world's clock lags it by its build time.
        return at + 1000;
      },
      session: async (stage) => {
        const at = Date.now();
        await join(stage.arn, `${stage.name}-host`, false);
        return at;
      },
    };
    const results: { kind: Kind; screen: number[]; webhook: number[] }[] = [];
    const misses = new Map<Kind, number>();
    for (const kind of kinds) {
      const screen: number[] = [];
      const webhook: number[] = [];
      for (const stage of stages.get(kind) ?? []) {
        const started = await incident[kind](stage);
        // An alert later than 90 s is a miss: counted and shown, and the other incidents are still measured.
        const shown = await onScreen(stage.name).then(
          () => true,
          () => false,
        );
        if (shown) screen.push(Date.now() - started);
        else misses.set(kind, (misses.get(kind) ?? 0) + 1);
        const deadline = Date.now() + 60_000;
        while (!received.has(stage.name) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20));
        const at = received.get(stage.name);
        if (at !== undefined) webhook.push(at - started);
      }
      results.push({ kind, screen, webhook });
    }
    const stat = (values: number[]) =>
      `p50 ${fmt(median(values) / 1000, 2)} s, p95 ${fmt(percentile(values, 95) / 1000, 2)} s, max ${fmt(Math.max(...values) / 1000, 2)} s`;
    lines.push(`  incident in the emulator (control API) → alert, ${incidents} incidents per kind (target p95 ≤ 5 s):`);
    for (const { kind, screen, webhook } of results) {
      lines.push(`    ${kindLabels[kind]}`);
      const missed = misses.get(kind) ?? 0;
      lines.push(
        `      on screen (/alerts row, by push): ${screen.length ? stat(screen) : "none"}${missed ? `; ${missed} not shown within 90 s` : ""}`,
      );
      lines.push(
        `      at the webhook (signed, received): ${webhook.length ? stat(webhook) : "none"} (${webhook.length} received)`,
      );
    }

    // ---- evaluation cost: 200 rules over the demo world's store (read from the console's database) ----------
    const observed = await openDatabase({ path: server.dbPath });
    const facts = createFactsReader(async () => observed);
    const scratch = await openDatabase({ path: ":memory:" });
    const store = createAlertsStore(async () => scratch);
    const rules = manyRules(200);
    const engine = createAlertEngine({
      store,
      facts,
      now: Date.now,
      publish: () => undefined,
      delivery: { enqueue: () => undefined },
    });
    const scope = { region, profile: "" };
    const rounds: number[] = [];
    let last = await engine.evaluate(scope, rules);
    for (let i = 0; i < 40; i++) {
      last = await engine.evaluate(scope, rules);
      rounds.push(last.ms);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const counts =
      (await runnerOf(observed).get<{ events?: number; participants?: number }>(
        "SELECT (SELECT count(*) FROM obs_events WHERE region = ?) AS events, (SELECT count(*) FROM obs_participants WHERE region = ?) AS participants",
        [region, region],
      )) ?? {};
    lines.push(
      `  evaluation, 200 rules over the demo world (${counts.events ?? 0} events, ${counts.participants ?? 0} participants stored in ${region}; ${last.conditions} conditions, ${(await store.alerts({ state: "open" })).length} open alerts): median ${fmt(median(rounds), 1)} ms, p95 ${fmt(percentile(rounds, 95), 1)} ms per evaluation of the region`,
    );
    await observed.close();
    await scratch.close();
  } finally {
    await browser.close();
    for (const child of children.reverse()) child.stop();
    hook.close();
  }
  return lines;
}
