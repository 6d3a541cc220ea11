// Client benchmark: per-call CPU of our signed layer vs the official SDK client vs an unsigned fetch,
// against the same local server (in another process), interleaved in one run.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { GetStageCommand, IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import { operationSamples, sampleArns } from "@/lib/ivs/samples";
import { createTransport } from "@/server/ivs/transport";
import { cpuMicros, fmt, median } from "./stats";

const rounds = Number(process.env.BENCH_ROUNDS ?? 12);
const callsPerRound = Number(process.env.BENCH_CALLS ?? 300);

async function startServer(body: string) {
  const child = spawn(process.execPath, ["bench/fixed-server.mjs"], {
    env: { ...process.env, BENCH_BODY: body },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(child.stdout, "data")) as [Buffer];
  return { port: Number(String(chunk).trim()), stop: () => child.kill() };
}

export async function benchClient(): Promise<string[]> {
  const body = JSON.stringify(operationSamples.GetStage.response);
  const server = await startServer(body);
  const endpoint = `http://127.0.0.1:${server.port}`;
  const credentials = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" };
  const ours = createTransport({
    target: (region) => ({ region, endpoint, isEmulator: true }),
    credentials: () => async () => credentials,
  });
  const sdk = new IVSRealTimeClient({ region: "us-east-1", endpoint, credentials });
  const input = { arn: sampleArns.stage };
  const requestBody = JSON.stringify(input);

  const contenders: Record<string, () => Promise<unknown>> = {
    ours: () => ours.call("GetStage", input, { region: "us-east-1" }),
    sdk: () => sdk.send(new GetStageCommand(input)),
    fetch: async () => {
      const response = await fetch(`${endpoint}/GetStage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: requestBody,
      });
      return response.json();
    },
  };
  const samples: Record<string, number[]> = { ours: [], sdk: [], fetch: [] };
  for (const run of Object.values(contenders)) for (let i = 0; i < 50; i++) await run(); // warm up JIT and sockets
  for (let round = 0; round < rounds; round++) {
    const order = Object.keys(contenders);
    if (round % 2) order.reverse();
    for (const name of order) {
      const run = contenders[name];
      if (!run) continue;
      const before = cpuMicros();
      for (let i = 0; i < callsPerRound; i++) await run();
      samples[name]?.push((cpuMicros() - before) / callsPerRound);
    }
  }
  server.stop();
  sdk.destroy();
  const perCall = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])) as Record<
    "ours" | "sdk" | "fetch",
    number
  >;
  return [
    `client: per-call CPU (median of ${rounds} interleaved rounds × ${callsPerRound} GetStage calls, µs)`,
    `  ours ${fmt(perCall.ours)} · official SDK ${fmt(perCall.sdk)} · unsigned fetch ${fmt(perCall.fetch)}`,
    `  ratio ours/sdk   = ${fmt(perCall.ours / perCall.sdk, 2)}  (target ≤ 0.50)`,
    `  ratio ours/fetch = ${fmt(perCall.ours / perCall.fetch, 2)}  (target ≤ 1.20)`,
  ];
}
