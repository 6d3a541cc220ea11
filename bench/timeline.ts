// Troubleshooting views under load, in headless Chromium against a production build (`npm run bench -- timeline`).
//
// Honest path: no test-only route. The emulator is seeded through its control API (as in the e2e tests) with
//   - one participant with 10,000 events (publish/unpublish cycles, subscriptions, some errors), and
//   - a session of 100 participants × 100 events (each subscribing to up to 12 publishers),
// and the real pages read them through the console's read route, paced to the IVS quota (80 % of 5 TPS for
// ListParticipantEvents, 100 events per page), exactly as against AWS. Reported per view:
//   - time to first render (chart drawn with the first page) and time until every page is read,
//   - long tasks (PerformanceObserver 'longtask') and frame times (rAF) while zooming and panning by wheel,
//     drag, keyboard and brush (and scrolling lanes in the swimlane) once everything is loaded.
// Target: no long task over 50 ms while interacting.
//
// Needs a production build in NEXT_DIST_DIR (default .next): `NEXT_DIST_DIR=.next-tl npx next build`.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { CreateStageCommand, IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import type { Page } from "@playwright/test";
import { mapBounded } from "@/lib/timeline/concurrency";
import { launchChromium, signIn, startEmulator, startSignedInConsole } from "./processes";
import { fmt, percentile } from "./stats";

const perParticipant = Number(process.env.BENCH_TIMELINE_EVENTS ?? 10_000);
const laneCount = Number(process.env.BENCH_LANES ?? 100);
const laneEvents = Number(process.env.BENCH_LANE_EVENTS ?? 100);

interface Seeded {
  stageArn: string;
  sessionId: string;
  participantId: string;
}

function controlClient(emulatorUrl: string) {
  const headers = { authorization: "Bearer test:test", "content-type": "application/json" };
  return async (path: string, body: object): Promise<{ participantId: string; sessionId: string }> => {
    const response = await fetch(`${emulatorUrl}/_emulator/${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
    return JSON.parse(text) as { participantId: string; sessionId: string };
  };
}

async function createStage(emulatorUrl: string, name: string): Promise<string> {
  const ivs = new IVSRealTimeClient({
    endpoint: emulatorUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const { stage } = await ivs.send(new CreateStageCommand({ name }));
  ivs.destroy();
  if (!stage?.arn) throw new Error("CreateStage returned no stage");
  return stage.arn;
}

/**
 * Appends about `count` events to one participant: publish/unpublish cycles (unless `publisher`: a publisher
 * keeps publishing so that its subscribers find it), a subscription to one of `publishers` every few steps (every
 * step for a publisher), a BITRATE_EXCEEDED every 50 steps. Returns the number of events it caused itself.
 */
async function busy(
  post: ReturnType<typeof controlClient>,
  stageArn: string,
  participantId: string,
  count: number,
  publishers: readonly string[],
  publisher = false,
): Promise<number> {
  const act = (action: string, extra: object = {}) =>
    post(`participants/${participantId}/${action}`, { stageArn, ...extra });
  let events = 1; // JOINED
  let publishing = publisher;
  let i = 0;
  while (events < count - 2) {
    const target = publishers.length ? publishers[i % publishers.length] : undefined;
    if (publisher && !target) break;
    if (target && (publisher || i % 10 === 3)) {
      await act("subscribe", { targetParticipantId: target });
      await act("unsubscribe", { targetParticipantId: target });
      events += 2;
    } else if (i % 50 === 49 && publishing) {
      await act("fail", { event: "PUBLISH_ERROR", errorCode: "BITRATE_EXCEEDED" }); // PUBLISH_ERROR + PUBLISH_STOPPED
      publishing = false;
      events += 2;
    } else {
      await act(publishing ? "unpublish" : "publish");
      publishing = !publishing;
      events += 1;
    }
    i++;
  }
  return events;
}

export async function seedParticipant(emulatorUrl: string): Promise<Seeded> {
  const post = controlClient(emulatorUrl);
  const stageArn = await createStage(emulatorUrl, "bench-timeline");
  const other = await post("participants/join", { stageArn, userId: "bench-host", publish: true });
  const joined = await post("participants/join", { stageArn, userId: "bench-10k" });
  await busy(post, stageArn, joined.participantId, perParticipant, [other.participantId]);
  await post(`participants/${joined.participantId}/leave`, { stageArn });
  return { stageArn, sessionId: joined.sessionId, participantId: joined.participantId };
}

export async function seedSession(emulatorUrl: string): Promise<Seeded> {
  const post = controlClient(emulatorUrl);
  const stageArn = await createStage(emulatorUrl, "bench-swimlane");
  const ids: string[] = [];
  let sessionId = "";
  for (let i = 0; i < laneCount; i++) {
    const joined = await post("participants/join", {
      stageArn,
      userId: `bench-${String(i).padStart(3, "0")}`,
      publish: i < 12,
    });
    ids.push(joined.participantId);
    sessionId = joined.sessionId;
  }
  const publishers = ids.slice(0, 12);
  await mapBounded(ids, 10, async (id, index) => {
    await busy(
      post,
      stageArn,
      id,
      laneEvents,
      publishers.filter((p) => p !== id),
      index < 12,
    );
    // Most leave; the first ten stay connected (a live session keeps re-reading them).
    if (index >= 10) await post(`participants/${id}/leave`, { stageArn });
  });
  return { stageArn, sessionId, participantId: ids[0] ?? "" };
}

/** Installed before any page script: long tasks and a rAF frame-time recorder, both switchable by phase. */
const observerScript = `
  window.__bench = { phase: "load", longtasks: [], frames: [], marks: {} };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longtasks.push({ phase: window.__bench.phase, duration: entry.duration, start: entry.startTime });
  }).observe({ type: "longtask", buffered: true });
  let last = 0;
  const frame = (t) => { if (last && window.__bench.phase === "interact") window.__bench.frames.push(t - last); last = t; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
`;

interface BenchState {
  phase: string;
  longtasks: { phase: string; duration: number; start: number }[];
  frames: number[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Main-thread tasks of the page during `run`, from a Chromium trace: wall time (`dur`) and the CPU time the
 * thread actually ran (`tdur`). On a busy machine a task's wall time includes waiting for a CPU; its CPU time
 * does not, so both are reported.
 */
async function tracedTasks(page: Page, run: () => Promise<void>): Promise<{ wall: number[]; cpu: number[] }> {
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser");
  await browser.startTracing(page, {
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"],
  });
  await run();
  const buffer = await browser.stopTracing();
  const { traceEvents } = JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] };
  const main = traceEvents.find((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const tasks = traceEvents.filter(
    (e) => e.ph === "X" && e.name === "RunTask" && main && e.pid === main.pid && e.tid === main.tid,
  );
  return { wall: tasks.map((t) => (t.dur ?? 0) / 1000), cpu: tasks.map((t) => (t.tdur ?? 0) / 1000) };
}

/** With BENCH_TIMELINE_PROFILE=<dir>, a CPU profile of each interaction phase is written there (Chrome DevTools format). */
async function profiled<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_TIMELINE_PROFILE;
  if (!dir) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.start");
  try {
    return await run();
  } finally {
    const { profile } = await cdp.send("Profiler.stop");
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

async function phase(page: Page, name: string) {
  await page.evaluate((p) => {
    (window as unknown as { __bench: BenchState }).__bench.phase = p;
  }, name);
}

async function readState(page: Page): Promise<BenchState> {
  return page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
}

async function wheelZoom(page: Page, x: number, y: number, steps: number, modifier?: "Control") {
  await page.mouse.move(x, y);
  if (modifier) await page.keyboard.down(modifier);
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, i < steps / 2 ? -120 : 120);
    await page.waitForTimeout(16);
  }
  if (modifier) await page.keyboard.up(modifier);
}

async function drag(page: Page, x: number, y: number, dx: number, steps: number) {
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x + (dx * i) / steps, y);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
}

async function keys(page: Page, sequence: readonly string[]) {
  for (const key of sequence) {
    await page.keyboard.press(key);
    await page.waitForTimeout(30);
  }
}

function summarize(
  label: string,
  state: BenchState,
  timings: Record<string, number>,
  tasks: { wall: number[]; cpu: number[] },
): string[] {
  const interact = state.longtasks.filter((t) => t.phase === "interact").map((t) => t.duration);
  const loading = state.longtasks.filter((t) => t.phase === "load").map((t) => t.duration);
  const frames = state.frames;
  const worst = interact.length ? Math.max(...interact) : 0;
  return [
    `  ${label}`,
    ...Object.entries(timings).map(([name, ms]) => `    ${name.padEnd(34)} ${fmt(ms, 0)} ms`),
    `    long tasks while loading             ${loading.length} (max ${fmt(loading.length ? Math.max(...loading) : 0, 0)} ms)`,
    `    long tasks while interacting         ${interact.length} (max ${fmt(worst, 0)} ms)  ${worst <= 50 ? "ok: none over 50 ms" : "OVER TARGET"}`,
    `    frame time while interacting         p50 ${fmt(percentile(frames, 50))} ms · p95 ${fmt(percentile(frames, 95))} ms · max ${fmt(frames.length ? Math.max(...frames) : 0)} ms (${frames.length} frames)`,
    `    main-thread tasks while interacting  ${tasks.cpu.length}: CPU time p95 ${fmt(percentile(tasks.cpu, 95))} ms · max ${fmt(Math.max(0, ...tasks.cpu))} ms · over 50 ms of CPU: ${tasks.cpu.filter((t) => t > 50).length}; wall time max ${fmt(Math.max(0, ...tasks.wall))} ms`,
  ];
}

async function benchParticipantPage(page: Page, base: string, seeded: Seeded): Promise<string[]> {
  const url = `${base}/stages/${encodeURIComponent(seeded.stageArn)}/sessions/${seeded.sessionId}/participants/${seeded.participantId}?region=us-east-1`;
  const started = Date.now();
  await page.goto(url);
  await page.locator('[data-testid="participant-timeline"] svg').first().waitFor({ timeout: 120_000 });
  const firstRender = Date.now() - started;
  await page.getByTestId("events-loaded").waitFor({ timeout: 300_000 });
  const allLoaded = Date.now() - started;
  const total = (await page.getByTestId("events-loaded").textContent()) ?? "";
  await page.waitForTimeout(500);

  await phase(page, "interact");
  const tasks = await tracedTasks(page, () => profiled(page, "participant", () => interactWithTimeline(page)));
  const state = await readState(page);
  await phase(page, "done");
  return summarize(
    `participant with ${total.split(" · ")[0]}`,
    state,
    { "first render (chart drawn)": firstRender, "all pages read (quota-paced)": allLoaded },
    tasks,
  );
}

async function interactWithTimeline(page: Page) {
  const chart = page.getByTestId("participant-timeline");
  const box = await chart.boundingBox();
  if (!box) throw new Error("no chart");
  const cx = box.x + box.width * 0.6;
  const cy = box.y + box.height / 2;
  await wheelZoom(page, cx, cy, 24);
  await wheelZoom(page, cx, cy, 12);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -240); // zoom in deep, then pan around
  await drag(page, cx, cy, -300, 20);
  await drag(page, cx, cy, 400, 20);
  await chart.focus();
  await keys(page, [
    "+",
    "+",
    "+",
    "ArrowLeft",
    "ArrowLeft",
    "ArrowRight",
    "Shift+ArrowRight",
    "-",
    "-",
    "e",
    "e",
    "e",
    "Shift+E",
    "0",
  ]);
  const overview = page.getByTestId("timeline-overview");
  const strip = await overview.boundingBox();
  if (strip) await drag(page, strip.x + 200, strip.y + strip.height / 2, 250, 20);
  await page.waitForTimeout(300);
}

async function benchSwimlane(page: Page, base: string, seeded: Seeded): Promise<string[]> {
  const url = `${base}/stages/${encodeURIComponent(seeded.stageArn)}/sessions/${seeded.sessionId}?region=us-east-1`;
  const started = Date.now();
  await page.goto(url);
  await page.locator('[data-testid="swimlane"] [data-lane]').first().waitFor({ timeout: 120_000 });
  const firstRender = Date.now() - started;
  await page.getByTestId("swimlane-loaded").waitFor({ timeout: 300_000 });
  const allLoaded = Date.now() - started;
  const heading = (await page.getByRole("heading", { name: /^Swimlane:/ }).textContent()) ?? "";
  const edges = await page.getByTestId("swimlane-edges").getAttribute("data-edge-count");
  await page.waitForTimeout(500);

  await phase(page, "interact");
  const tasks = await tracedTasks(page, () => profiled(page, "swimlane", () => interactWithSwimlane(page)));
  const state = await readState(page);
  await phase(page, "done");
  return summarize(
    `swimlane: ${heading.replace("Swimlane: ", "")}, ${edges} edges drawn`,
    state,
    { "first render (first lanes drawn)": firstRender, "all events read (quota-paced)": allLoaded },
    tasks,
  );
}

async function interactWithSwimlane(page: Page) {
  const area = page.getByRole("group", { name: /Session swimlane/ });
  const box = await area.boundingBox();
  if (!box) throw new Error("no swimlane");
  const cx = box.x + box.width * 0.6;
  const cy = box.y + Math.min(box.height / 2, 200);
  await wheelZoom(page, cx, cy, 24, "Control");
  await drag(page, cx, cy, -300, 20);
  await drag(page, cx, cy, 300, 20);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, i < 10 ? 200 : -200); // scroll the lanes (virtualized)
    await page.waitForTimeout(16);
  }
  await area.focus();
  await keys(page, ["+", "+", "+", "ArrowLeft", "Shift+ArrowRight", "-", "-", "0"]);
  await page.waitForTimeout(300);
}

export async function benchTimeline(): Promise<string[]> {
  const emulator = await startEmulator();
  const consoleServer = await startSignedInConsole(emulator.url);
  const browser = await launchChromium();
  const lines = [
    "troubleshooting timelines (production build, headless Chromium, data from the emulator through the read route)",
  ];
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  lines.push(`  machine: ${cpus().length} CPUs, load average at start ${load()}`);
  try {
    const seedStarted = Date.now();
    const [one, many] = await Promise.all([seedParticipant(emulator.url), seedSession(emulator.url)]);
    lines.push(`  seeded through the control API in ${fmt((Date.now() - seedStarted) / 1000)} s`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.addInitScript(observerScript);
    const page = await context.newPage();
    await signIn(page, consoleServer.url);
    lines.push(...(await benchParticipantPage(page, consoleServer.url, one)));
    const second = await context.newPage();
    lines.push(...(await benchSwimlane(second, consoleServer.url, many)));
    await context.close();
    lines.push(`  load average at the end ${load()} (long tasks include time the main thread waited for a CPU)`);
  } finally {
    await browser.close();
    consoleServer.stop();
    emulator.stop();
  }
  return lines;
}
