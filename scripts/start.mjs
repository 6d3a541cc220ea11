#!/usr/bin/env node
// `npm start`: the IVS Real-Time emulator (demo world) plus the console, one command, one URL.
//   npm start                         emulator on 127.0.0.1:4599 (--world demo) + console on http://localhost:3000
//   npm start -- --state-file data/emulator-world.json   any other option goes to the emulator (here: keep its world across restarts)
//   npm start -- --aws                the console alone, against real AWS (standard credential chain, AWS_REGION)
// The emulator starts while the console is built (only when there is no build or the sources are newer than it).
// The console's own output (e.g. the first admin's generated password) is forwarded. Ctrl-C stops both.
// PORT, IVS_EMULATOR_PORT and NEXT_DIST_DIR choose the console port, the emulator port and the build folder.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";

const args = process.argv.slice(2);
const useAws = args.includes("--aws");
const emulatorArgs = args.filter((arg) => arg !== "--aws");
const consolePort = process.env.PORT ?? "3000";
const emulatorPort = process.env.IVS_EMULATOR_PORT ?? "4599";
const distDir = process.env.NEXT_DIST_DIR || ".next";
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const started = Date.now();
/** Running children by name ("emulator", "console build", "console"). */
const children = new Map();
let stopping = false;

if (args.includes("--help") || args.includes("-h")) {
  console.log(`Usage: npm start [-- --aws | -- <emulator options>]

  npm start                     the emulator (demo world) + the console, one URL; Ctrl-C stops both
  npm start -- <options>        options for the emulator, e.g. --state-file data/emulator-world.json, --seed 7
  npm start -- --aws            the console alone, against real AWS

Environment: PORT (console, default 3000), IVS_EMULATOR_PORT (default 4599), NEXT_DIST_DIR (build folder).
Emulator options: npm run emulator -- --help. More: docs/emulator.md.`);
  process.exit(0);
}

if (useAws && emulatorArgs.length > 0) {
  console.error(
    `npm start: ${emulatorArgs.join(" ")}: emulator options do not apply with --aws (the console alone, against real AWS).`,
  );
  process.exit(2);
}

// ---- is the build up to date? -------------------------------------------------------------------------------
const sourceDirs = ["app", "components", "lib", "server", "public"];
const sourceFiles = [
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "postcss.config.mjs",
  "proxy.ts",
  "instrumentation.ts",
];
const ignored = (name) => name === "node_modules" || name.startsWith(".") || /\.test\.tsx?$/.test(name);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (ignored(entry.name)) continue;
    const path = join(dir, entry.name);
    if (path === join("server", "emulator")) continue; // a separate program, not part of the console build
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const buildId = join(distDir, "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const dirs = sourceDirs.filter((dir) => existsSync(dir)).map(newestMtime);
  const files = sourceFiles.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs);
  return Math.max(0, ...dirs, ...files) > built;
}

// ---- processes --------------------------------------------------------------------------------------------------
// Stopping: every child gets SIGTERM once. The emulator is waited for without a deadline (it commits its journal
// and writes its state file; killing it then would only make the next start replay more); the console build and
// the console are killed if they have not left after 8 s. Further signals while stopping change nothing.
function stopAll(code, reason) {
  if (stopping) {
    if (reason) console.error(`npm start: still stopping (${reason}); the emulator is saving its state.`);
    return;
  }
  stopping = true;
  for (const child of children.keys()) child.kill("SIGTERM");
  const exit = () => process.exit(code);
  if (children.size === 0) exit();
  setTimeout(() => {
    for (const [child, name] of children) if (name !== "emulator") child.kill("SIGKILL");
  }, 8_000).unref();
  const wait = setInterval(() => {
    if (children.size === 0) {
      clearInterval(wait);
      exit();
    }
  }, 50);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stopAll(0, signal));

// `npm start` runs this through `sh -c`: a SIGTERM sent to npm alone reaches the shell, which dies without
// passing it on. Losing the parent that way (or npm itself being killed) stops everything like a signal would.
const parent = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(parentWatch);
  stopAll(0, "its parent process is gone");
}, 250);
parentWatch.unref();
// With the terminal or npm gone, writing our output may fail (EPIPE): that must not stop us from stopping.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

function run(command, commandArgs, env, { onLine, name }) {
  const child = spawn(command, commandArgs, { env, stdio: ["ignore", onLine ? "pipe" : "inherit", "inherit"] });
  children.set(child, name);
  if (onLine) createInterface({ input: child.stdout }).on("line", onLine);
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
  child.on("error", (error) => {
    console.error(`npm start: cannot run the ${name}: ${error.message}`);
    stopAll(1);
  });
  return { child, exited };
}

function startEmulator(env) {
  return new Promise((resolve, reject) => {
    // EventBridge push, wired as an API destination would be: the emulator posts the world's IVS events to the
    // console with a key made for this start (in the environment, not on the command line).
    const push = emulatorArgs.some((arg) => arg.startsWith("--eventbridge-target"))
      ? []
      : ["--eventbridge-target", `http://127.0.0.1:${consolePort}/api/events/eventbridge`];
    const emulator = run(
      process.execPath,
      [
        "--import",
        "tsx",
        "server/emulator/main.ts",
        "--port",
        emulatorPort,
        "--world",
        "demo",
        ...push,
        ...emulatorArgs,
      ],
      env,
      {
        name: "emulator",
        onLine: (line) => {
          console.log(line); // the emulator's ready line (with its URL, world and seed)
          if (line.includes("ready at http://")) resolve(emulator);
        },
      },
    );
    emulator.exited.then((code) => {
      if (stopping) return;
      reject(
        new Error(
          `the emulator exited (code ${code}) ${code === 2 ? "because of its options" : "before or after it was ready"}; see its messages above`,
        ),
      );
    });
  });
}

function build(env) {
  console.log(`Building the console into ${distDir} (first start, or the sources changed)…`);
  // Types are checked by `npm run typecheck` and CI; skipping Next's own check here halves a first start.
  const next = run(
    process.execPath,
    [nextBin, "build"],
    { ...env, CONSOLE_BUILD_SKIP_TYPECHECK: "1" },
    { name: "console build" },
  );
  return next.exited;
}

function startConsole(env) {
  return new Promise((resolve) => {
    const next = run(process.execPath, [nextBin, "start", "-p", consolePort, "-H", "127.0.0.1"], env, {
      name: "console",
      onLine: (line) => {
        // Next's banner lists its own URLs: only ours is printed, once everything is ready.
        if (/^\s*-\s*(Local|Network):/.test(line)) return;
        console.log(line);
        if (/\bReady\b/.test(line)) resolve();
      },
    });
    next.exited.then((code) => stopAll(code));
  });
}

async function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  if (!useAws) {
    Object.assign(env, {
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
      IVS_EMULATOR_PORT: emulatorPort,
      IVS_ENDPOINT: emulatorUrl,
      // The demo world lives in two regions: observe both from the start.
      CONSOLE_OBSERVE_REGIONS: process.env.CONSOLE_OBSERVE_REGIONS ?? "us-east-1,us-west-2",
      // Alert webhooks to a receiver on this machine (the demo's); a deployment leaves private addresses refused.
      CONSOLE_WEBHOOK_ALLOW_PRIVATE: process.env.CONSOLE_WEBHOOK_ALLOW_PRIVATE ?? "1",
    });
    const eventsKey = process.env.CONSOLE_EVENTS_API_KEY ?? randomBytes(24).toString("base64url");
    env.CONSOLE_EVENTS_API_KEY = eventsKey;
    env.IVS_EMULATOR_EVENTBRIDGE_API_KEY = process.env.IVS_EMULATOR_EVENTBRIDGE_API_KEY ?? eventsKey;
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
  }
  // The emulator writes three hours of history while the console builds.
  const emulatorReady = (useAws ? Promise.resolve() : startEmulator(env)).then(
    () => true,
    (error) => {
      console.error(`npm start: ${error instanceof Error ? error.message : error}`);
      stopAll(1);
      return false;
    },
  );
  if (needsBuild()) {
    const code = await build(env);
    if (code !== 0 && !stopping) {
      console.error(`npm start: the console build failed (exit ${code}).`);
      return stopAll(code || 1);
    }
  }
  if (stopping) return;
  // The console needs the emulator only when it answers requests: both start side by side.
  const [emulatorOk] = await Promise.all([emulatorReady, startConsole(env)]);
  if (!emulatorOk || stopping) return;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const target = useAws ? "real AWS" : `emulator at ${emulatorUrl}, demo world`;
  console.log(
    `\nControl Room is ready: http://localhost:${consolePort}  (${target}; started in ${seconds} s)  Ctrl-C stops it.\n`,
  );
}

main().catch((error) => {
  console.error(`npm start: ${error instanceof Error ? error.message : error}`);
  stopAll(1);
});
