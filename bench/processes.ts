// Child processes for the benchmarks: the emulator and the production console, on ports of their own.
import { spawn, type ChildProcess } from "node:child_process";

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

/** `next start` on a production build (run `next build` first). */
export async function startConsole(emulatorUrl: string, port = 3300): Promise<Child> {
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_REGION: "us-east-1",
      IVS_ENDPOINT: emulatorUrl,
    },
  });
  await waitForLine(child, /Ready/);
  return { port, url: `http://127.0.0.1:${port}`, process: child, stop: () => child.kill() };
}
