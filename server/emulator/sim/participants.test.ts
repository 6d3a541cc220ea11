import { describe, expect, it } from "vitest";
import { EventErrorCodeValues } from "@/lib/ivs/enums";
import { clientFactPattern } from "./client-facts";
import { maxPublishersPerStage } from "./kit";
import { getParticipant, join, must, names, newStage, refOf, refused, simSetup, timeline, token } from "./test-kit";

describe("simulated participants: joining", () => {
  it("join with a CreateParticipantToken token: id = jti, WHIP, user id and attributes from the token, realistic client facts", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const issued = await token(kit, stage.arn, { userId: "alice", attributes: { role: "host" } });
    const joined = kit.sim.join(kit.scope, { stageArn: stage.arn, token: issued.token });
    expect(joined.token).toBeUndefined();
    expect(names(joined.events)).toEqual(["JOINED"]);
    const participant = await getParticipant(kit, joined);
    expect(participant).toMatchObject({
      participantId: issued.participantId,
      userId: "alice",
      attributes: { role: "host" },
      state: "CONNECTED",
      protocol: "WHIP",
      published: false,
      firstJoinTime: "2026-01-01T00:00:00.000Z",
    });
    for (const key of ["browserName", "browserVersion", "osName", "osVersion", "sdkVersion", "ispName"] as const) {
      expect(participant[key], key).toMatch(clientFactPattern);
    }
    expect(participant.ispName).not.toBe("");
    expect(participant.osName).not.toBe("");
  });

  it("join with a token minted by CreateStage; or without a token (minted and returned once)", async () => {
    const kit = simSetup();
    const { stage, participantTokens } = await kit.call("CreateStage", {
      participantTokenConfigurations: [{ userId: "bob" }],
    });
    const stageArn = must(stage).arn;
    const bob = kit.sim.join(kit.scope, { stageArn, token: must(must(participantTokens?.[0]).token) });
    expect(bob.participant.data.userId).toBe("bob");
    const minted = kit.sim.join(kit.scope, { stageArn, userId: "carol", capabilities: ["SUBSCRIBE"] });
    expect(minted.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(kit.store().tokens.get(minted.participant.data.participantId)?.data.capabilities).toEqual(["SUBSCRIBE"]);
    expect(() => kit.sim.join(kit.scope, { stageArn, token: must(minted.token), userId: "x" })).toThrow(
      /only be given when the emulator mints/,
    );
  });

  it("takes the client facts given and draws the others", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const joined = join(kit, stage.arn, { client: { browserName: "Mozilla Firefox", browserVersion: "133.0" } });
    expect(joined.participant.data).toMatchObject({ browserName: "Mozilla Firefox", browserVersion: "133.0" });
    expect(joined.participant.data.ispName).not.toBe("");
  });

  it("client facts repeat with the same seed", async () => {
    const facts = async () => {
      const kit = simSetup();
      const stage = await newStage(kit);
      return [1, 2, 3].map(() => join(kit, stage.arn).participant.data.browserName);
    };
    expect(await facts()).toEqual(await facts());
  });

  it("refuses foreign, unknown and malformed tokens with an error (nobody to record a JOIN_ERROR on)", async () => {
    const kit = simSetup();
    const a = await newStage(kit);
    const b = await newStage(kit);
    const forA = await token(kit, a.arn);
    refused(
      () => kit.sim.join(kit.scope, { stageArn: b.arn, token: forA.token }),
      "ValidationException",
      "foreign-stage",
    );
    refused(
      () => kit.sim.join(kit.scope, { stageArn: a.arn, token: "not.a.token" }),
      "ValidationException",
      "malformed",
    );
    const otherRegion = { account: kit.scope.account, region: "eu-west-1" };
    const elsewhere = must((await kit.call("CreateStage", {}, otherRegion)).stage);
    refused(
      () => kit.sim.join(otherRegion, { stageArn: elsewhere.arn, token: forA.token }),
      "ValidationException",
      "foreign-stage",
    );
    refused(() => kit.sim.join(otherRegion, { stageArn: a.arn, token: forA.token }), "ResourceNotFoundException");
    expect(() => join(kit, a.arn, { token: forA.token })).not.toThrow();
    refused(() => join(kit, a.arn, { token: forA.token }), "ConflictException");
  });
});

describe("simulated participants: token expiry and revocation", () => {
  it("an expired token cannot join; after a drop, reconnecting with it records JOIN_ERROR", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const shortLived = await token(kit, stage.arn, { duration: 1 });
    kit.clock.advance(60_000);
    refused(() => join(kit, stage.arn, { token: shortLived.token }), "AccessDeniedException", "expired");

    const other = await token(kit, stage.arn, { duration: 1 });
    const alice = join(kit, stage.arn, { token: other.token });
    join(kit, stage.arn); // keeps the session open
    kit.clock.advance(30_000);
    kit.sim.drop(kit.scope, refOf(alice));
    kit.clock.advance(30_000); // the token expires while alice is away
    const attempt = kit.sim.reconnect(kit.scope, refOf(alice));
    expect(attempt.events).toEqual([
      { name: "JOIN_ERROR", participantId: other.participantId, eventTime: "2026-01-01T00:02:00.000Z" },
    ]);
    expect(attempt.participant.data.state).toBe("DISCONNECTED");
    expect(names(await timeline(kit, alice))).toEqual(["JOINED", "LEFT", "JOIN_ERROR"]);
  });

  it("DisconnectParticipant: LEFT, the token is revoked, a reconnect records JOIN_ERROR, a new join is refused", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const issued = await token(kit, stage.arn);
    const alice = join(kit, stage.arn, { token: issued.token, publish: true });
    join(kit, stage.arn);
    await kit.call("DisconnectParticipant", {
      stageArn: stage.arn,
      participantId: issued.participantId,
      reason: "moderated",
    });
    expect(alice.participant.data.state).toBe("DISCONNECTED");
    const attempt = kit.sim.reconnect(kit.scope, refOf(alice));
    expect(names(attempt.events)).toEqual(["JOIN_ERROR"]);
    expect(names(await timeline(kit, alice))).toEqual(["JOINED", "PUBLISH_STARTED", "LEFT", "JOIN_ERROR"]);
    // joining again with the token is the same attempt: another JOIN_ERROR on the known participant
    expect(names(join(kit, stage.arn, { token: issued.token }).events)).toEqual(["JOIN_ERROR"]);
  });

  it("a revoked token that never joined is refused with an error", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const issued = await token(kit, stage.arn);
    await kit.call("DisconnectParticipant", { stageArn: stage.arn, participantId: issued.participantId });
    refused(() => join(kit, stage.arn, { token: issued.token }), "AccessDeniedException", "revoked");
  });
});

describe("simulated participants: publishing and subscribing", () => {
  it("publish / subscribe / unsubscribe / unpublish with the documented events", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const host = join(kit, stage.arn);
    const viewer = join(kit, stage.arn);
    expect(names(kit.sim.publish(kit.scope, refOf(host)).events)).toEqual(["PUBLISH_STARTED"]);
    expect(kit.sim.publish(kit.scope, refOf(host)).events).toEqual([]); // already publishing
    const subscribed = kit.sim.subscribe(kit.scope, refOf(viewer), host.participant.data.participantId);
    expect(subscribed.events).toEqual([
      {
        name: "SUBSCRIBE_STARTED",
        participantId: viewer.participant.data.participantId,
        remoteParticipantId: host.participant.data.participantId,
        eventTime: "2026-01-01T00:00:00.000Z",
      },
    ]);
    expect(names(kit.sim.unsubscribe(kit.scope, refOf(viewer), host.participant.data.participantId).events)).toEqual([
      "SUBSCRIBE_STOPPED",
    ]);
    kit.sim.subscribe(kit.scope, refOf(viewer), host.participant.data.participantId);
    kit.sim.unpublish(kit.scope, refOf(host));
    expect(names(await timeline(kit, viewer))).toEqual([
      "JOINED",
      "SUBSCRIBE_STARTED",
      "SUBSCRIBE_STOPPED",
      "SUBSCRIBE_STARTED",
      "SUBSCRIBE_STOPPED",
    ]);
    expect(viewer.participant.subscriptions.size).toBe(0);
    expect(names(await timeline(kit, host))).toEqual(["JOINED", "PUBLISH_STARTED", "PUBLISH_STOPPED"]);
    const published = await kit.call("ListParticipants", {
      stageArn: stage.arn,
      sessionId: host.participant.sessionId,
      filterByPublished: true,
    });
    expect(published.participants.map((p) => p.participantId)).toEqual([host.participant.data.participantId]);
  });

  it("subscribing to someone who is not publishing (or not there) → SUBSCRIBE_ERROR PUBLISHER_NOT_FOUND", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const a = join(kit, stage.arn);
    const b = join(kit, stage.arn);
    const result = kit.sim.subscribe(kit.scope, refOf(a), b.participant.data.participantId);
    expect(result.events).toMatchObject([
      {
        name: "SUBSCRIBE_ERROR",
        errorCode: "PUBLISHER_NOT_FOUND",
        remoteParticipantId: b.participant.data.participantId,
      },
    ]);
    expect(kit.sim.subscribe(kit.scope, refOf(a), "ghost").events).toMatchObject([
      { errorCode: "PUBLISHER_NOT_FOUND" },
    ]);
    expect(() => kit.sim.subscribe(kit.scope, refOf(a), a.participant.data.participantId)).toThrow(/itself/);
  });

  it("enforces capabilities: PUBLISH without the capability, SUBSCRIBE without it → INSUFFICIENT_CAPABILITIES", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const host = join(kit, stage.arn, { capabilities: ["PUBLISH"], publish: true });
    expect(names(host.events)).toEqual(["JOINED", "PUBLISH_STARTED"]);
    const viewer = join(kit, stage.arn, { capabilities: ["SUBSCRIBE"], publish: true });
    expect(viewer.events).toMatchObject([
      { name: "JOINED" },
      { name: "PUBLISH_ERROR", errorCode: "INSUFFICIENT_CAPABILITIES" },
    ]);
    expect(viewer.participant.publishing).toBe(false);
    expect(kit.sim.subscribe(kit.scope, refOf(viewer), host.participant.data.participantId).events).toMatchObject([
      { name: "SUBSCRIBE_STARTED" },
    ]);
    const hostSubscribes = kit.sim.subscribe(kit.scope, refOf(host), viewer.participant.data.participantId);
    expect(hostSubscribes.events).toMatchObject([{ name: "SUBSCRIBE_ERROR", errorCode: "INSUFFICIENT_CAPABILITIES" }]);
    const nobody = join(kit, stage.arn, { capabilities: [] });
    expect(kit.sim.publish(kit.scope, refOf(nobody)).events).toMatchObject([
      { name: "PUBLISH_ERROR", errorCode: "INSUFFICIENT_CAPABILITIES" },
    ]);
  });

  it("the 13th publisher gets PUBLISH_ERROR QUOTA_EXCEEDED; a free slot lets it publish", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const publishers = Array.from({ length: maxPublishersPerStage }, () => join(kit, stage.arn, { publish: true }));
    expect(publishers.every((p) => p.participant.publishing)).toBe(true);
    const thirteenth = join(kit, stage.arn, { publish: true });
    expect(thirteenth.events).toMatchObject([
      { name: "JOINED" },
      { name: "PUBLISH_ERROR", errorCode: "QUOTA_EXCEEDED" },
    ]);
    expect(thirteenth.participant.data.published).toBe(false);
    kit.sim.leave(kit.scope, refOf(must(publishers[0])));
    expect(names(kit.sim.publish(kit.scope, refOf(thirteenth)).events)).toEqual(["PUBLISH_STARTED"]);
  });

  it("with --quotas off there is no publisher limit", async () => {
    const kit = simSetup({ quotas: "off" });
    const stage = await newStage(kit);
    const all = Array.from({ length: maxPublishersPerStage + 3 }, () => join(kit, stage.arn, { publish: true }));
    expect(all.every((p) => p.participant.publishing)).toBe(true);
  });
});

describe("simulated participants: leaving, dropping, failing", () => {
  it("leave: SUBSCRIBE_STOPPED each, PUBLISH_STOPPED, LEFT; the publisher's subscribers get SUBSCRIBE_STOPPED", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const a = join(kit, stage.arn, { publish: true });
    const b = join(kit, stage.arn, { publish: true });
    kit.sim.subscribe(kit.scope, refOf(a), b.participant.data.participantId);
    kit.sim.subscribe(kit.scope, refOf(b), a.participant.data.participantId);
    const left = kit.sim.leave(kit.scope, refOf(a));
    expect(names(left.events)).toEqual(["SUBSCRIBE_STOPPED", "PUBLISH_STOPPED", "LEFT"]);
    expect(names(await timeline(kit, b)).slice(-1)).toEqual(["SUBSCRIBE_STOPPED"]);
    expect(left.participant.data).toMatchObject({ state: "DISCONNECTED", published: true });
    refused(() => kit.sim.publish(kit.scope, refOf(a)), "ConflictException");
  });

  it("a network drop is LEFT then JOINED with the same id; a publisher publishes again", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const host = join(kit, stage.arn, { publish: true });
    const viewer = join(kit, stage.arn);
    kit.sim.subscribe(kit.scope, refOf(viewer), host.participant.data.participantId);
    kit.clock.advance(5_000);
    expect(names(kit.sim.drop(kit.scope, refOf(host)).events)).toEqual(["LEFT"]);
    expect(names(await timeline(kit, viewer)).slice(-1)).toEqual(["SUBSCRIBE_STOPPED"]);
    kit.clock.advance(5_000);
    const back = kit.sim.reconnect(kit.scope, refOf(host));
    expect(back.participant).toBe(host.participant);
    expect(names(back.events)).toEqual(["JOINED", "PUBLISH_STARTED"]);
    expect(back.participant.data.firstJoinTime).toBe("2026-01-01T00:00:00.000Z");
    refused(() => kit.sim.reconnect(kit.scope, refOf(host)), "ConflictException");
  });

  it("fails with any documented error code", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const host = join(kit, stage.arn, { publish: true });
    const viewer = join(kit, stage.arn);
    kit.sim.subscribe(kit.scope, refOf(viewer), host.participant.data.participantId);
    for (const errorCode of EventErrorCodeValues) {
      expect(kit.sim.fail(kit.scope, refOf(viewer), { event: "JOIN_ERROR", errorCode }).events).toMatchObject([
        { name: "JOIN_ERROR", errorCode },
      ]);
    }
    const sub = kit.sim.fail(kit.scope, refOf(viewer), {
      event: "SUBSCRIBE_ERROR",
      errorCode: "INTERNAL_SERVER_EXCEPTION",
      targetParticipantId: host.participant.data.participantId,
    });
    expect(names(sub.events)).toEqual(["SUBSCRIBE_ERROR", "SUBSCRIBE_STOPPED"]);
    const pub = kit.sim.fail(kit.scope, refOf(host), { event: "PUBLISH_ERROR", errorCode: "BITRATE_EXCEEDED" });
    expect(pub.events).toMatchObject([
      { name: "PUBLISH_ERROR", errorCode: "BITRATE_EXCEEDED" },
      { name: "PUBLISH_STOPPED" },
    ]);
    expect(() =>
      kit.sim.fail(kit.scope, refOf(host), {
        event: "PUBLISH_ERROR",
        errorCode: "INVALID_INPUT",
        targetParticipantId: "x",
      }),
    ).toThrow(/SUBSCRIBE_ERROR/);
  });

  it("DeleteStage with a live simulation: everyone gets LEFT, nobody can come back", async () => {
    const kit = simSetup();
    const stage = await newStage(kit);
    const host = join(kit, stage.arn, { publish: true });
    const viewer = join(kit, stage.arn);
    kit.sim.subscribe(kit.scope, refOf(viewer), host.participant.data.participantId);
    const hostEvents = must(kit.store().events.get(host.participant.sessionId));
    await kit.call("DeleteStage", { arn: stage.arn });
    expect(host.participant.data.state).toBe("DISCONNECTED");
    expect(viewer.participant.data.state).toBe("DISCONNECTED");
    expect(
      hostEvents.filter((e) => e.participantId === host.participant.data.participantId).map((e) => e.data.name),
    ).toEqual(["JOINED", "PUBLISH_STARTED", "LEFT"]);
    refused(() => kit.sim.reconnect(kit.scope, refOf(host)), "ResourceNotFoundException");
    kit.clock.advance(60 * 60_000); // pending timers of the deleted stage are harmless
  });
});
