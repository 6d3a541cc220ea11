import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  CreateEncoderConfigurationCommand,
  CreateIngestConfigurationCommand,
  CreateParticipantTokenCommand,
  CreateStageCommand,
  CreateStorageConfigurationCommand,
  IVSRealTimeClient,
  ListStageSessionsCommand,
  StartCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import type { APIResponse, Browser, BrowserContext, Page, Request, Route } from "@playwright/test";
import { accounts, expect, storageStatePath, test, type E2eRole } from "./support/auth";
import { crawlSecretAccessKey } from "./support/credentials";

/**
 * The secrets crawl: every page, as every role (and signed out), scanned for secrets the console must never
 * send to a browser unless a user explicitly reveals one — the AWS secret key the console signs with, the full
 * stream keys of ingest configurations and the participant tokens created here, and the passwords of the test
 * accounts. Scanned: each page's HTML, its RSC payload (`RSC: 1`), every answer the browser received while the
 * page ran (polled reads included), and every JavaScript/CSS file of the build. Prints what it scanned and found.
 */
const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
const baseURL = `http://127.0.0.1:${process.env.E2E_CONSOLE_PORT ?? "3100"}`;
const control = { authorization: "Bearer test:test" };
const ivs = new IVSRealTimeClient({
  endpoint: emulator,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
const enc = encodeURIComponent;

interface Needle {
  readonly kind: "aws-secret-key" | "stream-key" | "participant-token" | "password";
  readonly label: string;
  readonly value: string;
}
interface Hit {
  readonly needle: string;
  readonly where: string;
}

const needles: Needle[] = [];
function addNeedle(kind: Needle["kind"], label: string, value: string | undefined) {
  if (!value) throw new Error(`no value for ${label}`);
  needles.push({ kind, label, value });
}

function scan(text: string, where: string, hits: Hit[]) {
  for (const needle of needles) if (text.includes(needle.value)) hits.push({ needle: needle.label, where });
}

interface RoleStats {
  pages: number;
  htmlBytes: number;
  rscBytes: number;
  browserAnswers: number;
  browserBytes: number;
}

let paths: string[] = [];
/** The crawled live session (the push stream is read for it). */
const world = { stageArn: "", sessionId: "" };

test.describe.configure({ mode: "serial" });
// 60 page loads with their polled reads (four roles side by side) and every build asset. The bound leaves room for
// a much busier machine than the measured runs (docs in the commit); every wait inside is a condition.
test.setTimeout(900_000);

test.beforeAll(async ({ request }) => {
  // World: a live stage with tokens and a session, a composition, ingest configurations (one redundant, one live).
  const stageName = unique("crawl-stage");
  const { stage, participantTokens } = await ivs.send(
    new CreateStageCommand({
      name: stageName,
      participantTokenConfigurations: [
        { userId: "crawl-host", capabilities: ["PUBLISH", "SUBSCRIBE"] },
        { userId: "crawl-guest" },
      ],
    }),
  );
  const stageArn = stage?.arn ?? "";
  participantTokens?.forEach((token, index) =>
    addNeedle("participant-token", `token from CreateStage #${index + 1}`, token.token),
  );
  const { participantToken } = await ivs.send(
    new CreateParticipantTokenCommand({ stageArn, userId: "crawl-joiner", capabilities: ["PUBLISH", "SUBSCRIBE"] }),
  );
  addNeedle("participant-token", "token from CreateParticipantToken", participantToken?.token);

  const joined = await request.post(`${emulator}/_emulator/participants/join`, {
    headers: control,
    data: { stageArn, token: participantToken?.token, publish: true },
  });
  expect(joined.ok(), await joined.text()).toBe(true);
  const { participantId } = (await joined.json()) as { participantId: string };

  const ingestA = await ivs.send(
    new CreateIngestConfigurationCommand({
      name: unique("crawl-ingest"),
      ingestProtocol: "RTMPS",
      stageArn,
      userId: "crawl-encoder",
    }),
  );
  const ingestB = await ivs.send(
    new CreateIngestConfigurationCommand({
      name: unique("crawl-redundant"),
      ingestProtocol: "RTMPS",
      redundantIngest: true,
    }),
  );
  addNeedle("stream-key", "stream key (attached, live)", ingestA.ingestConfiguration?.streamKey);
  addNeedle("stream-key", "stream key (redundant)", ingestB.ingestConfiguration?.streamKey);
  for (const [index, credential] of (ingestB.ingestConfiguration?.redundantIngestCredentials ?? []).entries()) {
    if (credential.streamKey !== ingestB.ingestConfiguration?.streamKey)
      addNeedle("stream-key", `redundant stream key #${index + 1}`, credential.streamKey);
  }
  const published = await request.post(`${emulator}/_emulator/ingest/publish`, {
    headers: control,
    data: { streamKey: ingestA.ingestConfiguration?.streamKey, protocol: "RTMPS" },
  });
  expect(published.ok(), await published.text()).toBe(true);

  const { encoderConfiguration } = await ivs.send(
    new CreateEncoderConfigurationCommand({ name: unique("crawl-encoder") }),
  );
  const { storageConfiguration } = await ivs.send(
    new CreateStorageConfigurationCommand({ name: unique("crawl-storage"), s3: { bucketName: "amzn-s3-demo-bucket" } }),
  );
  const { composition } = await ivs.send(
    new StartCompositionCommand({
      stageArn,
      destinations: [
        {
          s3: {
            storageConfigurationArn: storageConfiguration?.arn ?? "",
            encoderConfigurationArns: [encoderConfiguration?.arn ?? ""],
          },
        },
      ],
    }),
  );
  const { stageSessions } = await ivs.send(new ListStageSessionsCommand({ stageArn, maxResults: 10 }));
  const sessionId = stageSessions?.[0]?.sessionId ?? "";
  expect(sessionId).not.toBe("");

  addNeedle("aws-secret-key", "AWS secret access key of the console", crawlSecretAccessKey);
  const known = accounts();
  for (const role of ["admin", "operator", "viewer"] as const)
    addNeedle("password", `${role} password`, known[role].password);

  world.stageArn = stageArn;
  world.sessionId = sessionId;
  const stagePage = `/stages/${enc(stageArn)}`;
  paths = [
    "/",
    "/stages",
    stagePage,
    `${stagePage}/sessions`,
    `${stagePage}/sessions/${sessionId}`,
    `${stagePage}/sessions/${sessionId}/participants/${participantId}`,
    "/compositions",
    `/compositions/${enc(composition?.arn ?? "")}`,
    "/configurations",
    "/public-keys",
    `/designer?stage=${enc(stageArn)}`,
    "/find-user",
    "/admin/users",
    "/audit",
    "/sign-in",
  ].map((path) => `${path}${path.includes("?") ? "&" : "?"}region=us-east-1`);
});

async function newContext(browser: Browser, role: E2eRole | "anonymous"): Promise<BrowserContext> {
  // Always an explicit storage state: new contexts otherwise inherit the project's default (the admin's session).
  return browser.newContext({
    baseURL,
    storageState: role === "anonymous" ? { cookies: [], origins: [] } : storageStatePath(role),
  });
}

/** Every file the build serves under /_next/static (JavaScript chunks, CSS, manifests). */
function buildAssets(): string[] {
  const root = join(process.env.NEXT_DIST_DIR || ".next", "static");
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(root)
    .filter((path) => /\.(js|css|json)$/.test(path))
    .map((path) => `/_next/static/${relative(root, path).split("\\").join("/")}`);
}

/**
 * A read, tried again when its kept-alive connection was reset under it (the server closed the idle socket as
 * Playwright reused it: seen in CI on a prefetch, and on the HTML reads when the machine is loaded). Only for
 * GET and HEAD, which change nothing.
 */
async function readWithRetry(read: () => Promise<APIResponse>, idempotent = true): Promise<APIResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const reset = error instanceof Error && /ECONNRESET|socket hang up/.test(error.message);
      if (!idempotent || !reset || attempt >= 3) throw error;
    }
  }
}

const fetchWithRetry = (route: Route) =>
  readWithRetry(() => route.fetch({ maxRedirects: 0 }), ["GET", "HEAD"].includes(route.request().method()));

/** GET `path` as the context's user (its HTML, or with `RSC: 1` its RSC payload). */
const getText = async (context: BrowserContext, path: string, headers: Record<string, string> = {}) =>
  (await readWithRetry(() => context.request.get(path, { headers }))).text();

/** Whether a context is being closed: answers still being read then never reach a browser. */
interface Crawled {
  closing: boolean;
}

/** An error of an answer whose page or context went away while it was read (the browser never got it). */
const goneAway = /Response has been disposed|Target page, context or browser has been closed|Request context disposed/;

/**
 * Routes every request of `context` except build assets through Playwright (`route.fetch`, no redirects
 * followed), so that each answer's full body is read and handed to `onAnswer` before the browser gets it.
 */
async function captureAnswers(
  context: BrowserContext,
  assets: Set<string>,
  onAnswer: (answer: { method: string; path: string; action: boolean; body: string }) => void,
): Promise<Crawled> {
  const crawled: Crawled = { closing: false };
  await context.route("**/*", async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.pathname.startsWith("/_next/static/")) {
      assets.add(url.pathname);
      return route.continue();
    }
    // The push stream never ends, so it cannot be read whole here: pages fall back to polling (whose answers
    // are read), and `readPushStream` scans the stream itself.
    if (url.pathname === "/api/live") return route.abort("connectionrefused");
    try {
      const response = await fetchWithRetry(route);
      const body = await response.body();
      onAnswer({
        method: request.method(),
        path: `${url.pathname}${url.search}`,
        action: Boolean(request.headers()["next-action"]),
        body: body.toString("utf8"),
      });
      await route.fulfill({ response, body });
    } catch (error) {
      // Only an answer that can no longer reach any browser is dropped; anything else fails the crawl.
      if (!(crawled.closing && error instanceof Error && goneAway.test(error.message))) throw error;
    }
  });
  return crawled;
}

/**
 * Follows a page's requests, as Playwright's `networkidle` does but without the push stream (aborted here, so the
 * page keeps reconnecting to it with back-off, which keeps `networkidle` from ever being reached).
 */
function followRequests(page: Page): { inFlight: number; lastEnded: number } {
  const traffic = { inFlight: 0, lastEnded: Date.now() };
  const counts = (request: Request) => new URL(request.url()).pathname !== "/api/live";
  page.on("request", (request) => {
    if (counts(request)) traffic.inFlight++;
  });
  const ended = (request: Request) => {
    if (!counts(request)) return;
    traffic.inFlight--;
    traffic.lastEnded = Date.now();
  };
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  return traffic;
}

/**
 * Waits until the page has hydrated (React has attached itself to <body>) and its reads have settled: no request
 * in flight for `quietMs`. A page that keeps reading without a pause is left after `capMs`; what it read until
 * then was scanned.
 */
async function settled(page: Page, traffic: { inFlight: number; lastEnded: number }, quietMs = 500, capMs = 8_000) {
  await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__reactFiber$")), null, {
    timeout: 60_000,
  });
  await expect
    .poll(() => traffic.inFlight <= 0 && Date.now() - traffic.lastEnded >= quietMs, {
      timeout: capMs,
      intervals: [100],
    })
    .toBe(true)
    .catch(() => undefined);
}

/** Stops intercepting and closes the context; answers still being read then are dropped with it. */
async function closeCrawled(context: BrowserContext, crawled: Crawled): Promise<void> {
  crawled.closing = true;
  await context.unrouteAll({ behavior: "ignoreErrors" });
  await context.close();
}

/**
 * Reads the push stream (`/api/live`) as this context's user for a few seconds while something changes in the
 * crawled session, and returns what it sent.
 */
async function readPushStream(context: BrowserContext, base: string): Promise<string> {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const topics = encodeURIComponent(`all\nsession ${world.stageArn} ${world.sessionId}`);
  const stop = new AbortController();
  const response = await fetch(`${base}/api/live?region=us-east-1&topics=${topics}`, {
    headers: { cookie },
    signal: stop.signal,
  });
  expect(response.status).toBe(200);
  const joined = await fetch(`${emulator}/_emulator/participants/join`, {
    method: "POST",
    headers: { ...control, "content-type": "application/json" },
    body: JSON.stringify({ region: "us-east-1", stageArn: world.stageArn, userId: unique("crawl-push") }),
  });
  expect(joined.ok).toBe(true);
  // Read until the stream said it is ready and told of a change (the join), or at most 20 s: the stream never ends.
  const cap = setTimeout(() => stop.abort(), 20_000);
  let text = "";
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  try {
    while (!(text.includes("event: ready") && text.includes("event: change"))) {
      const next = await reader?.read();
      if (!next || next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
  } catch {
    // the cap ends the read
  } finally {
    clearTimeout(cap);
    stop.abort();
  }
  expect(text).toContain("event: ready");
  return text;
}

test("no secret reaches any browser unless a user explicitly reveals it", async ({ browser, request }) => {
  const hits: Hit[] = [];
  const stats: Record<string, RoleStats> = {};
  const seenAssets = new Set<string>();

  // The four roles are crawled side by side (one context each): most of a page's time is spent waiting for it.
  const crawlAs = async (role: E2eRole | "anonymous") => {
    const row: RoleStats = { pages: 0, htmlBytes: 0, rscBytes: 0, browserAnswers: 0, browserBytes: 0 };
    stats[role] = row;
    const context = await newContext(browser, role);
    const crawled = await captureAnswers(context, seenAssets, ({ method, path, body }) => {
      row.browserAnswers++;
      row.browserBytes += body.length;
      scan(body, `${role} browser ${method} ${path}`, hits);
    });
    const page = await context.newPage();
    const traffic = followRequests(page);
    for (const path of paths) {
      const htmlText = await getText(context, path);
      row.htmlBytes += htmlText.length;
      scan(htmlText, `${role} HTML ${path}`, hits);
      const rscText = await getText(context, path, { RSC: "1" });
      row.rscBytes += rscText.length;
      scan(rscText, `${role} RSC ${path}`, hits);
      await page.goto(path);
      await settled(page, traffic);
      row.pages++;
    }
    if (role !== "anonymous") {
      const streamed = await readPushStream(context, baseURL);
      row.browserBytes += streamed.length;
      scan(streamed, `${role} push stream /api/live`, hits);
    }
    // Pages keep polling until their context closes: an answer still being read then is dropped with it.
    await closeCrawled(context, crawled);
  };
  await Promise.all((["anonymous", "viewer", "operator", "admin"] as const).map(crawlAs));

  // Every asset of the build, whether or not a crawled page loaded it (lazy dialogs, the palette, the designer…).
  const assets = new Set([...buildAssets(), ...seenAssets]);
  let assetBytes = 0;
  let chunks = 0;
  for (const asset of assets) {
    const response = await readWithRetry(() => request.get(asset));
    if (!response.ok()) continue;
    const text = await response.text();
    assetBytes += text.length;
    if (asset.endsWith(".js")) chunks++;
    scan(text, `asset ${asset}`, hits);
  }

  // Explicit reveals: an operator mints a token and reveals a stream key. The secret appears in the answer to
  // that action only — and the crawl of the same pages afterwards is clean again.
  const operator = await newContext(browser, "operator");
  const actionAnswers: { where: string; text: string }[] = [];
  const otherAnswers: { where: string; text: string }[] = [];
  const operatorCrawled = await captureAnswers(operator, new Set(), ({ method, path, action, body }) =>
    (action ? actionAnswers : otherAnswers).push({
      where: `operator ${action ? "action answer" : "browser"} ${method} ${path}`,
      text: body,
    }),
  );
  const page = await operator.newPage();
  const before = needles.length;
  await page.goto(paths[2] ?? "/");
  await page.getByLabel("User id").fill("crawl-minted-in-console");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText(/shown once/)).toBeVisible();
  const mintAnswer = actionAnswers.find((answer) => answer.text.includes('"participantToken"'));
  addNeedle(
    "participant-token",
    "token minted in the console (explicit)",
    /"token":"([^"]+)"/.exec(mintAnswer?.text ?? "")?.[1],
  );
  await page.goto(paths[8] ?? "/configurations");
  await page
    .getByRole("row")
    .filter({ hasText: "crawl-ingest" })
    .first()
    .getByRole("button", { name: /^Details of/ })
    .click();
  await page.getByRole("button", { name: "Reveal stream key" }).click();
  await expect(page.getByTestId("stream-key")).not.toContainText("•");
  const shownKey = (await page.getByTestId("stream-key").textContent()) ?? "";
  const revealed: Hit[] = [];
  for (const answer of actionAnswers) scan(answer.text, answer.where, revealed);
  const afterReveal: Hit[] = [];
  for (const answer of otherAnswers) scan(answer.text, answer.where, afterReveal);
  for (const path of [paths[2] ?? "/", paths[8] ?? "/"]) {
    scan(await getText(operator, path), `operator HTML after reveal ${path}`, afterReveal);
    scan(await getText(operator, path, { RSC: "1" }), `operator RSC after reveal ${path}`, afterReveal);
  }
  await closeCrawled(operator, operatorCrawled);
  const table = Object.entries(stats).map(
    ([role, s]) =>
      `  ${role.padEnd(9)} ${String(s.pages).padStart(3)} pages   HTML ${(s.htmlBytes / 1024).toFixed(0).padStart(6)} KiB   RSC ${(s.rscBytes / 1024).toFixed(0).padStart(6)} KiB   browser answers ${String(s.browserAnswers).padStart(4)} (${(s.browserBytes / 1024).toFixed(0)} KiB)`,
  );
  const summary = {
    needles: needles.map((needle) => `${needle.kind}: ${needle.label} (${needle.value.length} chars)`),
    pages: paths,
    roles: stats,
    assets: { files: assets.size, javascriptChunks: chunks, bytes: assetBytes },
    hits,
    explicitReveals: revealed,
    hitsAfterReveal: afterReveal,
  };
  console.log(
    [
      "",
      `secrets crawl: ${paths.length} pages × 4 roles (signed out, viewer, operator, admin); ${needles.length} secrets searched (${before} seeded + 1 minted in the console)`,
      ...table,
      `  build assets: ${assets.size} files (${chunks} JavaScript chunks), ${(assetBytes / 1024).toFixed(0)} KiB`,
      `  hits: ${hits.length}${hits.length ? `\n    ${hits.map((hit) => `${hit.needle} in ${hit.where}`).join("\n    ")}` : ""}`,
      `  explicit reveals seen (expected 2: the minted token and the revealed stream key, each in its action's answer): ${revealed.length}`,
      ...revealed.map((hit) => `    ${hit.needle} in ${hit.where}`),
      `  hits elsewhere during and after the reveals (other answers of those pages, their HTML and RSC again): ${afterReveal.length}`,
      "",
    ].join("\n"),
  );
  writeFileSync(test.info().outputPath("secrets-crawl.json"), JSON.stringify(summary, null, 2));
  await test.info().attach("secrets-crawl.json", {
    path: test.info().outputPath("secrets-crawl.json"),
    contentType: "application/json",
  });

  expect(hits).toEqual([]);
  expect(afterReveal).toEqual([]);
  expect(
    needles.some((needle) => needle.value === shownKey),
    `the revealed key ${shownKey.slice(0, 40)}… is one of the seeded keys`,
  ).toBe(true);
  expect(revealed.map((hit) => hit.needle).sort()).toEqual([
    "stream key (attached, live)",
    "token minted in the console (explicit)",
  ]);
  expect(stats.viewer?.pages).toBe(paths.length);
  expect(chunks).toBeGreaterThan(10);
});
