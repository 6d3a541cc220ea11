// First-load JavaScript of each main page of the production build, as Chromium downloads it, gzip-compressed.
// Signed in as an admin (the role that sees every control), on the emulator's demo world so that detail pages
// have something to show. Each page is loaded in a fresh browser context with a copy of the signed-in cookies,
// so nothing is cached from the page before.
import { gzipSync } from "node:zlib";
import { IVSRealTimeClient, ListParticipantsCommand, ListStagesCommand } from "@aws-sdk/client-ivs-realtime";
import type { Browser, BrowserContext } from "@playwright/test";
import { fmt } from "./stats";
import { launchChromium, signIn, startEmulator, startSignedInConsole } from "./processes";

const targetKb = 180;

async function demoPaths(emulatorUrl: string): Promise<string[]> {
  const pages = ["/", "/stages", "/compositions", "/configurations", "/public-keys", "/designer", "/find-user"];
  // A live stage of the demo world and its session: the detail pages with the most to draw.
  const ivs = new IVSRealTimeClient({
    endpoint: emulatorUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  try {
    const { stages = [] } = await ivs.send(new ListStagesCommand({ maxResults: 100 }));
    const live = stages.find((stage) => stage.activeSessionId);
    if (!live?.arn || !live.activeSessionId) throw new Error("the demo world has no live stage in us-east-1");
    const { participants = [] } = await ivs.send(
      new ListParticipantsCommand({
        stageArn: live.arn,
        sessionId: live.activeSessionId,
        filterByPublished: true,
        maxResults: 1,
      }),
    );
    const stage = `/stages/${encodeURIComponent(live.arn)}`;
    const session = `${stage}/sessions/${live.activeSessionId}`;
    const participant = participants[0]?.participantId;
    return [...pages, stage, session, ...(participant ? [`${session}/participants/${participant}`] : [])];
  } finally {
    ivs.destroy();
  }
}

async function measure(
  browser: Browser,
  base: string,
  path: string,
  cookies: Awaited<ReturnType<BrowserContext["cookies"]>>,
): Promise<{ kb: number; files: number }> {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  const page = await context.newPage();
  const sizes = new Map<string, number>();
  const bodies: Promise<void>[] = [];
  page.on("response", (response) => {
    const url = response.url();
    if (!url.includes("/_next/static/") || !url.endsWith(".js")) return;
    bodies.push(
      response.body().then(
        (body) => void sizes.set(url, gzipSync(body).length),
        () => undefined, // a response without a body (e.g. a redirect) adds nothing
      ),
    );
  });
  const separator = path.includes("?") ? "&" : "?";
  // Until the load event: the scripts the HTML names. Live pages poll, so the network never goes idle; chunks
  // that load later (dialogs, the palette, the timeline's lazy parts) are not first-load JS.
  await page.goto(`${base}${path}${separator}region=us-east-1`, { waitUntil: "load" });
  if (new URL(page.url()).pathname.startsWith("/sign-in"))
    throw new Error(`${path} sent the bench to the sign-in page`);
  await Promise.all(bodies);
  await context.close();
  return { kb: [...sizes.values()].reduce((sum, size) => sum + size, 0) / 1024, files: sizes.size };
}

export async function benchFirstLoadJs(): Promise<string[]> {
  const emulator = await startEmulator(["--world", "demo"]);
  const consoleServer = await startSignedInConsole(emulator.url);
  const browser = await launchChromium();
  const lines = [`first-load JS per page (production build, signed in, gzip, target ≤ ${targetKb} KB)`];
  try {
    const signedIn = await browser.newContext();
    const first = await signedIn.newPage();
    await signIn(first, consoleServer.url);
    const cookies = await signedIn.cookies();
    await signedIn.close();
    for (const path of await demoPaths(emulator.url)) {
      const { kb, files } = await measure(browser, consoleServer.url, path, cookies);
      const label = path
        .replace(/arn%3A[^/]*/, "<stage>")
        .replace(/st-\w+/, "<session>")
        .replace(/participants\/\w+/, "participants/<id>");
      lines.push(
        `  ${label.padEnd(42)} ${fmt(kb).padStart(6)} KB in ${String(files).padStart(2)} files  ${kb <= targetKb ? "ok" : "OVER TARGET"}`,
      );
    }
  } finally {
    await browser.close();
    consoleServer.stop();
    emulator.stop();
  }
  return lines;
}
