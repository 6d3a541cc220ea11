import { CreateStageCommand, CreateStorageConfigurationCommand } from "@aws-sdk/client-ivs-realtime";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../clock";
import { startApp, type RunningApp } from "./http-kit";

let apps: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

async function recordedWorld() {
  const clock = manualClock(Date.parse("2026-01-01T00:00:00Z"));
  const app = await startApp({ clock });
  apps.push(app);
  const ivs = app.sdk();
  const { storageConfiguration } = await ivs.send(
    new CreateStorageConfigurationCommand({ s3: { bucketName: "recordings" } }),
  );
  const recorded = await ivs.send(
    new CreateStageCommand({
      name: "recorded",
      autoParticipantRecordingConfiguration: { storageConfigurationArn: storageConfiguration?.arn ?? "" },
    }),
  );
  const plain = await ivs.send(new CreateStageCommand({ name: "plain" }));
  const join = async (stageArn: string) =>
    String((await app.control("POST", "/participants/join", { stageArn, publish: true })).json.participantId);
  const state = async (participantId: string) => {
    const stages = (await app.control("GET", "/state")).json.participants as {
      participantId: string;
      recordingState: string;
    }[];
    return stages.find((p) => p.participantId === participantId)?.recordingState;
  };
  return { app, clock, recorded: recorded.stage?.arn ?? "", plain: plain.stage?.arn ?? "", join, state };
}

describe("control API: participant recording failures (POST /_emulator/recordings/fail)", () => {
  it("fails a recording's start (STARTING, then FAILED a second later) and an ACTIVE recording's end", async () => {
    const { app, clock, recorded, join, state } = await recordedWorld();
    const host = await join(recorded);
    const started = await app.control("POST", "/recordings/fail", {
      stageArn: recorded,
      participantId: host,
      which: "start",
    });
    expect(started.status).toBe(200);
    expect(started.json.recordingState).toBe("STARTING");
    clock.advance(1000);
    expect(await state(host)).toBe("FAILED");

    const guest = await join(recorded);
    clock.advance(60_000);
    expect(await state(guest)).toBe("ACTIVE");
    const ended = await app.control("POST", "/recordings/fail", {
      stageArn: recorded,
      participantId: guest,
      which: "end",
    });
    expect(ended.json.recordingState).toBe("FAILED");
  });

  it("fails the start even when the simulation makes the recording ACTIVE before the failure is due", async () => {
    const { app, clock, recorded, join, state } = await recordedWorld();
    const host = await join(recorded);
    clock.advance(1500); // the simulation's own start completes 2 s after publishing, before our 1 s failure
    const started = await app.control("POST", "/recordings/fail", {
      stageArn: recorded,
      participantId: host,
      which: "start",
    });
    expect(started.json.recordingState).toBe("STARTING");
    clock.advance(600);
    expect(await state(host)).toBe("ACTIVE");
    clock.advance(400);
    expect(await state(host)).toBe("STARTING");
    clock.advance(1000);
    expect(await state(host)).toBe("FAILED");
  });

  it("refuses with AWS-shaped 4xx and changes nothing: bad body, unknown participant, a stage that does not record", async () => {
    const { app, recorded, plain, join, state } = await recordedWorld();
    const host = await join(recorded);
    const before = await state(host);
    const bad = await app.control("POST", "/recordings/fail", {
      stageArn: recorded,
      participantId: host,
      which: "middle",
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toBe("ValidationException");
    const unknown = await app.control("POST", "/recordings/fail", {
      stageArn: recorded,
      participantId: "nobody",
      which: "end",
    });
    expect(unknown.status).toBe(404);
    const notRecording = await app.control("POST", "/recordings/fail", {
      stageArn: plain,
      participantId: await join(plain),
      which: "start",
    });
    expect(notRecording.status).toBe(409);
    expect(JSON.stringify(notRecording.json)).toMatch(/does not record participants/);
    const tooEarly = await app.control("POST", "/recordings/fail", {
      stageArn: recorded,
      participantId: host,
      which: "end",
    });
    expect(tooEarly.status).toBe(409);
    expect(await state(host)).toBe(before);
    expect((await app.control("GET", "/recordings/fail")).status).toBe(405);
  });
});
