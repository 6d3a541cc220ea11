import {
  CreateEncoderConfigurationCommand,
  CreateIngestConfigurationCommand,
  CreateParticipantTokenCommand,
  CreateStageCommand,
  GetIngestConfigurationCommand,
  GetStageCommand,
  ListParticipantEventsCommand,
  ListStagesCommand,
  StartCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import { afterEach, describe, expect, it } from "vitest";
import { realClock } from "../clock";
import { parseCredentials } from "../config";
import { startApp, text, type RunningApp } from "./http-kit";

let apps: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

async function start(options: Parameters<typeof startApp>[0] = {}) {
  const app = await startApp(options);
  apps.push(app);
  return app;
}

async function stageArn(app: RunningApp, region = "us-east-1"): Promise<string> {
  const { stage } = await app.sdk(region).send(new CreateStageCommand({ name: "show" }));
  return stage?.arn ?? "";
}

describe("control API: authentication", () => {
  it("needs Bearer <accessKeyId>:<secretAccessKey> of a configured credential; health stays open", async () => {
    const app = await start();
    const missing = await app.control("GET", "/state", undefined, { authorization: "" });
    expect(missing.status).toBe(403);
    expect(missing.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(missing.json.message).toMatch(/Bearer <accessKeyId>:<secretAccessKey>/);
    const malformed = await app.control("GET", "/state", undefined, { authorization: "Basic dGVzdDp0ZXN0" });
    expect(malformed.headers.get("x-amzn-errortype")).toBe("IncompleteSignatureException");
    for (const authorization of ["Bearer test:wrong", "Bearer nobody:test"]) {
      const wrong = await app.control("GET", "/state", undefined, { authorization });
      expect(wrong.status).toBe(403);
      expect(wrong.headers.get("x-amzn-errortype")).toBe("UnrecognizedClientException");
    }
    expect((await fetch(`${app.url}/_emulator/health`)).status).toBe(200);
    expect((await app.control("GET", "/state")).status).toBe(200);
  });

  it("takes the account from the credential", async () => {
    const app = await start({ config: { credentials: parseCredentials("test:test,other:secret2:210987654321") } });
    const arn = await stageArn(app);
    const mine = await app.control("GET", "/state");
    expect(mine.json).toMatchObject({ account: "123456789012", region: "us-east-1", stages: [{ arn }] });
    const theirs = await app.control("GET", "/state", undefined, { authorization: "Bearer other:secret2" });
    expect(theirs.json).toMatchObject({ account: "210987654321", stages: [] });
    const foreign = await app.control(
      "POST",
      "/participants/join",
      { stageArn: arn },
      { authorization: "Bearer other:secret2" },
    );
    expect(foreign.status).toBe(404);
  });
});

describe("control API: validation", () => {
  it("answers bad input with AWS-shaped 4xx, never 5xx", async () => {
    const app = await start();
    const arn = await stageArn(app);
    const cases: Array<[string, string, unknown, number, string]> = [
      ["POST", "/participants/join", "{not json", 400, "SerializationException"],
      ["POST", "/participants/join", [], 400, "SerializationException"],
      ["POST", "/participants/join", {}, 400, "ValidationException"],
      ["POST", "/participants/join", { stageArn: "nope" }, 400, "ValidationException"],
      ["POST", "/participants/join", { stageArn: arn, surprise: 1 }, 400, "ValidationException"],
      ["POST", "/participants/join", { stageArn: arn, region: "Mars" }, 400, "ValidationException"],
      [
        "POST",
        "/participants/join",
        { stageArn: arn.replace(/\/\w+$/, "/AAAAAAAAAAAA") },
        404,
        "ResourceNotFoundException",
      ],
      ["POST", "/participants/p1/dance", { stageArn: arn }, 400, "ValidationException"],
      ["POST", "/participants/bad%20id/publish", { stageArn: arn }, 400, "ValidationException"],
      ["POST", "/participants/p1/publish", { stageArn: arn }, 404, "ResourceNotFoundException"],
      [
        "POST",
        "/participants/p1/fail",
        { stageArn: arn, event: "PUBLISH_ERROR", errorCode: "OOPS" },
        400,
        "ValidationException",
      ],
      ["POST", "/ingest/publish", { streamKey: "k", protocol: "SRT" }, 400, "ValidationException"],
      ["POST", "/clock/advance", { ms: -1 }, 400, "ValidationException"],
      ["POST", "/faults", { operation: "NoSuchOperation", errorType: "X", status: 500 }, 400, "ValidationException"],
      ["POST", "/faults", { operation: "GetStage", errorType: "X" }, 400, "ValidationException"],
      ["POST", "/faults", { operation: "GetStage" }, 400, "ValidationException"],
      ["GET", "/participants/join", undefined, 405, "MethodNotAllowedException"],
      ["GET", "/nothing-here", undefined, 404, "UnknownOperationException"],
    ];
    for (const [method, path, body, status, code] of cases) {
      const response = await app.control(method, path, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(response.headers.get("x-amzn-errortype"), path).toBe(code);
    }
    const invalid = await app.control("POST", "/participants/join", { stageArn: arn, surprise: 1 });
    expect(invalid.json.exceptionMessage).toMatch(/^1 validation error detected/);
  });
});

describe("control API: participants, ingest, clock, state", () => {
  it("joins (minting a token), publishes, subscribes, fails, drops, reconnects and leaves; events show in the API", async () => {
    const app = await start();
    const arn = await stageArn(app);
    const host = await app.control("POST", "/participants/join", { stageArn: arn, userId: "host", publish: true });
    expect(host.status).toBe(200);
    expect(host.json).toMatchObject({
      stageArn: arn,
      state: "CONNECTED",
      publishing: true,
      events: [{ name: "JOINED" }, { name: "PUBLISH_STARTED" }],
    });
    expect(text(host, "token")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const hostId = text(host, "participantId");

    const { participantToken } = await app
      .sdk()
      .send(new CreateParticipantTokenCommand({ stageArn: arn, capabilities: ["SUBSCRIBE"] }));
    const viewer = await app.control("POST", "/participants/join", { stageArn: arn, token: participantToken?.token });
    expect(viewer.json.participantId).toBe(participantToken?.participantId);
    expect(viewer.json).not.toHaveProperty("token");
    const viewerId = text(viewer, "participantId");
    const action = (who: string, name: string, extra: object = {}) =>
      app.control("POST", `/participants/${who}/${name}`, { stageArn: arn, ...extra });

    expect((await action(viewerId, "publish")).json).toMatchObject({
      events: [{ name: "PUBLISH_ERROR", errorCode: "INSUFFICIENT_CAPABILITIES" }],
    });
    expect((await action(viewerId, "subscribe", { targetParticipantId: hostId })).json).toMatchObject({
      subscriptions: [hostId],
      events: [{ name: "SUBSCRIBE_STARTED", remoteParticipantId: hostId }],
    });
    expect(
      (await action(hostId, "fail", { event: "PUBLISH_ERROR", errorCode: "RESOLUTION_EXCEEDED" })).json,
    ).toMatchObject({
      publishing: false,
      events: [{ name: "PUBLISH_ERROR", errorCode: "RESOLUTION_EXCEEDED" }, { name: "PUBLISH_STOPPED" }],
    });
    await action(hostId, "publish");
    await action(viewerId, "subscribe", { targetParticipantId: hostId });
    await action(viewerId, "unsubscribe", { targetParticipantId: hostId });
    expect((await action(hostId, "drop")).json).toMatchObject({ state: "DISCONNECTED", events: [{ name: "LEFT" }] });
    expect((await action(hostId, "reconnect")).json).toMatchObject({
      state: "CONNECTED",
      events: [{ name: "JOINED" }, { name: "PUBLISH_STARTED" }],
    });
    expect((await action(hostId, "unpublish")).json).toMatchObject({ events: [{ name: "PUBLISH_STOPPED" }] });
    expect((await action(hostId, "leave")).json).toMatchObject({ state: "DISCONNECTED", events: [{ name: "LEFT" }] });
    expect((await action(hostId, "leave")).status).toBe(409);

    const sessionId = text(host, "sessionId");
    const { events } = await app
      .sdk()
      .send(new ListParticipantEventsCommand({ stageArn: arn, sessionId, participantId: hostId }));
    expect(events?.map((e) => e.name).reverse()).toEqual([
      "JOINED",
      "PUBLISH_STARTED",
      "PUBLISH_ERROR",
      "PUBLISH_STOPPED",
      "PUBLISH_STARTED",
      "LEFT",
      "JOINED",
      "PUBLISH_STARTED",
      "PUBLISH_STOPPED",
      "LEFT",
    ]);
  });

  it("refused joins carry a reason next to exceptionMessage", async () => {
    const app = await start();
    const arn = await stageArn(app);
    const garbage = await app.control("POST", "/participants/join", { stageArn: arn, token: "a.b.c" });
    expect(garbage.status).toBe(400);
    expect(garbage.json).toEqual({
      exceptionMessage: expect.stringMatching(/not issued by this emulator/),
      reason: "malformed",
    });
    const { participantToken } = await app
      .sdk()
      .send(new CreateParticipantTokenCommand({ stageArn: arn, duration: 1 }));
    await app.control("POST", "/clock/advance", { ms: 60_000 });
    const expired = await app.control("POST", "/participants/join", { stageArn: arn, token: participantToken?.token });
    expect(expired.status).toBe(403);
    expect(expired.headers.get("x-amzn-errortype")).toBe("AccessDeniedException");
    expect(expired.json.reason).toBe("expired");
  });

  it("publishes and stops an RTMPS stream by stream key; refusals name the IVS error code", async () => {
    const app = await start();
    const arn = await stageArn(app);
    const { ingestConfiguration } = await app
      .sdk()
      .send(new CreateIngestConfigurationCommand({ ingestProtocol: "RTMPS", stageArn: arn }));
    const streamKey = ingestConfiguration?.streamKey;
    const rtmp = await app.control("POST", "/ingest/publish", { streamKey, protocol: "RTMP" });
    expect(rtmp.status).toBe(400);
    expect(rtmp.json.reason).toBe("INVALID_PROTOCOL");
    expect(
      (await app.control("POST", "/ingest/publish", { streamKey: "rt_unknown", protocol: "RTMPS" })).json.reason,
    ).toBe("INVALID_STREAM_KEY");
    const live = await app.control("POST", "/ingest/publish", { streamKey, protocol: "RTMPS" });
    expect(live.json).toMatchObject({ participantId: ingestConfiguration?.participantId, publishing: true });
    const get = () => app.sdk().send(new GetIngestConfigurationCommand({ arn: ingestConfiguration?.arn }));
    expect((await get()).ingestConfiguration?.state).toBe("ACTIVE");
    expect((await app.control("POST", "/ingest/publish", { streamKey, protocol: "RTMPS" })).json).toMatchObject({
      events: [{ name: "PUBLISH_ERROR", errorCode: "REUSE_OF_STREAM_KEY" }],
    });
    expect((await app.control("POST", "/ingest/stop", { streamKey })).json).toMatchObject({ state: "DISCONNECTED" });
    expect((await get()).ingestConfiguration?.state).toBe("INACTIVE");
  });

  it("reads and advances the manual clock; sessions end on it", async () => {
    const app = await start();
    const arn = await stageArn(app);
    const before = await app.control("GET", "/clock");
    expect(before.json).toMatchObject({ mode: "manual", nowMs: app.clock.now() });
    const host = await app.control("POST", "/participants/join", { stageArn: arn });
    await app.control("POST", `/participants/${text(host, "participantId")}/leave`, { stageArn: arn });
    expect((await app.control("GET", "/clock")).json.pendingTimers).toBe(1);
    const after = await app.control("POST", "/clock/advance", { ms: 120_000 });
    expect(after.json.nowMs).toBe(Number(before.json.nowMs) + 120_000);
    expect((await app.sdk().send(new GetStageCommand({ arn }))).stage?.activeSessionId).toBeUndefined();
  });

  it("refuses to advance a real clock (409)", async () => {
    const app = await start({ config: { clock: "real" }, clock: realClock() });
    const response = await app.control("POST", "/clock/advance", { ms: 1000 });
    expect(response.status).toBe(409);
    expect(response.json.exceptionMessage).toMatch(/--clock manual/);
    expect((await app.control("GET", "/clock")).json).toMatchObject({ mode: "real", speed: 1 });
  });

  it("dumps the state with tokens and stream keys masked", async () => {
    const app = await start();
    const arn = await stageArn(app);
    const { ingestConfiguration } = await app
      .sdk()
      .send(new CreateIngestConfigurationCommand({ ingestProtocol: "RTMPS", stageArn: arn, redundantIngest: true }));
    await app.control("POST", "/ingest/publish", { streamKey: ingestConfiguration?.streamKey, protocol: "RTMPS" });
    const joined = await app.control("POST", "/participants/join", { stageArn: arn });
    const state = await app.control("GET", "/state");
    const dump = JSON.stringify(state.json);
    expect(dump).not.toContain(text(joined, "token"));
    expect(dump).not.toContain(ingestConfiguration?.streamKey ?? "-");
    for (const credential of ingestConfiguration?.redundantIngestCredentials ?? [])
      expect(dump).not.toContain(credential.streamKey ?? "-");
    expect(state.json).toMatchObject({
      stages: [{ arn }],
      sessions: [{ stageArn: arn }],
      tokens: [{ participantId: joined.json.participantId, token: "****", revoked: false }],
      ingestConfigurations: [{ state: "ACTIVE", streamKey: expect.stringMatching(/_\*\*\*\*$/) }],
    });
    expect(state.json.participants).toHaveLength(2);
  });

  it("uses the region of the body, the x-emulator-region header or the query", async () => {
    const app = await start();
    const arn = await stageArn(app, "eu-west-1");
    expect((await app.control("POST", "/participants/join", { stageArn: arn })).status).toBe(404);
    expect((await app.control("POST", "/participants/join", { stageArn: arn, region: "eu-west-1" })).status).toBe(200);
    expect(
      (await app.control("POST", "/participants/join", { stageArn: arn }, { "x-emulator-region": "eu-west-1" })).status,
    ).toBe(200);
    expect((await app.control("GET", "/state?region=eu-west-1")).json).toMatchObject({
      region: "eu-west-1",
      participants: [{}, {}],
    });
  });

  it("resets one account and region, or everything", async () => {
    const app = await start();
    await stageArn(app);
    await stageArn(app, "eu-west-1");
    expect((await app.control("POST", "/reset", {})).json).toEqual({
      reset: { account: "123456789012", region: "us-east-1" },
    });
    expect((await app.sdk().send(new ListStagesCommand({}))).stages).toEqual([]);
    expect((await app.sdk("eu-west-1").send(new ListStagesCommand({}))).stages).toHaveLength(1);
    expect((await app.control("POST", "/reset", { all: true })).json).toEqual({ reset: "all" });
    expect((await app.sdk("eu-west-1").send(new ListStagesCommand({}))).stages).toEqual([]);
  });

  it("injects destination failures into a composition", async () => {
    const app = await start();
    const arn = await stageArn(app);
    await app.control("POST", "/participants/join", { stageArn: arn, publish: true });
    const encoder = await app.sdk().send(new CreateEncoderConfigurationCommand({}));
    const channelArn = "arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGHijkl";
    const started = await app.sdk().send(
      new StartCompositionCommand({
        stageArn: arn,
        destinations: [{ channel: { channelArn, encoderConfigurationArn: encoder.encoderConfiguration?.arn } }],
      }),
    );
    const compositionArn = started.composition?.arn;
    const destinationId = started.composition?.destinations?.[0]?.id;
    await app.control("POST", "/clock/advance", { ms: 3_000 });
    const failing = await app.control("POST", "/compositions/fail-destination", { compositionArn, destinationId });
    expect(failing.json).toMatchObject({
      state: "ACTIVE",
      destinations: [{ id: destinationId, state: "RECONNECTING" }],
    });
    await app.control("POST", "/clock/advance", { ms: 10_000 });
    const state = await app.control("GET", "/state");
    expect(state.json).toMatchObject({
      compositions: [{ arn: compositionArn, state: "FAILED", destinations: [{ state: "FAILED" }] }],
    });
    expect((await app.control("POST", "/compositions/fail", { compositionArn })).status).toBe(409);
    expect(
      (await app.control("POST", "/compositions/fail-destination", { compositionArn, destinationId: "nope" })).status,
    ).toBe(404);
  });
});
