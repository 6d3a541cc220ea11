import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const entry = path.join(root, "server", "emulator", "main.ts");
let children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children = [];
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(tsx, [entry, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
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
    const proc = run(["--port", "0", "--seed", "7"], { IVS_EMULATOR_CREDENTIALS: "test:test,AKIDB:secret:210987654321" });
    const line = await proc.firstLine;
    expect(performance.now() - started).toBeLessThan(30_000); // a hang detector; start-up time is benchmarked
    const match = /^IVS Real-Time emulator ready at (http:\/\/127\.0\.0\.1:\d+) \(accounts: 123456789012, 210987654321; quotas: realistic; world: empty; seed: 7\)$/.exec(line);
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
    const before = (await (await fetch(`${url}/_emulator/clock`, { headers })).json()) as { nowMs: number; mode: string };
    expect(before.mode).toBe("manual");
    const advanced = await fetch(`${url}/_emulator/clock/advance`, { method: "POST", headers, body: JSON.stringify({ ms: 60_000 }) });
    expect(((await advanced.json()) as { nowMs: number }).nowMs).toBe(before.nowMs + 60_000);
    expect((await fetch(`${url}/_emulator/state`)).status).toBe(403);
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });

  it("runs the demo world, keeps it in a --state-file across a restart, and refuses a corrupt file", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ivs-emulator-cli-"));
    const file = path.join(dir, "world.json");
    try {
      const started = performance.now();
      const first = run(["--port", "0", "--world", "demo", "--state-file", file], { IVS_EMULATOR_CREDENTIALS: "test:test" });
      const line = await first.firstLine;
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(line).toMatch(/\(accounts: 123456789012; quotas: realistic; world: demo; seed: 20260501; state file: .*world\.json\)$/);
      const url = /ready at (http:\/\/[^ ]+)/.exec(line)?.[1];
      const headers = { authorization: "Bearer test:test" };
      const state = (await (await fetch(`${url}/_emulator/state?region=us-west-2`, { headers })).json()) as { stages: { name: string }[] };
      expect(state.stages.map((stage) => stage.name)).toEqual(["product-launch", "partner-webinar"]);
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(existsSync(file)).toBe(true);

      const second = run(["--port", "0", "--world", "demo", "--state-file", file], { IVS_EMULATOR_CREDENTIALS: "test:test" });
      expect(await second.firstLine).toMatch(/world: restored from .*world\.json; seed: 20260501\)$/);
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);

      writeFileSync(file, "{ not json");
      const third = run(["--port", "0", "--state-file", file]);
      expect(await third.exited).toBe(1);
      expect(third.output().stderr).toMatch(/^ivs-emulator: state file .*world\.json is not usable: it is not valid JSON/);
      expect(third.output().stdout).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
