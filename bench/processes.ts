// Child processes for the benchmarks: the emulator and the production console, on ports of their own.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";

export interface Child {
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  stop(): void;
}

/**
 * Resolves with the first match of `pattern` in the child's stdout. The stream stays open and drained afterwards:
 * leaving a `for await` loop would destroy it, and the child's later writes would then fail with EPIPE.
 */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = "";
    let ready = false;
    const stdout = child.stdout;
    if (!stdout) return reject(new Error("child has no stdout pipe"));
    stdout.on("data", (chunk: Buffer) => {
      if (ready) return;
      output += String(chunk);
      const match = pattern.exec(output);
      if (match) {
        ready = true;
        output = "";
        resolve(match);
      }
    });
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`process exited (${String(code)}) before it was ready:\n${output}`));
    });
  });
}

/** The demo world at realistic quotas, pushing EventBridge events to a console that will listen on `consolePort`. */
export function startDemoEmulatorFor(consolePort: number, eventsKey: string): Promise<Child> {
  return startEmulator([
    "--world",
    "demo",
    "--quotas",
    "realistic",
    "--allowed-origin",
    `http://127.0.0.1:${consolePort}`,
    "--eventbridge-target",
    `http://127.0.0.1:${consolePort}/api/events/eventbridge`,
    "--eventbridge-api-key",
    eventsKey,
  ]);
}

export async function startEmulator(args: readonly string[] = []): Promise<Child> {
  const quotas = args.includes("--quotas") ? [] : ["--quotas", "off"];
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "server/emulator/main.ts", "--port", "0", ...quotas, ...args],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const match = await waitForLine(child, /http:\/\/127\.0\.0\.1:(\d+)/);
  const port = Number(match[1]);
  return { port, url: `http://127.0.0.1:${port}`, process: child, stop: () => child.kill() };
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `next start` on a production build (run `next build` first). */
export async function startConsole(
  emulatorUrl: string,
  extraEnv: Record<string, string> = {},
  fixedPort?: number,
): Promise<Child> {
  const port = fixedPort ?? (await freePort());
  // Node runs Next directly (not through npx) so that stopping the child stops the server.
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      stdio: ["ignore", "pipe", "inherit"],
      detached: false,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_REGION: "us-east-1",
        IVS_ENDPOINT: emulatorUrl,
        ...extraEnv,
      },
    },
  );
  await waitForLine(child, /Ready/);
  return { port, url: `http://127.0.0.1:${port}`, process: child, stop: () => child.kill() };
}

const adminPassword = "bench-admin-password-9Xr2";

/** The production console with a fresh database of its own and a known admin (sign in with `signIn`). */
export function startSignedInConsole(
  emulatorUrl: string,
  extraEnv: Record<string, string> = {},
  port?: number,
): Promise<Child & { dbPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), "control-room-bench-"));
  const dbPath = join(dir, "console.db");
  return startConsole(
    emulatorUrl,
    { CONSOLE_DB_PATH: dbPath, CONSOLE_ADMIN_USER: "admin", CONSOLE_ADMIN_PASSWORD: adminPassword, ...extraEnv },
    port,
  ).then((child) => ({ ...child, dbPath }));
}

/** Signs the page's browser context in as the bench admin of `startSignedInConsole`. */
export async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Debian's Chromium, headless, without the background traffic this machine's closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
}
