#!/usr/bin/env node
// `npm test`: unit and conformance tests (Vitest), a production build, then the e2e suite in Chromium.
// Ends with one line `N passed, N failed, N skipped` (also written to reports/summary.txt).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
mkdirSync("reports", { recursive: true });
for (const f of ["reports/unit.json", "reports/e2e.json"]) rmSync(f, { force: true });

function run(label, command, args) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: "inherit", env });
  console.log(`=== ${label}: exit ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  return status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

const unitOk = run("unit", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=reports/unit.json",
]);
const buildOk = run("build", "npx", ["next", "build"]);
const e2eOk = buildOk && run("e2e", "npx", ["playwright", "test"]);

let passed = 0,
  failed = 0,
  skipped = 0;
const unit = readJson("reports/unit.json");
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + unit.numTodoTests;
  if (!unitOk && unit.numFailedTests === 0) failed += 1; // a suite that failed to load
} else failed += 1;
const e2e = readJson("reports/e2e.json");
if (e2e?.stats) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
  if (!e2eOk && e2e.stats.unexpected === 0) failed += 1; // e.g. a web server that did not start
} else failed += 1;
if (!buildOk) failed += 1;

const summary = `${passed} passed, ${failed} failed, ${skipped} skipped`;
writeFileSync("reports/summary.txt", `${summary}\n`);
console.log(summary);
process.exit(unitOk && buildOk && e2eOk ? 0 : 1);
