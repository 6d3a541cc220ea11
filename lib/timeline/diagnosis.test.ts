import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorCodeCatalog } from "@/lib/error-codes";
import { EventErrorCodeValues, type EventErrorCode } from "@/lib/ivs/enums";
import type { Event } from "@/lib/ivs/structures";
import { diagnose, type DiagnosisContext, type Finding, type RuleId } from "./diagnosis";
import { buildTimeline, type Timeline } from "./model";
import { ev, newestFirst, t0 } from "./test-events";

const now = t0 + 3600_000;
const timelineOf = (events: Event[], state = "DISCONNECTED") =>
  buildTimeline(newestFirst(events), { now, participantState: state });
const run = (events: Event[], context: DiagnosisContext = {}, state?: string) => {
  const timeline = timelineOf(events, state);
  return { timeline, findings: diagnose(timeline, context) };
};
const byRule = (findings: readonly Finding[], rule: RuleId) => findings.filter((f) => f.rule === rule);
const evidenceNames = (timeline: Timeline, finding: Finding | undefined) =>
  (finding?.evidence ?? []).map((id) => timeline.byId.get(id)?.name);

describe("diagnosis rules", () => {
  it("healthy when nothing is wrong", () => {
    const { findings } = run([
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 1),
      ev("SUBSCRIBE_STARTED", 2, { remote: "a" }),
      ev("PUBLISH_STOPPED", 60),
      ev("LEFT", 61),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "healthy", severity: "ok", title: "Healthy: no errors" });
    expect(findings[0]?.explanation).toMatch(/published for 59 s, subscribed to 1 publisher/);
  });

  it("no events yet", () => {
    const findings = diagnose(buildTimeline([], { now }));
    expect(findings.map((f) => [f.rule, f.title])).toEqual([["healthy", "No events yet"]]);
  });

  it("repeated BITRATE_EXCEEDED: critical, 8.5 Mbps limit, cap around 6 Mbps", () => {
    const { timeline, findings } = run(
      [
        ev("JOINED", 0),
        ev("PUBLISH_ERROR", 1, { code: "BITRATE_EXCEEDED" }),
        ev("PUBLISH_ERROR", 5, { code: "BITRATE_EXCEEDED" }),
        ev("PUBLISH_ERROR", 9, { code: "BITRATE_EXCEEDED" }),
      ],
      {},
      "CONNECTED",
    );
    const [finding] = byRule(findings, "bitrate");
    expect(finding).toMatchObject({ severity: "critical", codes: ["BITRATE_EXCEEDED"] });
    expect(finding?.title).toBe("Publishing failed 3 times: bitrate above 8.5 Mbps");
    expect(finding?.explanation).toMatch(/3 times between 12:00:01Z and 12:00:09Z/);
    expect(finding?.action).toMatch(/around 6 Mbps/);
    expect(evidenceNames(timeline, finding)).toEqual(["PUBLISH_ERROR", "PUBLISH_ERROR", "PUBLISH_ERROR"]);
    expect(findings[0]?.rule).toBe("bitrate");
    expect(byRule(findings, "healthy")).toEqual([]);
    expect(byRule(findings, "error-code")).toEqual([]);
  });

  it("BITRATE_EXCEEDED then a successful publish: a resolved warning citing the success", () => {
    const { timeline, findings } = run(
      [
        ev("JOINED", 0),
        ev("PUBLISH_ERROR", 1, { code: "BITRATE_EXCEEDED" }),
        ev("PUBLISH_ERROR", 3, { code: "BITRATE_EXCEEDED" }),
        ev("PUBLISH_STARTED", 8),
      ],
      {},
      "CONNECTED",
    );
    const [finding] = byRule(findings, "bitrate");
    expect(finding).toMatchObject({ severity: "warning", resolved: true });
    expect(finding?.explanation).toMatch(/succeeded at 12:00:08Z/);
    expect(evidenceNames(timeline, finding)).toEqual(["PUBLISH_ERROR", "PUBLISH_ERROR", "PUBLISH_STARTED"]);
  });

  it("names the ingest configuration for an RTMP encoder", () => {
    const { findings } = run([ev("JOINED", 0), ev("PUBLISH_ERROR", 1, { code: "BITRATE_EXCEEDED" })], {
      ingest: { arn: "arn:aws:ivs:us-east-1:123456789012:ingest-configuration/abc", name: "studio-a" },
      protocol: "RTMPS",
    });
    expect(byRule(findings, "bitrate")[0]?.explanation).toMatch(/ingest configuration "studio-a"/);
  });

  it("publishing with a subscribe-only token (INSUFFICIENT_CAPABILITIES)", () => {
    const { findings } = run([ev("JOINED", 0), ev("PUBLISH_ERROR", 2, { code: "INSUFFICIENT_CAPABILITIES" })], {
      userId: "guest-7",
    });
    const [finding] = byRule(findings, "insufficient-capabilities");
    expect(finding).toMatchObject({ severity: "critical", title: "Tried to publish with a subscribe-only token" });
    expect(finding?.action).toMatch(/PUBLISH capability/);
    expect(finding?.explanation).toMatch(/guest-7/);
  });

  it("subscribing with a publish-only token", () => {
    const { findings } = run([
      ev("JOINED", 0),
      ev("SUBSCRIBE_ERROR", 2, { code: "INSUFFICIENT_CAPABILITIES", remote: "a" }),
    ]);
    expect(byRule(findings, "insufficient-capabilities")[0]?.title).toBe(
      "Tried to subscribe with a publish-only token",
    );
  });

  it("cites a token exchange that dropped the capability", () => {
    const exchanged: Event = { ...ev("TOKEN_EXCHANGED", 1), newToken: { capabilities: ["SUBSCRIBE"] } };
    const { timeline, findings } = run([
      ev("JOINED", 0),
      exchanged,
      ev("PUBLISH_ERROR", 2, { code: "INSUFFICIENT_CAPABILITIES" }),
    ]);
    const [finding] = byRule(findings, "insufficient-capabilities");
    expect(evidenceNames(timeline, finding)).toEqual(["TOKEN_EXCHANGED", "PUBLISH_ERROR"]);
    expect(finding?.explanation).toMatch(/token exchange at 12:00:01Z/);
  });

  it("token exchanges: a refresh is recorded as info; a lost capability is named unless the capabilities rule cites it", () => {
    const previousToken: NonNullable<Event["previousToken"]> = {
      capabilities: ["PUBLISH", "SUBSCRIBE"],
      attributes: { role: "guest" },
      userId: "rosa",
      expirationTime: "2026-12-01T00:00:00.000Z",
    };
    const refresh: Event = {
      ...ev("TOKEN_EXCHANGED", 5),
      previousToken,
      newToken: { ...previousToken, expirationTime: "2026-12-15T00:00:00.000Z" },
    };
    const demoted: Event = {
      ...ev("TOKEN_EXCHANGED", 9),
      previousToken,
      newToken: { ...previousToken, capabilities: ["SUBSCRIBE"] },
    };
    const quiet = run([ev("JOINED", 0), refresh, demoted], {}, "CONNECTED");
    const found = byRule(quiet.findings, "token-exchange");
    expect(found.map((f) => [f.severity, f.title])).toEqual([
      ["info", "Token exchanged"],
      ["info", "Token exchanged: no longer allowed to publish"],
    ]);
    expect(found[0]?.explanation).toMatch(/expires 2026-12-15T00:00:00.000Z/);
    expect(byRule(quiet.findings, "healthy")).toHaveLength(1); // info only: still healthy
    const failing = run(
      [ev("JOINED", 0), demoted, ev("PUBLISH_ERROR", 12, { code: "INSUFFICIENT_CAPABILITIES" })],
      {},
      "CONNECTED",
    );
    expect(byRule(failing.findings, "token-exchange")).toEqual([]);
    expect(evidenceNames(failing.timeline, byRule(failing.findings, "insufficient-capabilities")[0])).toEqual([
      "TOKEN_EXCHANGED",
      "PUBLISH_ERROR",
    ]);
  });

  it("replication: where and for how long, and that it ended when the participant left", () => {
    const destination = {
      destinationStageArn: "arn:aws:ivs:us-east-1:123456789012:stage/Dest12345678",
      destinationSessionId: "st-dest",
    };
    const { timeline, findings } = run([
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 1),
      ev("REPLICATION_STARTED", 10, destination),
      ev("LEFT", 190),
      ev("REPLICATION_STOPPED", 190, destination),
    ]);
    const [finding] = byRule(findings, "replication");
    expect(finding).toMatchObject({ severity: "info", title: "Replicated to another stage for 3 min" });
    expect(finding?.explanation).toMatch(/stage\/Dest12345678 \(session st-dest\).*because the participant left/);
    expect(evidenceNames(timeline, finding)).toEqual(["REPLICATION_STARTED", "REPLICATION_STOPPED"]);
  });

  it("a redundant ingest path explains itself, with its disconnections as evidence", () => {
    const events = [
      ev("JOINED", 0),
      ev("PUBLISH_STARTED", 1),
      ev("LEFT", 30),
      ev("JOINED", 40),
      ev("PUBLISH_STARTED", 41),
    ];
    expect(byRule(run(events).findings, "redundant-ingest")).toEqual([]);
    const { timeline, findings } = run(events, { redundantIngest: true, protocol: "RTMPS" }, "CONNECTED");
    const [finding] = byRule(findings, "redundant-ingest");
    expect(finding?.explanation).toMatch(/backup key in redundantIngestCredentials.*This path disconnected/);
    expect(evidenceNames(timeline, finding)).toEqual(["LEFT"]);
  });

  it("PUBLISHER_NOT_FOUND after the publisher left (own subscription stopped)", () => {
    const { timeline, findings } = run([
      ev("JOINED", 0),
      ev("SUBSCRIBE_STARTED", 1, { remote: "alice" }),
      ev("SUBSCRIBE_STOPPED", 10, { remote: "alice" }),
      ev("SUBSCRIBE_ERROR", 12, { remote: "alice", code: "PUBLISHER_NOT_FOUND" }),
    ]);
    const [finding] = byRule(findings, "publisher-not-found");
    expect(finding).toMatchObject({ severity: "warning", title: "Subscribed to alice after it went away" });
    expect(evidenceNames(timeline, finding)).toEqual(["SUBSCRIBE_STOPPED", "SUBSCRIBE_ERROR"]);
    expect(finding?.action).toMatch(/stale list of publishers/);
  });

  it("PUBLISHER_NOT_FOUND confirmed by the publisher's own LEFT (session view)", () => {
    const alice = buildTimeline(
      [
        ev("LEFT", 10, { participantId: "alice" }),
        ev("PUBLISH_STARTED", 1, { participantId: "alice" }),
        ev("JOINED", 0, { participantId: "alice" }),
      ],
      { now },
    );
    const { findings } = run(
      [ev("JOINED", 0), ev("SUBSCRIBE_ERROR", 12, { remote: "alice", code: "PUBLISHER_NOT_FOUND" })],
      { remotes: new Map([["alice", alice]]) },
    );
    const [finding] = byRule(findings, "publisher-not-found");
    expect(finding?.title).toBe("Subscribed to alice after it left");
    expect(finding?.explanation).toMatch(/left the stage at 12:00:10Z/);
    expect(finding?.remoteEvidence).toEqual([{ participantId: "alice", eventId: alice.events.at(-1)?.id }]);
  });

  it("PUBLISHER_NOT_FOUND for a publisher that never published", () => {
    const bob = buildTimeline([ev("JOINED", 0, { participantId: "bob" })], { now });
    const { findings } = run(
      [ev("JOINED", 0), ev("SUBSCRIBE_ERROR", 3, { remote: "bob", code: "PUBLISHER_NOT_FOUND" })],
      { remotes: new Map([["bob", bob]]) },
    );
    expect(byRule(findings, "publisher-not-found")[0]?.title).toBe("Subscribed to bob, which never published");
  });

  it("reconnect loop: several JOINED in a short window", () => {
    const events = [
      ev("JOINED", 0),
      ev("LEFT", 5),
      ev("JOINED", 8),
      ev("LEFT", 15),
      ev("JOINED", 20),
      ev("LEFT", 30),
      ev("JOINED", 33),
    ];
    const { timeline, findings } = run(events, { ispName: "Comcast" }, "CONNECTED");
    const [finding] = byRule(findings, "reconnect-loop");
    expect(finding?.title).toBe("Reconnect loop: joined 4 times in 33 s");
    expect(finding?.action).toMatch(/ISP: Comcast/);
    expect(evidenceNames(timeline, finding).filter((n) => n === "JOINED")).toHaveLength(4);
  });

  it("no reconnect loop for joins far apart", () => {
    const { findings } = run(
      [ev("JOINED", 0), ev("LEFT", 5), ev("JOINED", 400), ev("LEFT", 500), ev("JOINED", 900)],
      {},
      "CONNECTED",
    );
    expect(byRule(findings, "reconnect-loop")).toEqual([]);
  });

  it("the stage at its 12-publisher limit (QUOTA_EXCEEDED), with the session's count", () => {
    const { findings } = run([ev("JOINED", 0), ev("PUBLISH_ERROR", 1, { code: "QUOTA_EXCEEDED" })], {
      publishersAt: () => 12,
    });
    const [finding] = byRule(findings, "publisher-limit");
    expect(finding).toMatchObject({ severity: "critical", title: "Stage at its 12-publisher limit" });
    expect(finding?.explanation).toMatch(/had 12 publishers/);
    expect(
      byRule(run([ev("SUBSCRIBE_ERROR", 1, { code: "QUOTA_EXCEEDED", remote: "a" })]).findings, "subscriber-limit"),
    ).toHaveLength(1);
  });

  it("RTMP over a configuration that requires RTMPS: INVALID_PROTOCOL names insecureIngest and the configuration", () => {
    const { findings } = run([ev("JOINED", 0), ev("PUBLISH_ERROR", 1, { code: "INVALID_PROTOCOL" })], {
      ingest: {
        arn: "arn:aws:ivs:us-east-1:123456789012:ingest-configuration/x1",
        name: "obs-main",
        ingestProtocol: "RTMPS",
      },
    });
    const [finding] = byRule(findings, "rtmp-protocol");
    expect(finding?.title).toBe('Encoder used RTMP; ingest configuration "obs-main" requires RTMPS');
    expect(finding?.action).toMatch(/insecureIngest/);
    expect(finding?.action).toMatch(/RTMPS endpoint/);
  });

  it("INVALID_STREAM_KEY and REUSE_OF_STREAM_KEY name the configuration", () => {
    const ingest = { arn: "arn:aws:ivs:us-east-1:123456789012:ingest-configuration/x1", name: "cam-2", stageArn: "" };
    const { findings } = run(
      [ev("PUBLISH_ERROR", 1, { code: "INVALID_STREAM_KEY" }), ev("PUBLISH_ERROR", 2, { code: "REUSE_OF_STREAM_KEY" })],
      { ingest },
    );
    const keys = byRule(findings, "stream-key");
    expect(keys.map((f) => f.codes[0]).sort()).toEqual(["INVALID_STREAM_KEY", "REUSE_OF_STREAM_KEY"]);
    expect(keys.find((f) => f.codes[0] === "INVALID_STREAM_KEY")?.explanation).toMatch(
      /"cam-2" is not attached to any stage/,
    );
    expect(keys.find((f) => f.codes[0] === "REUSE_OF_STREAM_KEY")?.action).toMatch(/"cam-2"/);
  });

  it("B_FRAME_PRESENT gives the x264 settings", () => {
    const { findings } = run([ev("PUBLISH_ERROR", 1, { code: "B_FRAME_PRESENT" })], {
      ingest: { arn: "arn:aws:ivs:us-east-1:123456789012:ingest-configuration/x1", name: "enc" },
    });
    const [finding] = byRule(findings, "b-frames");
    expect(finding?.action).toMatch(/bframes=0 sliced-threads=0/);
    expect(finding?.explanation).toMatch(/^The encoder streaming to ingest configuration "enc"/);
  });

  it("resolution, codecs and stream duration", () => {
    const { findings } = run([
      ev("PUBLISH_ERROR", 1, { code: "RESOLUTION_EXCEEDED" }),
      ev("PUBLISH_ERROR", 2, { code: "INVALID_VIDEO_CODEC" }),
      ev("PUBLISH_ERROR", 3, { code: "INVALID_AUDIO_CODEC" }),
      ev("SUBSCRIBE_ERROR", 4, { code: "STREAM_DURATION_EXCEEDED", remote: "a" }),
    ]);
    expect(byRule(findings, "resolution")[0]?.title).toBe("Resolution above 720p");
    expect(byRule(findings, "codec").map((f) => f.codes[0])).toEqual(["INVALID_VIDEO_CODEC", "INVALID_AUDIO_CODEC"]);
    expect(byRule(findings, "codec")[1]?.action).toMatch(/Opus/);
    expect(byRule(findings, "stream-duration")[0]?.title).toMatch(/24-hour/);
  });

  it("join errors without a code: expired or revoked token", () => {
    const { findings } = run([ev("JOINED", 0), ev("LEFT", 5), ev("JOIN_ERROR", 9)]);
    const [finding] = byRule(findings, "join-error");
    expect(finding).toMatchObject({ severity: "critical", title: "Could not join" });
    expect(finding?.explanation).toMatch(/expired or has been revoked/);
  });

  it("repeated internal errors suggest AWS Support", () => {
    const { findings } = run([
      ev("PUBLISH_ERROR", 1, { code: "INTERNAL_SERVER_EXCEPTION" }),
      ev("PUBLISH_ERROR", 2, { code: "INTERNAL_SERVER_EXCEPTION" }),
    ]);
    expect(byRule(findings, "internal-error")[0]?.action).toMatch(/AWS Support/);
  });

  it("generic findings from the catalog for codes no specific rule explains", () => {
    const { findings } = run([
      ev("PUBLISH_ERROR", 1, { code: "INVALID_INPUT" }),
      ev("PUBLISH_ERROR", 2, { code: "INVALID_INPUT" }),
    ]);
    const [finding] = byRule(findings, "error-code");
    expect(finding?.title).toBe(`${errorCodeCatalog.INVALID_INPUT.title} (PUBLISH_ERROR)`);
    expect(finding?.action).toBe(errorCodeCatalog.INVALID_INPUT.guidance);
    expect(finding?.evidence).toHaveLength(2);
  });

  it("an unknown code still yields a finding", () => {
    const weird = { ...ev("PUBLISH_ERROR", 1), errorCode: "NEW_CODE_2027" } as unknown as Event;
    const { findings } = run([weird]);
    expect(byRule(findings, "error-code")[0]?.title).toBe("Unknown error NEW_CODE_2027 (PUBLISH_ERROR)");
  });

  it("data-quality findings for out-of-order and missing events, without hiding health", () => {
    const timeline = buildTimeline(
      [ev("PUBLISH_STARTED", 0.5), ev("LEFT", 9), ev("JOINED", 0), ev("PUBLISH_STOPPED", 5)],
      { now },
    );
    const findings = diagnose(timeline);
    expect(findings.map((f) => f.rule)).toEqual(["data-quality", "healthy"]);
  });

  it("sorts most severe first", () => {
    const { findings } = run([
      ev("JOINED", 0),
      ev("SUBSCRIBE_ERROR", 1, { code: "PUBLISHER_NOT_FOUND", remote: "x" }),
      ev("PUBLISH_ERROR", 3, { code: "RESOLUTION_EXCEEDED" }),
    ]);
    expect(findings.map((f) => f.severity)).toEqual(["critical", "warning", "info"]);
  });
});

describe("every documented error code yields a finding", () => {
  const errorNames = ["PUBLISH_ERROR", "SUBSCRIBE_ERROR", "JOIN_ERROR"] as const;

  it.each(EventErrorCodeValues.flatMap((code) => errorNames.map((name) => [code, name] as const)))(
    "%s on %s",
    (code, name) => {
      const { timeline, findings } = run([
        ev("JOINED", 0),
        ev(name, 1, { code, ...(name === "SUBSCRIBE_ERROR" ? { remote: "pub" } : {}) }),
      ]);
      const error = timeline.events.find((e) => e.kind === "error");
      const citing = findings.filter((f) => error && f.evidence.includes(error.id));
      expect(citing.length).toBeGreaterThanOrEqual(1);
      expect(citing.every((f) => f.severity !== "ok" && f.title && f.explanation && f.action)).toBe(true);
      expect(byRule(findings, "healthy")).toEqual([]);
    },
  );

  it("property: in any event sequence, every error event is cited by a non-healthy finding", () => {
    const name = fc.constantFrom(
      "JOINED",
      "LEFT",
      "PUBLISH_STARTED",
      "PUBLISH_STOPPED",
      "SUBSCRIBE_STARTED",
      "SUBSCRIBE_STOPPED",
      "PUBLISH_ERROR",
      "SUBSCRIBE_ERROR",
      "JOIN_ERROR",
      "TOKEN_EXCHANGED",
      "REPLICATION_STARTED",
      "REPLICATION_STOPPED",
    );
    const code = fc.constantFrom<EventErrorCode | undefined>(...EventErrorCodeValues, undefined);
    const event = fc.record({
      name,
      seconds: fc.integer({ min: 0, max: 600 }),
      code,
      remote: fc.constantFrom("a", "b", undefined),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.boolean(), (specs, shuffled) => {
        const events = specs.map((s) =>
          ev(s.name, s.seconds, {
            ...(s.name.endsWith("_ERROR") && s.code ? { code: s.code } : {}),
            ...(s.name.startsWith("SUBSCRIBE") && s.remote ? { remote: s.remote } : {}),
          }),
        );
        const timeline = buildTimeline(shuffled ? events : newestFirst(events), { now });
        const findings = diagnose(timeline);
        const cited = new Set(findings.filter((f) => f.severity !== "ok").flatMap((f) => f.evidence));
        for (const e of timeline.events) if (e.kind === "error") expect(cited.has(e.id)).toBe(true);
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) for (const id of f.evidence) expect(timeline.byId.has(id)).toBe(true);
        expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
      }),
      { numRuns: 300 },
    );
  });
});
