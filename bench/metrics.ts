// Metrics benchmark (emulator side): GetMetricData throughput and p99 of the emulator's CloudWatch on the demo
// world (three hours of history), per kind of page a console would draw, beside a bare Node HTTP server that
// answers every request with a fixed body of the same size (the limit). Interleaved windows in one run; every
// server in a child process; the load generator replays pre-signed AWS JSON 1.0 requests over keep-alive.
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { signRequest, type WireRequest } from "@/server/emulator/http/testing";
import { benchQualityViews } from "./quality";
import { fmt, median, percentile } from "./stats";

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 3000);
const rounds = Number(process.env.BENCH_ROUNDS_METRICS ?? 3);
const ns = "AWS/IVSRealTime";

async function startChild(
  args: string[],
  ready: RegExp,
  env: Readonly<Record<string, string>> = {},
): Promise<{ port: number; child: ChildProcess; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let output = "";
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    output += String(chunk);
    const match = ready.exec(output);
    if (match?.[1]) return { port: Number(match[1]), child, exited };
  }
  throw new Error(`child exited before it was ready: ${output}`);
}

function send(agent: Agent, port: number, wire: WireRequest): Promise<{ status: number; bytes: number }> {
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
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      },
    );
    req.on("error", reject);
    req.end(wire.body);
  });
}

interface Run {
  readonly rps: number;
  readonly p99: number;
  readonly errors: number;
  readonly bytes: number;
}

async function load(port: number, pool: readonly WireRequest[]): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const deadline = performance.now() + windowMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const wire = pool[next++ % pool.length];
        if (!wire) break;
        const started = performance.now();
        const answer = await send(agent, port, wire);
        latencies.push(performance.now() - started);
        bytes += answer.bytes;
        if (answer.status >= 400) errors++;
      }
    }),
  );
  agent.destroy();
  return {
    rps: latencies.length / (windowMs / 1000),
    p99: percentile(latencies, 99),
    errors,
    bytes: latencies.length ? bytes / latencies.length : 0,
  };
}

const metricStat = (
  Id: string,
  MetricName: string,
  Dimensions: ReadonlyArray<{ Name: string; Value: string }>,
  Period: number,
  Stat = "Average",
) => ({
  Id,
  MetricStat: { Metric: { Namespace: ns, MetricName, Dimensions }, Period, Stat },
});

interface Kind {
  readonly name: string;
  readonly bodies: unknown[];
}

/** What a console asks for: a participant page (6 series, last hour at 5 s), a stage page (3 h at 60 s), the overview. */
async function kinds(port: number): Promise<Kind[]> {
  const client = new CloudWatchClient({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const { Metrics = [] } = await client.send(
    new ListMetricsCommand({ Namespace: ns, MetricName: "DownloadPacketLoss" }),
  );
  client.destroy();
  const perParticipant = Metrics.filter((m) => m.Dimensions?.length === 2);
  const stageIds = [
    ...new Set(
      Metrics.flatMap((m) => m.Dimensions ?? [])
        .filter((d) => d.Name === "Stage")
        .map((d) => d.Value ?? ""),
    ),
  ];
  if (perParticipant.length === 0 || stageIds.length === 0)
    throw new Error("the demo world has no per-participant metrics");
  const now = Math.floor(Date.now() / 1000);
  const participantPage = perParticipant.slice(0, 20).map((m) => {
    const dims = (m.Dimensions ?? []).map((d) => ({ Name: d.Name ?? "", Value: d.Value ?? "" }));
    const layer = (SimulcastLayer: string, MediaType: string) => [
      ...dims,
      { Name: "SimulcastLayer", Value: SimulcastLayer },
      { Name: "MediaType", Value: MediaType },
    ];
    return {
      StartTime: now - 3600,
      EndTime: now,
      MetricDataQueries: [
        metricStat("hi", "PublishBitrate", layer("hi", "video"), 5),
        metricStat("mid", "PublishBitrate", layer("mid", "video"), 5),
        metricStat("res", "PublishResolution", layer("hi", "video"), 5),
        metricStat("sub", "SubscribeBitrate", [...dims, { Name: "MediaType", Value: "video" }], 5),
        metricStat("loss", "DownloadPacketLoss", dims, 5, "Maximum"),
        metricStat("dropped", "DroppedFrames", dims, 5, "Maximum"),
      ],
    };
  });
  const stagePage = stageIds.map((id) => ({
    StartTime: now - 3 * 3600,
    EndTime: now,
    MetricDataQueries: [
      metricStat("p", "Publishers", [{ Name: "Stage", Value: id }], 60, "Maximum"),
      metricStat("s", "Subscribers", [{ Name: "Stage", Value: id }], 60, "Maximum"),
    ],
  }));
  const overview = [
    {
      StartTime: now - 1800,
      EndTime: now,
      MetricDataQueries: stageIds.map((id, n) =>
        metricStat(`s${n}`, "Subscribers", [{ Name: "Stage", Value: id }], 60),
      ),
    },
  ];
  return [
    { name: "participant page (6 series, 1 h at 5 s)", bodies: participantPage },
    { name: "stage page (Publishers + Subscribers, 3 h at 60 s)", bodies: stagePage },
    { name: `overview (${stageIds.length} stages' Subscribers, 30 min at 60 s)`, bodies: overview },
  ];
}

const signAll = (port: number, bodies: readonly unknown[]) =>
  Promise.all(
    bodies.map((body) =>
      signRequest({
        host: `127.0.0.1:${port}`,
        path: "/",
        service: "monitoring",
        region: "us-east-1",
        body: JSON.stringify(body),
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "GraniteServiceVersion20100801.GetMetricData",
        },
      }),
    ),
  );

const summary = (runs: Run[]) => ({
  rps: median(runs.map((r) => r.rps)),
  p99: median(runs.map((r) => r.p99)),
  bytes: median(runs.map((r) => r.bytes)),
  errors: runs.reduce((sum, r) => sum + r.errors, 0),
});

/** Emulator throughput, then the console's quality views (bench/quality.ts; BENCH_METRICS_PARTS=emulator|views for one). */
export async function benchMetrics(): Promise<string[]> {
  const parts = (process.env.BENCH_METRICS_PARTS ?? "emulator,views").split(",");
  return [
    ...(parts.includes("emulator") ? await benchEmulatorMetrics() : []),
    ...(parts.includes("views") ? ["", ...(await benchQualityViews())] : []),
  ];
}

async function benchEmulatorMetrics(): Promise<string[]> {
  const emulator = await startChild(
    ["--import", "tsx", "server/emulator/main.ts", "--port", "0", "--quotas", "off", "--world", "demo"],
    /127\.0\.0\.1:(\d+)/,
  );
  const bares: Array<{ port: number; child: ChildProcess; exited: Promise<unknown> }> = [];
  try {
    const lines = [
      `metrics: emulator GetMetricData (AWS JSON 1.0, SigV4) on the demo world, ${concurrency} concurrent keep-alive clients, ${rounds} interleaved ${windowMs / 1000} s windows per kind,`,
      "  beside a bare Node HTTP server answering a fixed body of the same size",
    ];
    for (const kind of await kinds(emulator.port)) {
      const pool = await signAll(emulator.port, kind.bodies);
      const sample = await load(emulator.port, pool.slice(0, 1)); // warm-up, and the answer size
      const bare = await startChild(["bench/fixed-server.mjs"], /^(\d+)\s*$/m, {
        BENCH_BODY: "x".repeat(Math.round(sample.bytes)),
      });
      bares.push(bare);
      const barePool = await signAll(bare.port, kind.bodies);
      await load(bare.port, barePool);
      const runs = { emulator: [] as Run[], bare: [] as Run[] };
      for (let round = 0; round < rounds; round++) {
        runs.emulator.push(await load(emulator.port, pool));
        runs.bare.push(await load(bare.port, barePool));
      }
      const e = summary(runs.emulator);
      const b = summary(runs.bare);
      lines.push(
        `  ${kind.name}: ${fmt(e.bytes / 1024, 1)} KiB per answer`,
        `    emulator ${fmt(e.rps, 0)} req/s, p99 ${fmt(e.p99, 2)} ms, ${e.errors} errors · bare ${fmt(b.rps, 0)} req/s, p99 ${fmt(b.p99, 2)} ms · throughput ratio emulator/bare = ${fmt(e.rps / b.rps, 2)}`,
      );
    }
    return lines;
  } finally {
    for (const child of [emulator, ...bares]) child.child.kill();
    await Promise.all([emulator, ...bares].map((child) => child.exited));
  }
}
