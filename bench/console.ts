// Console benchmarks against the real emulator (child process) through the console's own upstream layer:
//  - 50 viewers polling one session for 60 s cost what 1 viewer costs (upstream calls ratio, target ≤ 1.1);
//  - a 1,000-participant session: time to the first complete list vs the pagination floor (target ≤ 1.2).
import { collectPages } from "@/lib/api/reads";
import { livePollMs } from "@/lib/polling";
import { createTransport } from "@/server/ivs/transport";
import { createUpstream } from "@/server/ivs/upstream";
import { startEmulator } from "./processes";
import { fmt, median } from "./stats";

const viewerSeconds = Number(process.env.BENCH_VIEWER_SECONDS ?? 60);
const region = "us-east-1";

async function control(base: string, path: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/_emulator/${path}`, {
    method: "POST",
    headers: { authorization: "Bearer test:test", "content-type": "application/json" },
    body: JSON.stringify({ region, ...body }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Polls like the session page does: every `livePollMs`, starting at a random phase. */
async function poll(read: () => Promise<unknown>, until: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * livePollMs));
  while (Date.now() < until) {
    await read();
    await new Promise((resolve) => setTimeout(resolve, livePollMs));
  }
}

export async function benchConsole(): Promise<string[]> {
  const emulator = await startEmulator();
  const transport = createTransport({
    target: (r) => ({ region: r, endpoint: emulator.url, isEmulator: true }),
    credentials: () => async () => ({ accessKeyId: "test", secretAccessKey: "test" }),
  });
  try {
    const { stage } = await transport.call("CreateStage", { name: "bench-big" }, { region });
    if (!stage) throw new Error("no stage");
    const joined = await Promise.all(Array.from({ length: 1000 }, (_, i) => control(emulator.url, "participants/join", { stageArn: stage.arn, userId: `viewer-${i}`, publish: i < 12 })));
    const sessionId = String(joined[0]?.sessionId ?? "");
    const input = { stageArn: stage.arn, sessionId, maxResults: 100 };

    // 1) Viewers: one upstream per scenario, running side by side against the same emulator.
    const one = createUpstream(() => transport);
    const fifty = createUpstream(() => transport);
    const until = Date.now() + viewerSeconds * 1000;
    await Promise.all([
      poll(() => one.read("ListParticipants", input, { region }), until),
      ...Array.from({ length: 50 }, () => poll(() => fifty.read("ListParticipants", input, { region }), until)),
    ]);

    // 2) A 1,000-participant session: every page, cold cache, through the upstream (quota pacing included).
    const rtts: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await transport.call("ListParticipants", input, { region });
      rtts.push(performance.now() - started);
    }
    const rtt = median(rtts);
    const cold = createUpstream(() => transport);
    const started = performance.now();
    const all = await collectPages("ListParticipants", input, (page) => cold.read("ListParticipants", page, { region }));
    const elapsed = performance.now() - started;
    const floor = all.pages * rtt;
    // IVS allows 5 ListParticipants per second; the console keeps 20 % headroom (4/s, burst 4).
    const quotaFloor = Math.max(floor, ((all.pages - 4) / 4) * 1000);
    return [
      `console: 50 viewers vs 1 viewer polling one session every ${livePollMs / 1000} s for ${viewerSeconds} s`,
      `  upstream calls: 1 viewer ${one.stats.calls}, 50 viewers ${fifty.stats.calls} (hits ${fifty.stats.hits}, joined in flight ${fifty.stats.joined})`,
      `  ratio 50/1 = ${fmt(fifty.stats.calls / Math.max(1, one.stats.calls), 2)}  (target ≤ 1.10)`,
      `console: 1,000-participant session, first complete list (${all.items.length} participants, ${all.pages} pages)`,
      `  ${fmt(elapsed, 0)} ms; pagination floor ${all.pages} × ${fmt(rtt, 1)} ms = ${fmt(floor, 0)} ms → ratio ${fmt(elapsed / floor, 2)} (target ≤ 1.20)`,
      `  quota-aware floor (IVS 5 TPS less 20 % headroom) ${fmt(quotaFloor, 0)} ms → ratio ${fmt(elapsed / quotaFloor, 2)}`,
    ];
  } finally {
    emulator.stop();
  }
}
