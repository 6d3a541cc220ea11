import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { signRequest } from "./http/testing";
import { journalPathFor, readJournal } from "./journal";

const root = path.resolve(import.meta.dirname, "../..");
const entry = path.join(root, "server", "emulator", "main.ts");
let children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    if (child.spawnargs[0] === "npm" && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL"); // its own process group: npm and the emulator
      } catch {
        // already gone
      }
    } else child.kill("SIGKILL");
  }
  children = [];
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const newline = stdout.indexOf("\n");
      if (newline !== -1) resolve(stdout.slice(0, newline));
    };
    child.stdout?.on("data", onData);
    child.on("exit", () => reject(new Error(`exited before printing a line; stderr: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // awaited only by tests that expect a ready line
  return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
}

describe("emulator CLI (npm run emulator)", () => {
  it("starts, prints one ready line with its URL, serves health, and exits 0 on SIGTERM", async () => {
    const started = performance.now();
    const proc = run(["--port", "0", "--seed", "7"], {
      IVS_EMULATOR_CREDENTIALS: "test:test,AKIDB:secret:210987654321",
    });
    const line = await proc.firstLine;
    expect(performance.now() - started).toBeLessThan(30_000); // a hang detector; start-up time is benchmarked
    const match =
      /^IVS Real-Time emulator ready at (http:\/\/127\.0\.0\.1:\d+) \(accounts: 123456789012, 210987654321; quotas: realistic; world: empty; seed: 7\)$/.exec(
        line,
      );
    expect(match, line).not.toBeNull();
    const response = await fetch(`${match?.[1]}/_emulator/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(proc.output().stdout.trim().split("\n")).toHaveLength(1);
  });

  it("runs the simulation and control API; --clock manual moves only when advanced", async () => {
    const proc = run(["--port", "0", "--seed", "7", "--clock", "manual", "--session-end-delay", "30"]);
    const line = await proc.firstLine;
    const url = /ready at (http:\/\/[^ ]+) .*; clock: manual\)$/.exec(line)?.[1];
    expect(url, line).toBeDefined();
    const headers = { authorization: "Bearer test:test" };
    const before = (await (await fetch(`${url}/_emulator/clock`, { headers })).json()) as {
      nowMs: number;
      mode: string;
    };
    expect(before.mode).toBe("manual");
    const advanced = await fetch(`${url}/_emulator/clock/advance`, {
      method: "POST",
      headers,
      body: JSON.stringify({ ms: 60_000 }),
    });
    expect(((await advanced.json()) as { nowMs: number }).nowMs).toBe(before.nowMs + 60_000);
    expect((await fetch(`${url}/_emulator/state`)).status).toBe(403);
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });

  it(
    "runs the demo world, keeps it in a --state-file across a restart, and refuses a corrupt file",
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "ivs-emulator-cli-"));
      const file = path.join(dir, "world.json");
      try {
        const started = performance.now();
        const first = run(["--port", "0", "--world", "demo", "--state-file", file], {
          IVS_EMULATOR_CREDENTIALS: "test:test",
        });
        const line = await first.firstLine;
        expect(performance.now() - started).toBeLessThan(20_000);
        expect(line).toMatch(
          /\(accounts: 123456789012; quotas: realistic; world: demo; seed: 20260501; state file: .*world\.json\)$/,
        );
        const url = /ready at (http:\/\/[^ ]+)/.exec(line)?.[1];
        const headers = { authorization: "Bearer test:test" };
        const state = (await (await fetch(`${url}/_emulator/state?region=us-west-2`, { headers })).json()) as {
          stages: { name: string }[];
        };
        expect(state.stages.map((stage) => stage.name)).toEqual(["product-launch", "partner-webinar"]);
        first.child.kill("SIGTERM");
        expect(await first.exited).toBe(0);
        expect(existsSync(file)).toBe(true);

        const second = run(["--port", "0", "--world", "demo", "--state-file", file], {
          IVS_EMULATOR_CREDENTIALS: "test:test",
        });
        expect(await second.firstLine).toMatch(/world: restored from .*world\.json; seed: 20260501\)$/);
        second.child.kill("SIGTERM");
        expect(await second.exited).toBe(0);

        writeFileSync(file, "{ not json");
        const third = run(["--port", "0", "--state-file", file]);
        expect(await third.exited).toBe(1);
        expect(third.output().stderr).toMatch(
          /^ivs-emulator: state file .*world\.json is not usable: it is not valid JSON/,
        );
        expect(third.output().stdout).toBe("");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it("prints the options with --help and exits 0", async () => {
    const proc = run(["--help"]);
    expect(await proc.exited).toBe(0);
    expect(proc.output().stdout).toMatch(/--allowed-origin/);
  });

  it("exits 2 with a clear message for a bad option", async () => {
    const proc = run(["--host", "0.0.0.0"]);
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toMatch(/--host must be a loopback address/);
  });
});

// ---- stopping through `npm run emulator` itself ---------------------------------------------------------------

/** `npm run emulator -- <args>` in its own process group (as a terminal would start it). */
function npmRun(args: string[]) {
  const child = spawn("npm", ["run", "emulator", "--", ...args], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", () => {
      const url = /IVS Real-Time emulator ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    child.on("exit", () => reject(new Error(`npm run emulator exited before it was ready; stderr: ${stderr}`)));
  });
  return { child, exited, ready, stderr: () => stderr };
}

/** Processes still in a process group (from /proc). */
function groupMembers(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(fields[2]) === pgid && fields[0] !== "Z";
      } catch {
        return false;
      }
    })
    .map(Number);
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function createStages(url: string, names: readonly string[]): Promise<void> {
  const host = url.replace("http://", "");
  for (const name of names) {
    const wire = await signRequest({ host, path: "/CreateStage", body: JSON.stringify({ name }) });
    const response = await fetch(`${url}${wire.target}`, { method: "POST", headers: wire.headers, body: wire.body });
    expect(response.status).toBe(200);
  }
}

type Stop = (npm: { pid: number }) => void;

const ways: readonly [string, Stop, readonly string[]][] = [
  [
    "Ctrl-C (SIGINT to the whole process group, as a terminal sends it)",
    ({ pid }) => process.kill(-pid, "SIGINT"),
    ["--world", "demo"],
  ],
  ["SIGTERM to the process group", ({ pid }) => process.kill(-pid, "SIGTERM"), ["--world", "demo"]],
  ["SIGTERM to npm's PID alone", ({ pid }) => process.kill(pid, "SIGTERM"), []],
  [
    "SIGINT twice",
    ({ pid }) => {
      process.kill(-pid, "SIGINT");
      process.kill(-pid, "SIGINT");
    },
    [],
  ],
];

describe("npm run emulator: every way of stopping saves and exits cleanly", () => {
  for (const [way, stop, extra] of ways) {
    it(way, { timeout: 90_000 }, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "ivs-emulator-stop-"));
      const file = path.join(dir, "world.json");
      try {
        const npm = npmRun(["--port", "0", "--quotas", "off", "--state-file", file, ...extra]);
        const url = await npm.ready;
        const port = Number(new URL(url).port);
        const names = ["stop-a", "stop-b", "stop-c"];
        await createStages(url, names);
        const pid = npm.child.pid ?? 0;
        stop({ pid });
        expect(await npm.exited).toBe(0);
        await until(() => groupMembers(pid).length === 0, "every process of the group to exit");
        expect(await portIsFree(port)).toBe(true);
        expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
        // Saved: the snapshot holds the stages and the journal holds nothing beyond its header.
        const saved = JSON.parse(readFileSync(file, "utf8")) as {
          journalGeneration: number;
          regions: { stages: { name: string }[] }[];
        };
        expect(saved.regions.flatMap((region) => region.stages.map((stage) => stage.name))).toEqual(
          expect.arrayContaining(names),
        );
        const journal = readJournal(journalPathFor(file));
        expect(journal?.header?.generation).toBe(saved.journalGeneration);
        expect(journal?.records).toEqual([]);
        expect(journal?.tornBytes).toBe(0);
        expect(npm.stderr()).toMatch(/shutting down signal="SIG(INT|TERM)"/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
