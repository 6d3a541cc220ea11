import { describe, expect, it } from "vitest";
import { EventNameValues } from "@/lib/ivs/enum-values";
import { ExchangedParticipantToken } from "@/lib/ivs/structures";
import { isRunningComposition } from "../world/store";
import { ACCOUNT, counts, demoKit, east, errorKinds, minute, NOW, west, type DemoKit } from "./demo-world-test-kit";

/** The demo world, on a manual clock: what is there at start, how it moves, and that it stays bounded. */

const stageNamed = (kit: DemoKit, region: typeof east, name: string) => {
  const stage = [...kit.store(region).stages.values()].find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  return stage;
};

describe("demo world: right after start", () => {
  const kit = demoKit();

  it("has stages with tags, live sessions and events in both regions", () => {
    for (const region of [east, west]) {
      const { stages } = kit.call(region, "ListStages", {});
      expect(stages.length).toBeGreaterThanOrEqual(2);
      expect(stages.every((stage) => stage.tags?.project === "control-room-demo")).toBe(true);
      const live = stages.filter((stage) => stage.activeSessionId);
      expect(live.length).toBeGreaterThanOrEqual(1);
      const c = counts(kit.store(region));
      expect(c.events).toBeGreaterThan(500);
      expect(c.connected).toBeGreaterThan(10);
    }
    expect(
      kit
        .call(east, "ListStages", {})
        .stages.map((stage) => stage.name)
        .sort(),
    ).toEqual(["backstage", "esports-finals", "morning-show", "support-desk", "town-hall"]);
    expect(
      kit
        .call(west, "ListStages", {})
        .stages.map((stage) => stage.name)
        .sort(),
    ).toEqual(["partner-webinar", "product-launch"]);
  });

  it("has configurations, a public key and auto participant recording", () => {
    const encoders = kit.call(east, "ListEncoderConfigurations", {}).encoderConfigurations.map((config) => config.name);
    expect(encoders).toEqual(["720p30-landscape", "1080p30-landscape", "720x1280-portrait"]);
    expect(kit.call(east, "ListStorageConfigurations", {}).storageConfigurations).toHaveLength(2);
    const ingest = kit.call(east, "ListIngestConfigurations", {}).ingestConfigurations;
    expect(
      ingest.map((config) => [config.name, config.ingestProtocol, config.stageArn === "" ? "detached" : "attached"]),
    ).toEqual([
      ["arena-program-feed", "RTMPS", "attached"],
      ["lobby-camera", "RTMP", "attached"],
      ["spare-encoder", "RTMPS", "attached"],
    ]);
    expect(ingest.find((config) => config.name === "arena-program-feed")?.state).toBe("ACTIVE");
    const lobby = [...kit.store(east).ingestConfigurations.values()].find((config) => config.name === "lobby-camera");
    expect(lobby?.insecureIngest).toBe(true);
    expect(kit.call(east, "ListPublicKeys", {}).publicKeys.map((key) => key.name)).toEqual([
      "partner-portal-signing-key",
    ]);
    const morning = kit.call(east, "GetStage", { arn: stageNamed(kit, east, "morning-show").arn }).stage;
    expect(morning?.autoParticipantRecordingConfiguration?.storageConfigurationArn).toMatch(/storage-configuration/);
  });

  it("has an ACTIVE composition to a channel and S3 on a live stage with publishers, and a recently stopped one", () => {
    const esports = stageNamed(kit, east, "esports-finals");
    const { compositions } = kit.call(east, "ListCompositions", { filterByStageArn: esports.arn });
    const active = compositions.filter((composition) => composition.state === "ACTIVE");
    expect(active).toHaveLength(1);
    const composition = kit.call(east, "GetComposition", { arn: active[0]?.arn ?? "" }).composition;
    expect(
      composition?.destinations.map((destination) => [
        destination.state,
        Object.keys(destination.configuration)
          .filter((key) => key !== "name")
          .sort(),
      ]),
    ).toEqual([
      ["ACTIVE", ["channel"]],
      ["ACTIVE", ["s3"]],
    ]);
    expect(composition?.layout.grid).toMatchObject({
      featuredParticipantAttribute: "featured",
      participantOrderAttribute: "order",
    });
    const session = esports.activeSessionId ?? "";
    const publishers = kit.call(east, "ListParticipants", {
      stageArn: esports.arn,
      sessionId: session,
      filterByPublished: true,
      maxResults: 100,
    });
    expect(
      publishers.participants.filter((participant) => participant.state === "CONNECTED").length,
    ).toBeGreaterThanOrEqual(10);
    const stopped = kit
      .call(west, "ListCompositions", {})
      .compositions.filter((candidate) => candidate.state === "STOPPED");
    expect(stopped).toHaveLength(1);
  });

  it("shows up to 12 publishers, many subscribers and layout attributes on the biggest stage", () => {
    const esports = stageNamed(kit, east, "esports-finals");
    const store = kit.store(east);
    const inSession = [...store.participants.values()].filter(
      (participant) => participant.sessionId === esports.activeSessionId,
    );
    const publishing = inSession.filter((participant) => participant.publishing);
    expect(publishing.length).toBeGreaterThanOrEqual(10);
    expect(publishing.length).toBeLessThanOrEqual(12);
    expect(
      inSession.filter((participant) => participant.data.state === "CONNECTED" && participant.subscriptions.size > 0)
        .length,
    ).toBeGreaterThan(25);
    const host = inSession.find((participant) => participant.data.attributes.featured === "true");
    expect(host?.data.attributes).toMatchObject({ role: "caster", order: "1" });
    expect(
      inSession.filter((participant) => participant.data.attributes.order !== undefined).length,
    ).toBeGreaterThanOrEqual(10);
    const encoder = inSession.find((participant) => participant.data.protocol === "RTMPS");
    expect(encoder?.data.ingestConfigurationArn).toMatch(/ingest-configuration/);
  });

  it("has every kind of realistic error on record", () => {
    const kinds = new Set([...errorKinds(kit.store(east)), ...errorKinds(kit.store(west))]);
    for (const kind of [
      "PUBLISH_ERROR BITRATE_EXCEEDED",
      "PUBLISH_ERROR QUOTA_EXCEEDED",
      "PUBLISH_ERROR INSUFFICIENT_CAPABILITIES",
      "SUBSCRIBE_ERROR PUBLISHER_NOT_FOUND",
      "PUBLISH_ERROR B_FRAME_PRESENT",
      "PUBLISH_ERROR INVALID_STREAM_KEY",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it("shows every event name of the API, with the members each one carries", () => {
    const events = [kit.store(east), kit.store(west)].flatMap((store) =>
      [...store.events.values()].flat().map((record) => record.data),
    );
    const names = new Set(events.map((event) => event.name));
    for (const name of EventNameValues) expect(names, name).toContain(name);
    const exchanged = events.filter((event) => event.name === "TOKEN_EXCHANGED");
    for (const event of exchanged) {
      expect(ExchangedParticipantToken.strict().safeParse(event.previousToken).success).toBe(true);
      expect(ExchangedParticipantToken.strict().safeParse(event.newToken).success).toBe(true);
      expect(Date.parse(event.newToken?.expirationTime ?? "")).toBeGreaterThanOrEqual(
        Date.parse(event.previousToken?.expirationTime ?? ""),
      );
    }
    // A guest moved to a SUBSCRIBE-only token, and a host refreshing its token with the same capabilities.
    expect(
      exchanged.some(
        (event) =>
          event.newToken?.capabilities?.join() === "SUBSCRIBE" &&
          event.previousToken?.capabilities?.includes("PUBLISH"),
      ),
    ).toBe(true);
    expect(
      exchanged.some((event) => event.newToken?.capabilities?.join() === event.previousToken?.capabilities?.join()),
    ).toBe(true);
    for (const event of events.filter((e) => e.name === "JOIN_ERROR")) expect(event.errorCode).toBeUndefined(); // a revoked token
    for (const event of events.filter((e) => e.name?.startsWith("REPLICATION_"))) {
      expect(event.destinationStageArn).toMatch(/:stage\//);
      expect(event.destinationSessionId).toMatch(/^st-/);
    }
  });

  it("streams a redundant ingest configuration on both of its paths while town-hall is on air", () => {
    const config = [...kit.store(east).ingestConfigurations.values()].find((c) => c.name === "spare-encoder");
    expect(config?.redundantIngest).toBe(true);
    expect(config?.redundantIngestCredentials?.length).toBeGreaterThan(0);
    const townHall = stageNamed(kit, east, "town-hall");
    const sessionId = kit.store(east).stages.get(townHall.arn)?.activeSessionId ?? "";
    const paths = [
      config?.participantId,
      ...(config?.redundantIngestCredentials ?? []).map((credential) => credential.participantId),
    ];
    for (const participantId of paths) {
      const participant = kit.call(east, "GetParticipant", {
        stageArn: townHall.arn,
        sessionId,
        participantId: participantId ?? "",
      }).participant;
      expect(participant).toMatchObject({
        state: "CONNECTED",
        redundantIngest: true,
        ingestConfigurationArn: config?.arn,
        published: true,
      });
    }
  });

  it("has history: ended sessions with participants and events, over the last three hours", () => {
    for (const region of [east, west]) {
      const store = kit.store(region);
      const ended = [...store.sessions.values()].filter((session) => session.endTime !== undefined);
      expect(ended.length).toBeGreaterThanOrEqual(1);
      for (const session of ended) {
        expect(Date.parse(session.startTime)).toBeGreaterThanOrEqual(NOW - 180 * minute);
        expect((store.events.get(session.sessionId) ?? []).length).toBeGreaterThan(0);
      }
    }
    const support = stageNamed(kit, east, "support-desk");
    const sessions = kit.call(east, "ListStageSessions", { stageArn: support.arn, maxResults: 100 }).stageSessions;
    expect(sessions.length).toBeGreaterThanOrEqual(8);
    const reconnects = [...kit.store(east).events.values()].flat().filter((event) => event.data.name === "JOINED");
    const rejoined = new Set<string>();
    const loops = reconnects.filter((event) => {
      const key = `${event.sessionId}/${event.participantId}`;
      const again = rejoined.has(key);
      rejoined.add(key);
      return again;
    });
    expect(loops.length).toBeGreaterThan(10); // drops and reconnect loops: the same participant JOINED again
  });

  it("keeps moving: new events within seconds", () => {
    const before = counts(kit.store(east)).events + counts(kit.store(west)).events;
    kit.clock.advance(20_000);
    const after = counts(kit.store(east)).events + counts(kit.store(west)).events;
    expect(after).toBeGreaterThan(before);
  });
});

describe("demo world: determinism", () => {
  const dump = (kit: DemoKit) =>
    [east, west].map((scope) => {
      const { publicKeys: _keys, ...rest } = kit.emulator.sim.state(scope);
      return JSON.stringify(rest);
    });

  /** Timestamps as offsets from the start, so that worlds started at different times compare. */
  const relative = (texts: string[], now: number) =>
    texts.map((text) =>
      text
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (iso) => `T${Date.parse(iso) - now}`)
        // recording prefixes: …/2026-05-01T10-11-53Z
        .replace(
          /(\d{4}-\d\d-\d\dT)(\d\d)-(\d\d)-(\d\d)Z/g,
          (_all, day: string, h: string, m: string, sec: string) => `T${Date.parse(`${day}${h}:${m}:${sec}Z`) - now}`,
        ),
    );

  it("builds the same world from the same seed, and another from another seed", () => {
    const first = dump(demoKit({ seed: 11 }));
    expect(dump(demoKit({ seed: 11 }))).toEqual(first);
    expect(dump(demoKit({ seed: 12 }))).not.toEqual(first);
  });

  it("builds the same world whatever the time it starts at (only the timestamps move)", () => {
    const later = NOW + 12_345_000; // whole seconds: recording prefixes carry second-precision timestamps
    const first = relative(dump(demoKit({ seed: 11 })), NOW);
    const second = relative(dump(demoKit({ seed: 11, now: later })), later);
    expect(second.map((text) => text.replace(/"exp":\d+/g, ""))).toEqual(
      first.map((text) => text.replace(/"exp":\d+/g, "")),
    );
  });
});

describe("demo world: over time", () => {
  it("keeps its live composition ACTIVE for an hour of virtual time", () => {
    const kit = demoKit();
    const esports = stageNamed(kit, east, "esports-finals");
    const running = () =>
      [...kit.store(east).compositions.values()].filter(
        (composition) => composition.stageArn === esports.arn && isRunningComposition(composition),
      );
    const [composition] = running();
    expect(composition?.state).toBe("ACTIVE");
    for (let elapsed = 0; elapsed < 60; elapsed++) {
      kit.clock.advance(minute);
      expect(composition?.state, `after ${elapsed + 1} min`).toBe("ACTIVE");
    }
    expect(running()).toEqual([composition]);
  });

  it("stays bounded and alive for 24 hours of virtual time", { timeout: 180_000 }, () => {
    const kit = demoKit();
    const at = (hours: number) => {
      kit.clock.advanceTo(NOW + hours * 60 * minute);
      return { east: counts(kit.store(east)), west: counts(kit.store(west)) };
    };
    const half = at(12);
    const full = at(24);
    for (const region of ["east", "west"] as const) {
      const c = full[region];
      expect(c.participants, region).toBeLessThan(1_500);
      expect(c.events, region).toBeLessThan(60_000);
      expect(c.sessions, region).toBeLessThan(40);
      expect(c.tokens, region).toBeLessThan(250);
      expect(c.compositions, region).toBeLessThanOrEqual(6);
      // Not growing: the second half of the day ends no bigger than 1.5× the first.
      expect(c.events, region).toBeLessThan(half[region].events * 1.5 + 5_000);
      expect(c.liveSessions + c.connected, region).toBeGreaterThan(0);
    }
    expect(full.east.liveSessions).toBeGreaterThanOrEqual(2);
    expect(kit.emulator.sim.pendingTimers() + kit.clock.pendingTimers()).toBeLessThan(1_000);
    const ended = [...kit.store(east).sessions.values()].filter((session) => session.endTime !== undefined);
    expect(Math.min(...ended.map((session) => Date.parse(session.endTime ?? "")))).toBeGreaterThan(
      NOW + 24 * 60 * minute - 13 * 60 * minute,
    );
  });

  it("lets its show go when the stage is deleted, and keeps the others running", () => {
    const kit = demoKit();
    const town = stageNamed(kit, east, "town-hall");
    kit.call(east, "DeleteStage", { arn: town.arn });
    kit.clock.advance(10 * minute);
    const show = kit.emulator.demo?.shows.find((candidate) => candidate.spec.stage === "town-hall");
    expect(show?.retired).toBe(true);
    expect(stageNamed(kit, east, "esports-finals").activeSessionId).toBeDefined();
    expect(kit.emulator.demo?.snapshot().shows.map((saved) => saved.stage)).not.toContain("town-hall");
  });

  it("lives in the first credential's account", () => {
    const kit = demoKit();
    expect(kit.emulator.world.regions().map((store) => store.scope.account)).toEqual([ACCOUNT, ACCOUNT]);
  });
});
