import { describe, expect, it } from "vitest";
import { closeSession, joinParticipant, setPublishing } from "./live/participants";
import { joinWithToken } from "./live/tokens";
import { ACCOUNT, REGION, createStage, must, setup } from "./test-kit";

const unknownSession = "st-AAAAAAAAAAAAA";

describe("stage sessions", () => {
  it("opens on the first join (st- + 13 alphanumerics) and has no endTime while active", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    joinParticipant(kit.store(), stage.record);
    const sessionId = must(stage.record.activeSessionId);
    expect(sessionId).toMatch(/^st-[A-Za-z0-9]{13}$/);
    const { stageSession } = await kit.call("GetStageSession", { stageArn: stage.arn, sessionId });
    expect(stageSession).toEqual({ sessionId, startTime: "2026-01-01T00:00:00.000Z" });
    kit.clock.advance(90_000);
    closeSession(kit.store(), stage.record);
    const ended = await kit.call("GetStageSession", { stageArn: stage.arn, sessionId });
    expect(must(ended.stageSession).endTime).toBe("2026-01-01T00:01:30.000Z");
    expect(must((await kit.call("GetStage", { arn: stage.arn })).stage).activeSessionId).toBeUndefined();
  });

  it("lists sessions newest first and pages them", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      joinParticipant(kit.store(), stage.record);
      ids.push(must(stage.record.activeSessionId));
      closeSession(kit.store(), stage.record);
      kit.clock.advance(1000);
    }
    const page1 = await kit.call("ListStageSessions", { stageArn: stage.arn, maxResults: 2 });
    expect(page1.stageSessions.map((s) => s.sessionId)).toEqual([ids[2], ids[1]]);
    const page2 = await kit.call("ListStageSessions", {
      stageArn: stage.arn,
      maxResults: 2,
      nextToken: must(page1.nextToken),
    });
    expect(page2.stageSessions.map((s) => s.sessionId)).toEqual([ids[0]]);
    expect(page2.nextToken).toBeUndefined();
  });

  it("404s for unknown stages and sessions (also a session of another stage)", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const other = await createStage(kit);
    joinParticipant(kit.store(), other.record);
    const otherSession = must(other.record.activeSessionId);
    await kit.fails("GetStageSession", { stageArn: stage.arn, sessionId: unknownSession }, "ResourceNotFoundException");
    await kit.fails("GetStageSession", { stageArn: stage.arn, sessionId: otherSession }, "ResourceNotFoundException");
    const missingStage = `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AAAAAAAAAAAA`;
    await kit.fails(
      "GetStageSession",
      { stageArn: missingStage, sessionId: otherSession },
      "ResourceNotFoundException",
    );
    expect((await kit.call("ListStageSessions", { stageArn: missingStage })).stageSessions).toEqual([]);
  });
});

describe("participants", () => {
  it("GetParticipant returns the full participant; ListParticipants the summaries in join order", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const alice = joinParticipant(kit.store(), stage.record, {
      userId: "alice",
      attributes: { role: "host" },
      protocol: "WHIP",
      client: { browserName: "Chrome", osName: "Linux" },
    });
    const bob = joinParticipant(kit.store(), stage.record, { userId: "bob" });
    const sessionId = alice.sessionId;
    const { participant } = await kit.call("GetParticipant", {
      stageArn: stage.arn,
      sessionId,
      participantId: alice.data.participantId,
    });
    expect(participant).toMatchObject({
      participantId: alice.data.participantId,
      userId: "alice",
      state: "CONNECTED",
      firstJoinTime: "2026-01-01T00:00:00.000Z",
      attributes: { role: "host" },
      published: false,
      browserName: "Chrome",
      osName: "Linux",
      protocol: "WHIP",
      recordingState: "DISABLED",
      replicationType: "NONE",
      redundantIngest: false,
    });
    expect(alice.data.participantId).toMatch(/^[A-Za-z0-9]{12}$/);
    const { participants } = await kit.call("ListParticipants", { stageArn: stage.arn, sessionId });
    expect(participants.map((p) => p.participantId)).toEqual([alice.data.participantId, bob.data.participantId]);
    expect(must(participants[0])).not.toHaveProperty("attributes");
  });

  it("filters ListParticipants by user id, published, state and recording state", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const store = kit.store();
    const alice = joinParticipant(store, stage.record, { userId: "alice" });
    const bob = joinParticipant(store, stage.record, { userId: "bob" });
    setPublishing(store, alice, true);
    await kit.call("DisconnectParticipant", { stageArn: stage.arn, participantId: bob.data.participantId });
    const ids = async (filters: object) =>
      (
        await kit.call("ListParticipants", { stageArn: stage.arn, sessionId: alice.sessionId, ...filters })
      ).participants.map((p) => p.participantId);
    expect(await ids({ filterByUserId: "bob" })).toEqual([bob.data.participantId]);
    expect(await ids({ filterByPublished: true })).toEqual([alice.data.participantId]);
    expect(await ids({ filterByPublished: false })).toHaveLength(2);
    expect(await ids({ filterByState: "DISCONNECTED" })).toEqual([bob.data.participantId]);
    expect(await ids({ filterByRecordingState: "ACTIVE" })).toEqual([]);
  });

  it("404s for an unknown participant; lists are empty for an unknown session", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const alice = joinParticipant(kit.store(), stage.record);
    await kit.fails(
      "GetParticipant",
      { stageArn: stage.arn, sessionId: alice.sessionId, participantId: "nobody" },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "GetParticipant",
      { stageArn: stage.arn, sessionId: unknownSession, participantId: alice.data.participantId },
      "ResourceNotFoundException",
    );
    expect(
      (await kit.call("ListParticipants", { stageArn: stage.arn, sessionId: unknownSession })).participants,
    ).toEqual([]);
    const events = await kit.call("ListParticipantEvents", {
      stageArn: stage.arn,
      sessionId: unknownSession,
      participantId: "x",
    });
    expect(events.events).toEqual([]);
  });

  it("a participant that rejoins keeps its id and first join time", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const store = kit.store();
    const first = joinParticipant(store, stage.record, { participantId: "p1" });
    joinParticipant(store, stage.record); // keeps the session open
    await kit.call("DisconnectParticipant", { stageArn: stage.arn, participantId: "p1" });
    kit.clock.advance(5000);
    const again = joinParticipant(store, stage.record, { participantId: "p1" });
    expect(again).toBe(first);
    expect(again.data.state).toBe("CONNECTED");
    expect(again.data.firstJoinTime).toBe("2026-01-01T00:00:00.000Z");
  });
});

describe("ListParticipantEvents", () => {
  it("lists one participant's events newest first, paged", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const store = kit.store();
    const alice = joinParticipant(store, stage.record);
    joinParticipant(store, stage.record); // another participant's events are not included
    kit.clock.advance(1000);
    setPublishing(store, alice, true);
    kit.clock.advance(1000);
    setPublishing(store, alice, false);
    const request = { stageArn: stage.arn, sessionId: alice.sessionId, participantId: alice.data.participantId };
    const { events } = await kit.call("ListParticipantEvents", request);
    expect(events.map((e) => e.name)).toEqual(["PUBLISH_STOPPED", "PUBLISH_STARTED", "JOINED"]);
    expect(events[0]).toEqual({
      name: "PUBLISH_STOPPED",
      participantId: alice.data.participantId,
      eventTime: "2026-01-01T00:00:02.000Z",
    });
    const page1 = await kit.call("ListParticipantEvents", { ...request, maxResults: 2 });
    const page2 = await kit.call("ListParticipantEvents", {
      ...request,
      maxResults: 2,
      nextToken: must(page1.nextToken),
    });
    expect([...page1.events, ...page2.events]).toEqual(events);
  });
});

describe("DisconnectParticipant", () => {
  it("marks the participant DISCONNECTED, appends LEFT and revokes its token", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const store = kit.store();
    const token = must(
      (await kit.call("CreateParticipantToken", { stageArn: stage.arn, userId: "carol" })).participantToken,
    );
    const joined = joinWithToken(store, must(token.token), { protocol: "WHIP" });
    if (!joined.ok) throw new Error(joined.reason);
    expect(joined.participant.data.userId).toBe("carol");
    expect(joined.participant.data.participantId).toBe(token.participantId);
    await kit.call("DisconnectParticipant", {
      stageArn: stage.arn,
      participantId: must(token.participantId),
      reason: "bye",
    });
    expect(joined.participant.data.state).toBe("DISCONNECTED");
    const { events } = await kit.call("ListParticipantEvents", {
      stageArn: stage.arn,
      sessionId: joined.participant.sessionId,
      participantId: must(token.participantId),
    });
    expect(must(events[0]).name).toBe("LEFT");
    expect(joinWithToken(store, must(token.token))).toEqual({ ok: false, reason: "revoked" });
  });

  it("revokes a token that never joined", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const token = must((await kit.call("CreateParticipantToken", { stageArn: stage.arn })).participantToken);
    await kit.call("DisconnectParticipant", { stageArn: stage.arn, participantId: must(token.participantId) });
    expect(joinWithToken(kit.store(), must(token.token))).toEqual({ ok: false, reason: "revoked" });
  });

  it("detaches the ingest configuration a participant publishes through", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const ingest = must(
      (await kit.call("CreateIngestConfiguration", { ingestProtocol: "RTMPS", stageArn: stage.arn }))
        .ingestConfiguration,
    );
    const publisher = joinParticipant(kit.store(), stage.record, {
      participantId: ingest.participantId,
      protocol: "RTMPS",
      ingestConfigurationArn: ingest.arn,
    });
    expect(must((await kit.call("GetIngestConfiguration", { arn: ingest.arn })).ingestConfiguration).state).toBe(
      "ACTIVE",
    );
    await kit.call("DisconnectParticipant", { stageArn: stage.arn, participantId: publisher.data.participantId });
    const after = must((await kit.call("GetIngestConfiguration", { arn: ingest.arn })).ingestConfiguration);
    expect(after.stageArn).toBe("");
    expect(after.state).toBe("INACTIVE");
  });

  it("404s for an unknown participant or stage", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    joinParticipant(kit.store(), stage.record);
    await kit.fails(
      "DisconnectParticipant",
      { stageArn: stage.arn, participantId: "ghost" },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "DisconnectParticipant",
      { stageArn: `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AAAAAAAAAAAA`, participantId: "ghost" },
      "ResourceNotFoundException",
    );
  });
});

describe("CreateParticipantToken", () => {
  it("echoes the defaults and 404s on an unknown stage", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const token = must((await kit.call("CreateParticipantToken", { stageArn: stage.arn })).participantToken);
    expect(token).toEqual({
      participantId: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
      token: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
      duration: 720,
      capabilities: ["PUBLISH", "SUBSCRIBE"],
      expirationTime: "2026-01-01T12:00:00.000Z",
    });
    const [header, payload] = must(token.token).split(".");
    expect(JSON.parse(Buffer.from(must(header), "base64url").toString())).toEqual({ alg: "KMS", typ: "JWT" });
    expect(JSON.parse(Buffer.from(must(payload), "base64url").toString())).toMatchObject({
      jti: token.participantId,
      resource: stage.arn,
      events_url: stage.endpoints?.events,
      whip_url: stage.endpoints?.whip,
      capabilities: { allow_publish: true, allow_subscribe: true },
      exp: Date.parse("2026-01-01T12:00:00.000Z") / 1000,
    });
    await kit.fails(
      "CreateParticipantToken",
      { stageArn: `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AAAAAAAAAAAA` },
      "ResourceNotFoundException",
    );
  });

  it("tokens expire after their duration", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const token = must(
      (await kit.call("CreateParticipantToken", { stageArn: stage.arn, duration: 1 })).participantToken,
    );
    kit.clock.advance(60_000);
    expect(joinWithToken(kit.store(), must(token.token))).toEqual({ ok: false, reason: "expired" });
  });
});
