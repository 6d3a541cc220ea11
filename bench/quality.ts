// Quality views (console side of `npm run bench -- metrics`), on the emulator's demo world (three hours of
// history) behind a counting proxy, with the production console (run `next build` first):
//  - the participant page's six charts for the participant publishing longest (about 3 h at 5 s periods):
//    time until they are drawn, values per series, and long tasks while zooming and panning them (wheel with
//    Ctrl, drag, keyboard) — target: none over 50 ms (PerformanceObserver and a Chromium trace, as bench/timeline.ts);
//  - CloudWatch calls (GetMetricData, counted at the proxy): with nobody looking, with one participant page open,
//    and with 50 viewers polling that participant's metrics as the page does (every 10 s).
import {
  GetStageSessionCommand,
  IVSRealTimeClient,
  ListParticipantsCommand,
  ListStagesCommand,
} from "@aws-sdk/client-ivs-realtime";
import type { Page } from "@playwright/test";
import { startCountingProxy } from "./counting-proxy";
import { launchChromium, signIn, startEmulator, startSignedInConsole } from "./processes";
import { fmt, percentile } from "./stats";

const windowSeconds = Number(process.env.BENCH_QUALITY_WINDOW_S ?? 30);
const viewers = 50;
const pollMs = 10_000;

const observerScript = `
  window.__bench = { phase: "load", longtasks: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longtasks.push({ phase: window.__bench.phase, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
`;

interface State {
  phase: string;
  longtasks: { phase: string; duration: number }[];
}

interface Target {
  stageArn: string;
  sessionId: string;
  participantId: string;
  since: string;
}

/** The connected publisher of a live session who joined first (the longest series). */
async function longestPublisher(emulatorUrl: string): Promise<Target> {
  const ivs = new IVSRealTimeClient({
    endpoint: emulatorUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const { stages = [] } = await ivs.send(new ListStagesCommand({ maxResults: 100 }));
  let best: Target | undefined;
  for (const stage of stages) {
    if (!stage.activeSessionId || !stage.arn) continue;
    await ivs.send(new GetStageSessionCommand({ stageArn: stage.arn, sessionId: stage.activeSessionId }));
    const { participants = [] } = await ivs.send(
      new ListParticipantsCommand({
        stageArn: stage.arn,
        sessionId: stage.activeSessionId,
        filterByPublished: true,
        maxResults: 100,
      }),
    );
    for (const p of participants) {
      if (p.state !== "CONNECTED" || !p.participantId || !p.firstJoinTime) continue;
      const since = p.firstJoinTime.toISOString();
      if (!best || since < best.since)
        best = { stageArn: stage.arn, sessionId: stage.activeSessionId, participantId: p.participantId, since };
    }
  }
  if (!best) throw new Error("the demo world has no connected publisher");
  return best;
}

async function traced(page: Page, run: () => Promise<void>): Promise<number[]> {
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser");
  await browser.startTracing(page, {
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"],
  });
  await run();
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString("utf8")) as {
    traceEvents: { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } }[];
  };
  const main = traceEvents.find((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  return traceEvents
    .filter((e) => e.ph === "X" && e.name === "RunTask" && main && e.pid === main.pid && e.tid === main.tid)
    .map((e) => (e.tdur ?? 0) / 1000);
}

async function interact(page: Page): Promise<void> {
  const chart = page.locator('[data-chart="packet-loss"], [data-chart="publish-bitrate"]').first().getByRole("img");
  const box = await chart.boundingBox();
  if (!box) throw new Error("no chart");
  const cx = box.x + box.width * 0.6;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.keyboard.down("Control");
  for (let i = 0; i < 30; i++) {
    await page.mouse.wheel(0, i < 20 ? -120 : 120);
    await page.waitForTimeout(16);
  }
  await page.keyboard.up("Control");
  for (const dx of [-300, 400]) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) {
      await page.mouse.move(cx + (dx * i) / 20, cy);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
  }
  await chart.focus();
  for (const key of ["+", "+", "+", "ArrowLeft", "ArrowRight", "Shift+ArrowRight", "-", "-", "0"]) {
    await page.keyboard.press(key);
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(300);
}

/** GetMetricData calls (POST / at the proxy) over `seconds` while `during` runs. */
async function callsOver(
  calls: () => number,
  seconds: number,
  during: (until: number) => Promise<void> = async () => {},
): Promise<number> {
  const before = calls();
  const until = Date.now() + seconds * 1000;
  await Promise.all([during(until), new Promise((resolve) => setTimeout(resolve, seconds * 1000))]);
  return calls() - before;
}

export async function benchQualityViews(): Promise<string[]> {
  const emulator = await startEmulator(["--world", "demo"]);
  const proxy = await startCountingProxy(emulator.url);
  const server = await startSignedInConsole(proxy.url);
  const browser = await launchChromium();
  const lines = ["quality views (production console, demo world behind a counting proxy, headless Chromium)"];
  const cloudWatch = () => proxy.calls("");
  try {
    const target = await longestPublisher(emulator.url);
    const path = `/stages/${encodeURIComponent(target.stageArn)}/sessions/${target.sessionId}/participants/${target.participantId}`;
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.addInitScript(observerScript);
    const page = await context.newPage();
    await signIn(page, server.url);

    // Let the reader backfill the world's live sessions (it starts with the console), then count a quiet window.
    const started = Date.now();
    let previous = -1;
    while (Date.now() - started < 120_000) {
      const now = cloudWatch();
      if (now === previous && now > 0) break;
      previous = now;
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
    lines.push(
      `  reader backfill: ${cloudWatch()} GetMetricData calls in ${fmt((Date.now() - started) / 1000, 0)} s for every live session of the demo world`,
    );
    const idle = await callsOver(cloudWatch, windowSeconds);

    const opened = Date.now();
    await page.goto(`${server.url}${path}?region=us-east-1`);
    await page
      .locator('[data-chart="publish-bitrate"] path[data-series="bitrate_hi_video"]')
      .waitFor({ timeout: 120_000 });
    const drawn = Date.now() - opened;
    const answer = await page.evaluate(
      async (url) =>
        (await (await fetch(url)).json()) as {
          data: { period: number; source: string; series: { id: string; times: number[] }[] };
        },
      `${server.url}/api/metrics/quality?region=us-east-1&stageArn=${encodeURIComponent(target.stageArn)}&sessionId=${target.sessionId}&participantId=${target.participantId}&start=${new Date(Date.parse(target.since) - 60_000).toISOString()}`,
    );
    const series = answer.data.series.filter((s) => s.times.length > 0);
    const drawnSeries = await page.locator("[data-chart] path[data-series]").count();
    const charts = await page.locator("[data-testid='quality'] figure").count();
    const hours = (Date.now() - Date.parse(target.since)) / 3600_000;
    lines.push(
      `  participant page: ${charts} charts, ${drawnSeries} series drawn, ${series.length} series of up to ${Math.max(...series.map((s) => s.times.length))} values at ${answer.data.period} s (${fmt(hours, 1)} h publishing), answered from the ${answer.data.source}`,
      `    charts drawn after navigation            ${fmt(drawn, 0)} ms`,
    );
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      (window as unknown as { __bench: State }).__bench.phase = "interact";
    });
    const cpu = await traced(page, () => interact(page));
    const state = await page.evaluate(() => (window as unknown as { __bench: State }).__bench);
    const interactTasks = state.longtasks.filter((t) => t.phase === "interact").map((t) => t.duration);
    const worst = interactTasks.length ? Math.max(...interactTasks) : 0;
    lines.push(
      `    long tasks while loading                 ${state.longtasks.filter((t) => t.phase === "load").length}`,
      `    long tasks while zooming and panning     ${interactTasks.length} (max ${fmt(worst, 0)} ms)  ${worst <= 50 ? "ok: none over 50 ms" : "OVER TARGET"}`,
      `    main-thread tasks while interacting      ${cpu.length}: CPU p95 ${fmt(percentile(cpu, 95))} ms · max ${fmt(Math.max(0, ...cpu))} ms · over 50 ms of CPU: ${cpu.filter((t) => t > 50).length}`,
    );

    // One page view (the page above polls its metrics every 10 s while the session is live).
    const one = await callsOver(cloudWatch, windowSeconds);
    await page.close();

    // 50 viewers polling the same participant's metrics.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const url = `${server.url}/api/metrics/quality?region=us-east-1&stageArn=${encodeURIComponent(target.stageArn)}&sessionId=${target.sessionId}&participantId=${target.participantId}&start=${new Date(Date.parse(target.since) - 60_000).toISOString()}`;
    let answers = 0;
    let failed = 0;
    const fifty = await callsOver(cloudWatch, windowSeconds, async (until) => {
      await Promise.all(
        Array.from({ length: viewers }, async () => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * pollMs));
          while (Date.now() < until) {
            const response = await fetch(url, { headers: { cookie } });
            await response.arrayBuffer();
            if (response.ok) answers++;
            else failed++;
            await new Promise((resolve) => setTimeout(resolve, pollMs));
          }
        }),
      );
    });
    await context.close();
    const rate = (n: number) => `${n} calls (${fmt(n / windowSeconds, 2)}/s)`;
    lines.push(
      `  CloudWatch GetMetricData calls per ${windowSeconds} s (budget ≤ 2/s per region):`,
      `    nobody looking (reader keeps live sessions) ${rate(idle)}`,
      `    one participant page open                 ${rate(one)} → ${one - idle >= 0 ? "+" : ""}${one - idle} for the page view`,
      `    ${viewers} viewers polling it every 10 s          ${rate(fifty)} → ${fifty - idle >= 0 ? "+" : ""}${fifty - idle} for ${answers} answers (${failed} failed): views read the store`,
      `    most calls in any one second, whole run   ${proxy.peakPerSecond("")}`,
    );
  } finally {
    await browser.close();
    server.stop();
    await proxy.close();
    emulator.stop();
  }
  return lines;
}
