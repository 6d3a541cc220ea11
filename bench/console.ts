// Console benchmarks against the real emulator (child process):
//  - 50 viewers polling one session for 60 s cost what 1 viewer costs (target ≤ 1.1): two production consoles
//    (run `npx next build` first), signed in, each behind a counting proxy to the same emulator; 1 viewer polls
//    one, 50 poll the other, over HTTP through the read route, side by side;
//  - a 1,000-participant session: time to the first complete list (through the console's upstream layer) vs the
//    pagination floor (target ≤ 1.2).
import { collectPages } from "@/lib/api/reads";
import { livePollMs } from "@/lib/polling";
import { createTransport } from "@/server/ivs/transport";
import { createUpstream } from "@/server/ivs/upstream";
import { startCountingProxy } from "./counting-proxy";
import { launchChromium, signIn, startEmulator, startSignedInConsole } from "./processes";
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

/** 1 viewer and 50 viewers polling `ListParticipants` through two consoles; IVS calls counted behind each. */
async function viewersThroughTheConsole(
  emulatorUrl: string,
  input: object,
): Promise<{ one: number; fifty: number; answers: number; failed: number }> {
  const proxies = await Promise.all([startCountingProxy(emulatorUrl), startCountingProxy(emulatorUrl)]);
  const consoles = await Promise.all(proxies.map((proxy) => startSignedInConsole(proxy.url)));
  const browser = await launchChromium();
  try {
    const cookies = await Promise.all(
      consoles.map(async (server) => {
        const context = await browser.newContext();
        await signIn(await context.newPage(), server.url);
        const header = (await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
        await context.close();
        return header;
      }),
    );
    const path = `/api/ivs/ListParticipants?region=${region}&input=${encodeURIComponent(JSON.stringify(input))}`;
    let answers = 0;
    let failed = 0;
    const viewer = (index: 0 | 1) => async () => {
      const response = await fetch(`${consoles[index]?.url}${path}`, { headers: { cookie: cookies[index] ?? "" } });
      await response.arrayBuffer();
      if (response.ok) answers++;
      else failed++;
    };
    const until = Date.now() + viewerSeconds * 1000;
    await Promise.all([poll(viewer(0), until), ...Array.from({ length: 50 }, () => poll(viewer(1), until))]);
    return {
      one: proxies[0]?.calls("ListParticipants") ?? 0,
      fifty: proxies[1]?.calls("ListParticipants") ?? 0,
      answers,
      failed,
    };
  } finally {
    await browser.close();
    for (const server of consoles) server.stop();
    await Promise.all(proxies.map((proxy) => proxy.close()));
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
    const joined = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        control(emulator.url, "participants/join", { stageArn: stage.arn, userId: `viewer-${i}`, publish: i < 12 }),
      ),
    );
    const sessionId = String(joined[0]?.sessionId ?? "");
    const input = { stageArn: stage.arn, sessionId, maxResults: 100 };

    // 1) Viewers, over HTTP through two production consoles side by side.
    const viewers = await viewersThroughTheConsole(emulator.url, input);

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
    const all = await collectPages("ListParticipants", input, (page) =>
      cold.read("ListParticipants", page, { region }),
    );
    const elapsed = performance.now() - started;
    const floor = all.pages * rtt;
    // IVS allows 5 ListParticipants per second; the console keeps 20 % headroom (4/s, burst 4).
    const quotaFloor = Math.max(floor, ((all.pages - 4) / 4) * 1000);
    return [
      `console: 50 viewers vs 1 viewer polling one session every ${livePollMs / 1000} s for ${viewerSeconds} s (HTTP, read route, two consoles)`,
      `  IVS calls counted behind each console: 1 viewer ${viewers.one}, 50 viewers ${viewers.fifty} (${viewers.answers} answers to the viewers, ${viewers.failed} failed)`,
      `  ratio 50/1 = ${fmt(viewers.fifty / Math.max(1, viewers.one), 2)}  (target ≤ 1.10)`,
      `console: 1,000-participant session, first complete list (${all.items.length} participants, ${all.pages} pages)`,
      `  ${fmt(elapsed, 0)} ms; pagination floor ${all.pages} × ${fmt(rtt, 1)} ms = ${fmt(floor, 0)} ms → ratio ${fmt(elapsed / floor, 2)} (target ≤ 1.20)`,
      `  quota-aware floor (IVS 5 TPS less 20 % headroom) ${fmt(quotaFloor, 0)} ms → ratio ${fmt(elapsed / quotaFloor, 2)}`,
    ];
  } finally {
    emulator.stop();
  }
}
