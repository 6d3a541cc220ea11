import { CreateStageCommand, GetStageCommand } from "@aws-sdk/client-ivs-realtime";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock, realClock } from "../clock";
import { startApp, type RunningApp } from "./http-kit";

let apps: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

async function start(options: Parameters<typeof startApp>[0]) {
  const app = await startApp(options);
  apps.push(app);
  return app;
}

describe("virtual time vs wall-clock time", () => {
  it("SigV4 works with --speed 60: the world runs fast, signatures and Date use real time", async () => {
    const app = await start({ config: { clock: "real", speed: 60 }, clock: realClock(60) });
    const client = app.sdk();
    const { stage } = await client.send(new CreateStageCommand({ name: "fast" }));
    const output = await client.send(new GetStageCommand({ arn: stage?.arn }));
    expect(output.$metadata.attempts).toBe(1);
    const before = Date.now();
    const response = await fetch(`${app.url}/_emulator/health`);
    const after = Date.now();
    const date = Date.parse(response.headers.get("date") ?? ""); // whole seconds
    expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(date).toBeLessThanOrEqual(after);
    expect((await app.control("GET", "/clock")).json).toMatchObject({ mode: "real", speed: 60 });
  });

  it("a world clock a day ahead (24 minutes at --speed 60) does not break signing", async () => {
    const ahead = manualClock(Date.now() + 24 * 60 * 60_000);
    const app = await start({ clock: ahead });
    const client = app.sdk();
    const { stage } = await client.send(new CreateStageCommand({}));
    const joined = await app.control("POST", "/participants/join", { stageArn: stage?.arn });
    expect(joined.status).toBe(200);
    const output = await client.send(new GetStageCommand({ arn: stage?.arn }));
    expect(output.$metadata.attempts).toBe(1);
    expect(output.stage?.activeSessionId).toBe(joined.json.sessionId);
    // world timestamps follow the world clock
    const state = await app.control("GET", "/state");
    expect(state.json).toMatchObject({ sessions: [{ startTime: new Date(ahead.now()).toISOString() }] });
  });

  it("tests may inject a manual wall clock: Date and the signing window follow it", async () => {
    const wall = manualClock(Date.parse("2030-05-05T10:00:00Z"));
    const app = await start({ wallClock: wall });
    const response = await fetch(`${app.url}/_emulator/health`);
    expect(response.headers.get("date")).toBe("Sun, 05 May 2030 10:00:00 GMT");
    // the SDK's clock is 4 years behind: one 403, offset corrected from Date, then success
    const output = await app.sdk().send(new CreateStageCommand({}));
    expect(output.$metadata.attempts).toBe(2);
  });
});
