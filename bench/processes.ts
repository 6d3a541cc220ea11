// Child processes for the benchmarks: the emulator and the production console, on ports of their own.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface Child {
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  stop(): void;
}

async function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let output = "";
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    output += String(chunk);
    const match = pattern.exec(output);
    if (match) return match;
  }
  throw new Error(`process exited before it was ready:\n${output}`);
}

export async function startEmulator(args: readonly string[] = []): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/emulator/main.ts", "--port", "0", "--quotas", "off", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
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
export async function startConsole(emulatorUrl: string, extraEnv: Record<string, string> = {}): Promise<Child> {
  const port = await freePort();
  // Node runs Next directly (not through npx) so that stopping the child stops the server.
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
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
  });
  await waitForLine(child, /Ready/);
  return { port, url: `http://127.0.0.1:${port}`, process: child, stop: () => child.kill() };
}
