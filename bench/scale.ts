// Several console instances on PostgreSQL (`npm run bench -- scale`; run `npx next build` first, and have a
// PostgreSQL cluster: BENCH_DATABASE_URL or TEST_DATABASE_URL, e.g. `export TEST_DATABASE_URL=$(scripts/pg-cluster.sh)`).
// In one run, against the real emulator (demo world) and production consoles:
//  1. IVS calls while 50 viewers poll three sessions, spread over 3 instances, against 1 instance with the same
//     viewers (target ≤ 1.1), counted by a proxy in front of the emulator; and the busiest second per operation;
//  2. lease failover: the holder killed (SIGKILL) until another instance holds the lease, and a clean stop (SIGTERM);
//  3. p95 page time, PostgreSQL against SQLite: a live session's page, and the audit search with 100,000 records;
//  4. `npm start`'s first minute (time to ready; sessions and participants in the store 60 s after the start), in
//     this checkout and, when BENCH_BASELINE_DIR names another checkout with its own build (e.g. a git worktree of
//     43b1406 with node_modules), in that one too.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "@/server/db/database";
import { createTestDatabase, leaseHolderPid } from "../e2e/support/cluster";
import { startCountingProxy, type CountingProxy } from "./counting-proxy";
import { freePort, launchChromium, signIn, startEmulator, startSignedInConsole, type Child } from "./processes";
import { fmt, percentile } from "./stats";

const region = "us-east-1";
const clusterUrl = (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "").trim();
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 20);
const viewerSeconds = Number(process.env.BENCH_VIEWER_SECONDS ?? 40);
const auditRows = Number(process.env.BENCH_AUDIT_ROWS ?? 100_000);
const pageSamples = Number(process.env.BENCH_PAGE_SAMPLES ?? 40);

interface Session {
  readonly stageArn: string;
  readonly sessionId: string;
}

async function liveSessions(emulatorUrl: string): Promise<Session[]> {
  const response = await fetch(`${emulatorUrl}/_emulator/state?region=${region}`, {
    headers: { authorization: "Bearer test:test" },
  });
  const state = (await response.json()) as { stages: { arn: string; activeSessionId?: string }[] };
  return state.stages
    .filter((s) => s.activeSessionId)
    .map((s) => ({ stageArn: s.arn, sessionId: s.activeSessionId ?? "" }));
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function cookieOf(base: string): Promise<string> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    await signIn(await context.newPage(), base);
    return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

/** 50 viewers, each on instance `i % n`, poll three store-backed reads of one of three sessions every 3 s. */
async function viewers(urls: readonly string[], cookie: string, sessions: readonly Session[], seconds: number) {
  const stopAt = Date.now() + seconds * 1000;
  let answers = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const s = sessions[i % sessions.length] as Session;
      const base = urls[i % urls.length] ?? "";
      const reads = [
        `/api/ivs/ListParticipants?region=${region}&input=${encodeURIComponent(JSON.stringify({ ...s, maxResults: 100 }))}`,
        `/api/ivs/GetStageSession?region=${region}&input=${encodeURIComponent(JSON.stringify(s))}`,
        `/api/overview?region=${region}`,
      ];
      await sleep(Math.random() * 3000);
      while (Date.now() < stopAt) {
        for (const path of reads) {
          const response = await fetch(`${base}${path}`, { headers: { cookie } }).catch(() => undefined);
          await response?.arrayBuffer();
          if (response?.ok) answers++;
          else failed++;
        }
        await sleep(3000);
      }
    }),
  );
  return { answers, failed };
}

interface Phase {
  readonly total: number;
  readonly perOperation: Map<string, { calls: number; peak: number }>;
  readonly answers: number;
  readonly failed: number;
  readonly failover?: { killedMs: number; stoppedMs: number };
}

/** `n` instances on one fresh database, the same emulator behind a counting proxy, 50 viewers spread over them. */
async function phase(emulatorUrl: string, n: number, measureFailover: boolean): Promise<Phase> {
  const database = await createTestDatabase(clusterUrl);
  const proxy: CountingProxy = await startCountingProxy(emulatorUrl);
  const env = {
    DATABASE_URL: database.url,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    CONSOLE_OBSERVE_REGIONS: region,
  };
  const instances: (Child & { dbPath: string })[] = [];
  try {
    for (let i = 0; i < n; i++) instances.push(await startSignedInConsole(proxy.url, env));
    const cookie = await cookieOf(instances[0]?.url ?? "");
    const sessions = (await liveSessions(emulatorUrl)).slice(0, 3);
    const urls = instances.map((instance) => instance.url);
    // Warm-up (the store's first backfill), then the measured window.
    await viewers(urls, cookie, sessions, warmupSeconds);
    const before = new Map(proxy.operations().map((op) => [op, proxy.calls(op)]));
    const since = Date.now();
    const { answers, failed } = await viewers(urls, cookie, sessions, viewerSeconds);
    const perOperation = new Map<string, { calls: number; peak: number }>();
    let total = 0;
    for (const op of proxy.operations().sort()) {
      const calls = proxy.calls(op) - (before.get(op) ?? 0);
      if (calls === 0) continue;
      total += calls;
      perOperation.set(op, { calls, peak: proxy.peakPerSecond(op, since) });
    }
    let failover: Phase["failover"];
    if (measureFailover) {
      const pidOf = (instance: Child) => instance.process.pid ?? -1;
      const first = await until("a lease holder", () => leaseHolderPid(database));
      const holder = instances.find((instance) => pidOf(instance) === first);
      if (!holder) throw new Error(`the lease holder ${first} is none of the instances`);
      const killedAt = Date.now();
      holder.process.kill("SIGKILL");
      const second = await until(
        "another lease holder",
        async () => {
          const pid = await leaseHolderPid(database);
          return pid !== undefined && pid !== first ? pid : undefined;
        },
        60_000,
      );
      const killedMs = Date.now() - killedAt;
      const next = instances.find((instance) => pidOf(instance) === second);
      const stoppedAt = Date.now();
      next?.process.kill("SIGTERM");
      await until(
        "a third lease holder",
        async () => {
          const pid = await leaseHolderPid(database);
          return pid !== undefined && pid !== first && pid !== second ? pid : undefined;
        },
        60_000,
      );
      failover = { killedMs, stoppedMs: Date.now() - stoppedAt };
    }
    return { total, perOperation, answers, failed, ...(failover ? { failover } : {}) };
  } finally {
    for (const instance of instances) instance.stop();
    await proxy.close();
    await sleep(500);
    await database.drop();
  }
}

/** 100,000 audit records (50 users, 4 operations, mixed outcomes) written straight into the database. */
async function seedAudit(options: { url?: string; path?: string }): Promise<void> {
  const handle = await openDatabase(options);
  try {
    const operations = ["CreateStage", "DeleteStage", "CreateParticipantToken", "DisconnectParticipant"];
    const outcomes = ["success", "success", "success", "failure", "denied"] as const;
    const start = Date.parse("2026-01-01T00:00:00.000Z");
    for (let offset = 0; offset < auditRows; offset += 1000) {
      const rows = Array.from({ length: Math.min(1000, auditRows - offset) }, (_, k) => {
        const i = offset + k;
        return {
          at: new Date(start + i * 30_000).toISOString(),
          username: `user-${i % 50}`,
          role: "operator",
          user_id: null,
          account: "123456789012",
          error_code: null,
          request_id: null,
          ip: null,
          kind: "mutation" as const,
          operation: operations[i % operations.length] ?? "CreateStage",
          target: `arn:aws:ivs:${region}:123456789012:stage/bench${i % 400}`,
          region,
          outcome: outcomes[i % outcomes.length] ?? ("success" as const),
          input: JSON.stringify({ name: `stage-${i}` }),
        };
      });
      await handle.db.insertInto("audit_log").values(rows).execute();
    }
  } finally {
    await handle.close();
  }
}

/** p95 of `samples` sequential GETs of `path` (whole body), after 5 unmeasured ones. */
async function pageP95(base: string, path: string, cookie: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < pageSamples + 5; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { cookie } });
    const body = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    if (i === 0 && body.length < 1000) throw new Error(`${path}: an unexpectedly short page`);
    if (i >= 5) times.push(performance.now() - started);
  }
  return percentile(times, 95);
}

async function pageTimes(emulatorUrl: string): Promise<string[]> {
  const database = await createTestDatabase(clusterUrl);
  const dir = mkdtempSync(join(tmpdir(), "control-room-scale-pages-"));
  const sqlitePath = join(dir, "console.db");
  const seeded = performance.now();
  await seedAudit({ url: database.url });
  await seedAudit({ path: sqlitePath });
  const seedMs = performance.now() - seeded;
  const session = (await liveSessions(emulatorUrl))[0] as Session;
  const paths = {
    session: `/stages/${encodeURIComponent(session.stageArn)}/sessions/${session.sessionId}?region=${region}`,
    audit: `/audit?region=${region}&user=user-7&operation=DeleteStage`,
  };
  const out = new Map<string, { session: number; audit: number }>();
  for (const engine of ["sqlite", "postgres"] as const) {
    const env: Record<string, string> =
      engine === "postgres"
        ? {
            DATABASE_URL: database.url,
            NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
            CONSOLE_OBSERVE_REGIONS: region,
          }
        : { DATABASE_URL: "", CONSOLE_DB_PATH: sqlitePath, CONSOLE_OBSERVE_REGIONS: region };
    const instance = await startSignedInConsole(emulatorUrl, env);
    try {
      const cookie = await cookieOf(instance.url);
      // The session observed (its participants in the store) before timing its page.
      await until("the session in the store", async () => {
        const response = await fetch(
          `${instance.url}/api/ivs/ListParticipants?region=${region}&input=${encodeURIComponent(JSON.stringify(session))}`,
          { headers: { cookie } },
        );
        const body = (await response.json()) as { data?: { participants?: unknown[] } };
        return (body.data?.participants?.length ?? 0) > 0 ? true : undefined;
      });
      out.set(engine, {
        session: await pageP95(instance.url, paths.session, cookie),
        audit: await pageP95(instance.url, paths.audit, cookie),
      });
    } finally {
      instance.stop();
    }
  }
  await sleep(500);
  await database.drop();
  const s = out.get("sqlite");
  const p = out.get("postgres");
  return [
    `  3. p95 page time over ${pageSamples} requests each (one instance; ${auditRows.toLocaleString("en")} audit records, seeded in ${fmt(seedMs / 1000, 1)} s on both engines):`,
    `     session page (live session, from the store)  SQLite ${fmt(s?.session ?? NaN, 0)} ms   PostgreSQL ${fmt(p?.session ?? NaN, 0)} ms   (×${fmt((p?.session ?? NaN) / (s?.session ?? NaN), 2)})`,
    `     audit search (user + operation)              SQLite ${fmt(s?.audit ?? NaN, 0)} ms   PostgreSQL ${fmt(p?.audit ?? NaN, 0)} ms   (×${fmt((p?.audit ?? NaN) / (s?.audit ?? NaN), 2)})`,
  ];
}

/** `npm start` in `dir` (its own build must be up to date): time to ready, and the store 60 s after the start. */
async function firstMinute(dir: string): Promise<{ readyMs: number; sessions: number; participants: number }> {
  const data = mkdtempSync(join(tmpdir(), "control-room-first-minute-"));
  const dbPath = join(data, "console.db");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(await freePort()),
    IVS_EMULATOR_PORT: String(await freePort()),
    CONSOLE_DB_PATH: dbPath,
    CONSOLE_ADMIN_PASSWORD: "bench-admin-password-9Xr2",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL;
  const started = Date.now();
  const child = spawn(process.execPath, ["scripts/start.mjs"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let readyMs = NaN;
  child.stdout?.on("data", (chunk: Buffer) => {
    output += String(chunk);
    if (Number.isNaN(readyMs) && output.includes("Control Room is ready")) readyMs = Date.now() - started;
  });
  child.stderr?.resume();
  try {
    while (Number.isNaN(readyMs)) {
      // A start that builds first measures the build, not the start: build that checkout first.
      if (output.includes("Building the console")) throw new Error(`${dir}: build it first (npx next build)`);
      if (Date.now() - started > 120_000 || child.exitCode !== null) throw new Error(`${dir}: npm start not ready`);
      await sleep(50);
    }
    await sleep(Math.max(0, 60_000 - (Date.now() - started)));
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return { readyMs, sessions: count("obs_sessions"), participants: count("obs_participants") };
    } finally {
      db.close();
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

/** BENCH_SCALE_PARTS=1,2,4 runs some parts only (1 and 2 run together). */
const parts = new Set((process.env.BENCH_SCALE_PARTS ?? "1,2,3,4").split(",").map((part) => part.trim()));

export async function benchScale(): Promise<string[]> {
  if (!clusterUrl) return ["scale: skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL to a PostgreSQL cluster)"];
  const lines = [
    `scale: PostgreSQL (${new URL(clusterUrl).host}), demo world, production consoles; ${warmupSeconds} s warm-up, ${viewerSeconds} s measured`,
  ];
  if (parts.has("1") || parts.has("2") || parts.has("3")) {
    const emulator = await startEmulator(["--world", "demo"]);
    try {
      if (parts.has("1") || parts.has("2")) {
        const one = await phase(emulator.url, 1, false);
        const three = await phase(emulator.url, 3, true);
        lines.push(
          `  1. IVS calls while 50 viewers poll three sessions every 3 s: 1 instance ${one.total}, 3 instances ${three.total} → ×${fmt(three.total / one.total, 2)} (target ≤ 1.1)`,
          `     answers ${one.answers} / ${three.answers}, failed ${one.failed} / ${three.failed}; per operation (1 instance → 3 instances; busiest second):`,
        );
        for (const [op, stats] of three.perOperation)
          lines.push(
            `     ${(op || "CloudWatch (POST /)").padEnd(24)} ${String(one.perOperation.get(op)?.calls ?? 0).padStart(5)} → ${String(stats.calls).padStart(5)}   peak ${one.perOperation.get(op)?.peak ?? 0} → ${stats.peak} in 1 s`,
          );
        if (three.failover)
          lines.push(
            `  2. lease failover: holder killed (SIGKILL) → another holds it in ${fmt(three.failover.killedMs / 1000, 1)} s (lease 15 s, attempts every 3 s; target ≤ 30 s); clean stop (SIGTERM) → ${fmt(three.failover.stoppedMs / 1000, 1)} s`,
          );
      }
      if (parts.has("3")) lines.push(...(await pageTimes(emulator.url)));
    } finally {
      emulator.stop();
    }
  }
  if (parts.has("4")) {
    // Alternating runs, so that a busy moment of the machine does not fall on one side only.
    const baselineDir = process.env.BENCH_BASELINE_DIR;
    const show = (r: { readyMs: number; sessions: number; participants: number }) =>
      `ready in ${fmt(r.readyMs / 1000, 1)} s; after 60 s ${r.sessions} sessions, ${r.participants} participants in the store`;
    lines.push("  4. npm start's first minute (SQLite, demo world, existing build), two runs each, alternating:");
    for (let run = 0; run < 2; run++) {
      lines.push(`     this checkout: ${show(await firstMinute(process.cwd()))}`);
      if (baselineDir) lines.push(`     ${baselineDir}: ${show(await firstMinute(baselineDir))}`);
    }
  }
  return lines;
}
