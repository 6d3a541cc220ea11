// Emulator benchmark: throughput and p99 latency of a mixed read/write workload on loopback, beside a bare
// Node HTTP server doing no work (the limit), interleaved in one run; then the cost of `--state-file`'s journal:
// a write-only workload against the emulator with and without it, side by side. Every server runs in a child
// process; the load generator replays pre-signed requests over keep-alive connections.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent, request } from "node:http";
import { sampleArns } from "@/lib/ivs/samples";
import { signRequest, type WireRequest } from "@/server/emulator/http/testing";
import { createTransport } from "@/server/ivs/transport";
import { fmt, median, percentile } from "./stats";

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 3000);
const rounds = Number(process.env.BENCH_ROUNDS_EMULATOR ?? 3);

async function startChild(
  args: string[],
  ready: RegExp,
): Promise<{ port: number; child: ChildProcess; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let output = "";
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    output += String(chunk);
    const match = ready.exec(output);
    if (match?.[1]) return { port: Number(match[1]), child, exited };
  }
  throw new Error(`child exited before it was ready: ${output}`);
}

function send(agent: Agent, port: number, wire: WireRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: wire.method,
        path: wire.target,
        headers: { ...wire.headers, "content-length": Buffer.byteLength(wire.body) },
        agent,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(wire.body);
  });
}

async function load(port: number, pool: readonly WireRequest[], clients = concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + windowMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const wire = pool[next++ % pool.length];
        if (!wire) break;
        const started = performance.now();
        const status = await send(agent, port, wire);
        latencies.push(performance.now() - started);
        if (status >= 400) errors++;
      }
    }),
  );
  agent.destroy();
  return { rps: latencies.length / (windowMs / 1000), p99: percentile(latencies, 99), errors };
}

/** A mix of reads (70 %) and writes (30 %) against stages that exist. */
async function workload(port: number, stageArns: readonly string[]): Promise<WireRequest[]> {
  const host = `127.0.0.1:${port}`;
  const json = (value: object) => JSON.stringify(value);
  const pool: WireRequest[] = [];
  for (let i = 0; i < 200; i++) {
    const stageArn = stageArns[i % stageArns.length] ?? sampleArns.stage;
    const kind = i % 10;
    const sign = (path: string, body: object) => signRequest({ host, path, body: json(body), region: "us-east-1" });
    if (kind < 4) pool.push(await sign("/GetStage", { arn: stageArn }));
    else if (kind < 6) pool.push(await sign("/ListStages", { maxResults: 20 }));
    else if (kind < 7) pool.push(await sign("/ListStageSessions", { stageArn }));
    else if (kind < 9)
      pool.push(await sign("/CreateParticipantToken", { stageArn, userId: `u${i}`, attributes: { n: String(i) } }));
    else
      pool.push(
        await signRequest({
          host,
          method: "POST",
          path: `/tags/${encodeURIComponent(stageArn)}`,
          body: json({ tags: { [`k${i % 40}`]: "v" } }),
          region: "us-east-1",
        }),
      );
  }
  return pool;
}

/** Writes only: tokens, tags and stage updates (every one waits for the journal with --state-file). */
async function writeWorkload(port: number, stageArns: readonly string[]): Promise<WireRequest[]> {
  const host = `127.0.0.1:${port}`;
  const pool: WireRequest[] = [];
  for (let i = 0; i < 200; i++) {
    const stageArn = stageArns[i % stageArns.length] ?? sampleArns.stage;
    const kind = i % 3;
    if (kind === 0)
      pool.push(
        await signRequest({
          host,
          path: "/CreateParticipantToken",
          body: JSON.stringify({ stageArn, userId: `w${i}` }),
          region: "us-east-1",
        }),
      );
    else if (kind === 1)
      pool.push(
        await signRequest({
          host,
          path: `/tags/${encodeURIComponent(stageArn)}`,
          body: JSON.stringify({ tags: { [`k${i % 40}`]: String(i) } }),
          region: "us-east-1",
        }),
      );
    else
      pool.push(
        await signRequest({
          host,
          path: "/UpdateStage",
          body: JSON.stringify({ arn: stageArn, name: `renamed-${i}` }),
          region: "us-east-1",
        }),
      );
  }
  return pool;
}

async function createStages(port: number, count: number): Promise<string[]> {
  const ivs = createTransport({
    target: (region) => ({ region, endpoint: `http://127.0.0.1:${port}`, isEmulator: true }),
    credentials: () => async () => ({ accessKeyId: "test", secretAccessKey: "test" }),
  });
  const stageArns: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await ivs.call("CreateStage", { name: `bench-${i}` }, { region: "us-east-1" });
    if (created.stage) stageArns.push(created.stage.arn);
  }
  return stageArns;
}

/** Write throughput and p99 with `--state-file` (journal, fdatasync per group commit) against without. */
async function journalCost(): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "ivs-bench-journal-"));
  const args = ["--import", "tsx", "server/emulator/main.ts", "--port", "0", "--quotas", "off"];
  const plain = await startChild(args, /127\.0\.0\.1:(\d+)/);
  const journaled = await startChild([...args, "--state-file", path.join(dir, "world.json")], /127\.0\.0\.1:(\d+)/);
  try {
    const pools = {
      plain: await writeWorkload(plain.port, await createStages(plain.port, 50)),
      journaled: await writeWorkload(journaled.port, await createStages(journaled.port, 50)),
    };
    await load(plain.port, pools.plain); // warm-up
    await load(journaled.port, pools.journaled);
    const lines = [
      `emulator journal cost: writes only (CreateParticipantToken, TagResource, UpdateStage), ${rounds} interleaved ${windowMs / 1000} s windows each; one fdatasync per group commit`,
    ];
    // More concurrent writers share each fsync: the journal's cost per write falls as the load rises.
    for (const clients of [concurrency, concurrency * 4]) {
      const runs = { plain: [] as Run[], journaled: [] as Run[] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 ? (["journaled", "plain"] as const) : (["plain", "journaled"] as const);
        for (const which of order)
          runs[which].push(await load(which === "plain" ? plain.port : journaled.port, pools[which], clients));
      }
      const p = summary(runs.plain);
      const j = summary(runs.journaled);
      lines.push(
        `  ${clients} clients: without --state-file ${fmt(p.rps, 0)} writes/s, p99 ${fmt(p.p99, 2)} ms · with ${fmt(j.rps, 0)} writes/s, p99 ${fmt(j.p99, 2)} ms · ${p.errors + j.errors} errors`,
        `    throughput ratio with/without = ${fmt(j.rps / p.rps, 2)} (target ≥ 0.80)   p99 ratio with/without = ${fmt(j.p99 / p.p99, 2)}`,
      );
    }
    return lines;
  } finally {
    plain.child.kill();
    journaled.child.kill();
    await Promise.all([plain.exited, journaled.exited]);
    rmSync(dir, { recursive: true, force: true });
  }
}

type Run = { rps: number; p99: number; errors: number };
const summary = (runs: Run[]) => ({
  rps: median(runs.map((r) => r.rps)),
  p99: median(runs.map((r) => r.p99)),
  errors: runs.reduce((sum, r) => sum + r.errors, 0),
});

/** Spawn to ready line of `tsx server/emulator/main.ts` (median of 3 starts). */
async function startupMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const child = await startChild(["--import", "tsx", "server/emulator/main.ts", "--port", "0"], /127\.0\.0\.1:(\d+)/);
    times.push(performance.now() - started);
    child.child.kill();
  }
  return median(times);
}

async function mixedWorkload(): Promise<string[]> {
  const startup = await startupMs();
  const emulator = await startChild(
    ["--import", "tsx", "server/emulator/main.ts", "--port", "0", "--quotas", "off"],
    /127\.0\.0\.1:(\d+)/,
  );
  const bare = await startChild(["bench/fixed-server.mjs"], /^(\d+)\s*$/m);
  try {
    const ivs = createTransport({
      target: (region) => ({ region, endpoint: `http://127.0.0.1:${emulator.port}`, isEmulator: true }),
      credentials: () => async () => ({ accessKeyId: "test", secretAccessKey: "test" }),
    });
    const stageArns: string[] = [];
    for (let i = 0; i < 50; i++) {
      const created = await ivs.call("CreateStage", { name: `bench-${i}` }, { region: "us-east-1" });
      if (created.stage) stageArns.push(created.stage.arn);
    }
    const emulatorPool = await workload(emulator.port, stageArns);
    const barePool = await workload(bare.port, stageArns);
    await load(emulator.port, emulatorPool); // warm-up
    await load(bare.port, barePool);
    const results = {
      emulator: [] as { rps: number; p99: number; errors: number }[],
      bare: [] as { rps: number; p99: number; errors: number }[],
    };
    for (let round = 0; round < rounds; round++) {
      results.emulator.push(await load(emulator.port, emulatorPool));
      results.bare.push(await load(bare.port, barePool));
    }
    const summary = (runs: { rps: number; p99: number; errors: number }[]) => ({
      rps: median(runs.map((r) => r.rps)),
      p99: median(runs.map((r) => r.p99)),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
    });
    const e = summary(results.emulator);
    const b = summary(results.bare);
    return [
      `emulator: mixed workload (70 % reads, 30 % writes), ${concurrency} concurrent keep-alive clients, ${rounds} interleaved ${windowMs / 1000} s windows`,
      `  emulator ${fmt(e.rps, 0)} req/s, p99 ${fmt(e.p99, 2)} ms, ${e.errors} errors · bare HTTP server ${fmt(b.rps, 0)} req/s, p99 ${fmt(b.p99, 2)} ms`,
      `  throughput ratio emulator/bare = ${fmt(e.rps / b.rps, 2)}   p99 ratio emulator/bare = ${fmt(e.p99 / b.p99, 2)}`,
      `  start-up (spawn to ready line, median of 3): ${fmt(startup, 0)} ms (target < 5000 ms)`,
    ];
  } finally {
    emulator.child.kill();
    bare.child.kill();
  }
}

export async function benchEmulator(): Promise<string[]> {
  return [...(await mixedWorkload()), ...(await journalCost())];
}
