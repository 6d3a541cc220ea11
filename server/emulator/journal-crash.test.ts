import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { signRequest } from "./http/testing";

/**
 * The durability promise of `--state-file`, against the real process: writers hammer the emulator, it is
 * killed with SIGKILL at a random moment, it restarts on the same file, and every write acknowledged before the
 * kill must be there. The restarted process is the next run's target, so 20 runs cost 21 starts.
 */

const root = path.resolve(import.meta.dirname, "../..");
const entry = path.join(root, "server", "emulator", "main.ts");
const runs = Number(process.env.CRASH_RUNS ?? 20);
const writers = 6;
const dir = mkdtempSync(path.join(tmpdir(), "ivs-emulator-crash-"));
const stateFile = path.join(dir, "world.json");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

interface Emulator {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<void>;
}

function start(): Promise<Emulator> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", entry, "--port", "0", "--quotas", "off", "--seed", "5", "--state-file", stateFile],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let stdout = "";
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /ready at http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
      if (port) resolve({ child, port: Number(port), exited });
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited (${code}) before it was ready: ${stderr}`)));
  });
}

function post(
  agent: Agent,
  port: number,
  target: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: target,
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Stage names and tags the emulator holds now (control API). */
async function holdings(port: number): Promise<Map<string, Record<string, string>>> {
  const response = await fetch(`http://127.0.0.1:${port}/_emulator/state?region=us-east-1`, {
    headers: { authorization: "Bearer test:test" },
  });
  const state = (await response.json()) as { stages: { name: string; tags: Record<string, string> }[] };
  return new Map(state.stages.map((stage) => [stage.name, stage.tags]));
}

/** Acknowledged writes: a stage name, and the tag written on it (absent until a TagResource was acknowledged). */
type Acked = Map<string, string | undefined>;

/**
 * `writers` clients each create stages and tag the ones they created, until the emulator goes away; resolves
 * once `target` writes were acknowledged (the moment to kill), and `done` once every client has stopped.
 */
function writeUntilKilled(port: number, run: number, acked: Acked, target: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: writers });
  const host = `127.0.0.1:${port}`;
  let count = 0;
  let reached: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (reached = resolve));
  const client = async (w: number) => {
    for (let i = 0; ; i++) {
      const name = `r${run}-w${w}-${i}`;
      try {
        const create = await signRequest({ host, path: "/CreateStage", body: JSON.stringify({ name }) });
        const created = await post(agent, port, create.target, create.body, create.headers);
        if (created.status !== 200) throw new Error(`CreateStage answered ${created.status}: ${created.body}`);
        acked.set(name, undefined);
        const arn = (JSON.parse(created.body) as { stage: { arn: string } }).stage.arn;
        if (++count >= target) reached();
        if (i % 2 === 1) {
          const tag = await signRequest({
            host,
            path: `/tags/${encodeURIComponent(arn)}`,
            body: JSON.stringify({ tags: { written: String(i) } }),
          });
          const tagged = await post(agent, port, tag.target, tag.body, tag.headers);
          if (tagged.status !== 200) throw new Error(`TagResource answered ${tagged.status}: ${tagged.body}`);
          acked.set(name, String(i));
          if (++count >= target) reached();
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ECONNRESET" || code === "ECONNREFUSED" || code === "EPIPE" || code === "ECONNABORTED") return; // killed
        throw error;
      }
    }
  };
  const done = Promise.all(Array.from({ length: writers }, (_, w) => client(w))).finally(() => agent.destroy());
  return { enough, done };
}

describe("--state-file: no acknowledged write is lost to kill -9", () => {
  it(`loses nothing in ${runs} runs with randomised kill moments`, { timeout: 240_000 }, async () => {
    const started = performance.now();
    const acked: Acked = new Map();
    let emulator = await start();
    const restarts: number[] = [];
    for (let run = 0; run < runs; run++) {
      const target = 10 + Math.floor(Math.random() * 150);
      const load = writeUntilKilled(emulator.port, run, acked, target);
      await Promise.race([load.enough, load.done]);
      emulator.child.kill("SIGKILL"); // at once: requests are in flight, some answered, some not
      await emulator.exited;
      await load.done;

      const restartedAt = performance.now();
      emulator = await start();
      restarts.push(performance.now() - restartedAt);
      const held = await holdings(emulator.port);
      const lost = [...acked].filter(
        ([name, tag]) => !held.has(name) || (tag !== undefined && held.get(name)?.written !== tag),
      );
      expect(lost, `run ${run}: acknowledged writes missing after kill -9`).toEqual([]);
    }
    emulator.child.kill("SIGTERM");
    await emulator.exited;
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    const seconds = (performance.now() - started) / 1000;
    const slowest = Math.max(...restarts);
    console.info(
      `crash test: ${runs} kill -9 runs, ${acked.size} acknowledged stages (${[...acked.values()].filter((t) => t !== undefined).length} tagged), 0 lost; restart to ready ${Math.round(restarts.reduce((a, b) => a + b, 0) / restarts.length)} ms mean, ${Math.round(slowest)} ms max; ${seconds.toFixed(1)} s in all`,
    );
    expect(acked.size).toBeGreaterThan(runs * 5);
  });
});
