#!/usr/bin/env node
// `npm start`: the IVS Real-Time emulator plus the console, one command, one URL.
//   npm start            emulator (demo world) on 127.0.0.1:4599 + console on http://localhost:3000
//   npm start -- --aws   the console alone, against real AWS (standard credential chain, AWS_REGION)
// Builds the console first when there is no build or the sources are newer than it. Ctrl-C stops both.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const useAws = process.argv.includes("--aws");
const consolePort = process.env.PORT ?? "3000";
const emulatorPort = process.env.IVS_EMULATOR_PORT ?? "4599";
const children = [];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const buildId = ".next/BUILD_ID";
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return ["app", "components", "lib", "server", "public"].some((dir) => existsSync(dir) && newestMtime(dir) > built);
}

function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

function startEmulator(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/emulator/main.ts", "--port", emulatorPort, "--world", "demo"], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      if (buffered.includes("http://")) resolve(child);
      process.stdout.write(chunk);
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited (code ${code})`)));
  });
}

async function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (!useAws) {
    Object.assign(env, {
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
      IVS_EMULATOR_PORT: emulatorPort,
      IVS_ENDPOINT: `http://127.0.0.1:${emulatorPort}`,
    });
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
  }
  if (needsBuild()) {
    console.log("Building the console (first start or changed sources)…");
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
    if (build.status !== 0) stopAll(build.status ?? 1);
  }
  if (!useAws) await startEmulator(env);
  const next = spawn("npx", ["next", "start", "-p", consolePort, "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "inherit"] });
  children.push(next);
  next.stdout.on("data", (chunk) => {
    if (String(chunk).includes("Ready")) {
      console.log(`\nControl Room is ready: http://localhost:${consolePort}  (${useAws ? "real AWS" : "emulator at " + env.IVS_ENDPOINT})  Ctrl-C stops it.`);
    }
  });
  next.on("exit", (code) => stopAll(code ?? 0));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
});
