import { execFile, execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CreateStageCommand } from "@aws-sdk/client-ivs-realtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../clock";
import { startApp, type RunningApp } from "../sim/http-kit";

/**
 * An independent client: boto3 through whichever Python interpreters have it. Debian's python3-boto3
 * (botocore 1.29, `/usr/bin/python3`) speaks the query protocol; a botocore ≥ 1.42.7 (e.g. from pip) speaks
 * AWS JSON 1.0. Each available interpreter runs boto-client.py against a started emulator.
 */

const run = promisify(execFile);

function interpreters(): string[] {
  const found = new Map<string, string>();
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    try {
      execFileSync(candidate, ["-c", "import boto3"], { stdio: "ignore", timeout: 20_000 });
      const resolved = execFileSync(candidate, ["-c", "import sys; print(sys.executable)"], {
        encoding: "utf8",
      }).trim();
      found.set(realpathSync(resolved), candidate);
    } catch {
      // this interpreter is missing or has no boto3
    }
  }
  return [...found.values()];
}

const available = interpreters();
const script = path.join(import.meta.dirname, "boto-client.py");
const start = Date.parse("2026-05-01T10:00:00.000Z");
let app: RunningApp;
let stageId = "";
let publisher = "";

interface BotoReport {
  botocore: string;
  protocol: string;
  hiCount: number;
  hiMin: number;
  firstTimestamp: number;
  publishers: number[];
  pages: number;
  pagedCount: number;
  metrics: string[];
  resolution: Array<[number, number, string]>;
  error: { code: string; status: number } | null;
}

describe.skipIf(available.length === 0)(
  available.length === 0
    ? 'boto3 (skipped: `python3 -c "import boto3"` fails; apt-get install python3-boto3)'
    : "boto3 against the emulator",
  () => {
    beforeAll(async () => {
      const clock = manualClock(start);
      app = await startApp({ clock });
      const stage = (await app.sdk().send(new CreateStageCommand({ name: "boto" }))).stage;
      const arn = stage?.arn ?? "";
      stageId = arn.slice(arn.lastIndexOf("/") + 1);
      publisher = String(
        (await app.control("POST", "/participants/join", { stageArn: arn, publish: true })).json.participantId,
      );
      clock.advance(5 * 60_000);
      await app.control("POST", "/participants/join", { stageArn: arn, publish: true });
      clock.advance(5 * 60_000);
    });

    afterAll(async () => {
      await app.close();
    });

    it.each(available)(
      "%s: GetMetricData, pagination, ListMetrics, GetMetricStatistics and an error",
      async (python) => {
        const { stdout } = await run(python, [script, app.url, stageId, publisher, String(start / 1000)], {
          timeout: 60_000,
        });
        const report = JSON.parse(stdout) as BotoReport;
        expect(["query", "json"]).toContain(report.protocol);
        if (python === "/usr/bin/python3" && report.botocore.startsWith("1.29.")) expect(report.protocol).toBe("query");
        expect(report.hiCount).toBe(10);
        expect(report.hiMin).toBeGreaterThan(2_000_000);
        expect(report.firstTimestamp).toBe(start / 1000);
        expect(report.publishers).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
        expect(report.pages).toBe(3); // 20 points of 30 s, 7 per page
        expect(report.pagedCount).toBe(20);
        expect(report.metrics).toEqual(["PublishBitrate", "PublishResolution"]);
        expect(report.resolution).toEqual([[720, 720, "Count"]]);
        expect(report.error).toEqual({ code: "InvalidParameterValue", status: 400 });
      },
    );
  },
);
