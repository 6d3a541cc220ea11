// `npm run bench -- alerts`: time from an incident in the emulator to the alert on screen and at a webhook, and
// the cost of evaluating 200 rules over the demo world's observation store.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateStageCommand, IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import { defaultRules, type AlertRule, type AlertRuleBody } from "@/lib/alerts/rules";
import { createAlertEngine } from "@/server/alerts/engine";
import { createFactsReader } from "@/server/alerts/facts";
import { createAlertsStore } from "@/server/alerts/store";
import { openDatabase } from "@/server/db/database";
import { runnerOf } from "@/server/db/raw";
import { freePort, launchChromium, signIn, startEmulator, startSignedInConsole, type Child } from "./processes";
import { fmt, median, percentile } from "./stats";

const region = "us-east-1";
const eventsKey = "bench-alerts-eventbridge-key";
const incidents = Number(process.env.BENCH_ALERT_INCIDENTS ?? 12);

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
  const emulator = await startEmulator([
    "--world",
    "demo",
    "--quotas",
    "realistic",
    "--allowed-origin",
    `http://127.0.0.1:${consolePort}`,
    "--eventbridge-target",
    `http://127.0.0.1:${consolePort}/api/events/eventbridge`,
    "--eventbridge-api-key",
    eventsKey,
  ]);
  const children: Child[] = [emulator];
  const received = new Map<string, number>();
  const hook = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += String(chunk)));
    request.on("end", () => {
      const parsed = JSON.parse(body) as { type: string; alert: { summary: string } };
      const name = /bench-alert-\d+/.exec(parsed.alert.summary)?.[0];
      if (parsed.type === "alert.fired" && name && !received.has(name)) received.set(name, Date.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const browser = await launchChromium();
  try {
    // Stages of the bench's own (so each incident is a new subject), created with the official SDK.
    const ivs = new IVSRealTimeClient({
      region,
      endpoint: emulator.url,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const stages: { name: string; arn: string }[] = [];
    for (let i = 0; i < incidents; i++) {
      const name = `bench-alert-${i}`;
      const created = await ivs.send(new CreateStageCommand({ name }));
      stages.push({ name, arn: created.stage?.arn ?? "" });
    }
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
      await seed.saveRule(
        undefined,
        {
          name: "Bench: BITRATE_EXCEEDED",
          kind: "errorRate",
          enabled: true,
          severity: "critical",
          scope: { kind: "names", names: stages.map((s) => s.name) },
          holdDownSeconds: 0,
          codes: ["BITRATE_EXCEEDED"],
          threshold: 1,
          windowSeconds: 600,
        },
        "bench",
      );
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
    const screen: number[] = [];
    const webhook: number[] = [];
    for (const stage of stages) {
      const joined = await control(emulator.url, "participants/join", {
        stageArn: stage.arn,
        userId: `${stage.name}-host`,
        publish: true,
      });
      await new Promise((resolve) => setTimeout(resolve, 3000)); // the new session is listed, as in a real show
      const started = Date.now();
      await control(emulator.url, `participants/${String(joined.participantId)}/fail`, {
        stageArn: stage.arn,
        event: "PUBLISH_ERROR",
        errorCode: "BITRATE_EXCEEDED",
      });
      await page.waitForFunction(
        (name) =>
          Array.from(document.querySelectorAll("table"))
            .filter((table) => table.caption?.textContent === "Alerts")
            .flatMap((table) => Array.from(table.rows))
            .some((row) => row.textContent?.includes(`${name}:`)),
        stage.name,
        { timeout: 60_000, polling: 50 },
      );
      screen.push(Date.now() - started);
      const deadline = Date.now() + 60_000;
      while (!received.has(stage.name) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const at = received.get(stage.name);
      if (at !== undefined) webhook.push(at - started);
    }
    lines.push(
      `  incident (PUBLISH_ERROR via the control API) → alert row on /alerts (push), ${screen.length} incidents: p50 ${fmt(median(screen) / 1000, 2)} s, p95 ${fmt(percentile(screen, 95) / 1000, 2)} s (target p95 ≤ 5 s)`,
    );
    lines.push(
      `  incident → signed webhook received, ${webhook.length} incidents: p50 ${fmt(median(webhook) / 1000, 2)} s, p95 ${fmt(percentile(webhook, 95) / 1000, 2)} s`,
    );

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
