import { describe, expect, it } from "vitest";
import {
  countParticipants,
  errorEntriesOf,
  failedCompositions,
  liveStagesOf,
  newestErrors,
  runningCompositions,
  sumCounts,
  type CompositionSummary,
  type ParticipantErrorEntry,
  type ParticipantSummary,
} from "./model";

const stageArn = (id: string) => `arn:aws:ivs:us-east-1:123456789012:stage/${id}`;
const compositionArn = (id: string) => `arn:aws:ivs:us-east-1:123456789012:composition/${id}`;

describe("live stages", () => {
  it("keeps stages with an active session, sorted by name then ARN", () => {
    const live = liveStagesOf([
      { arn: stageArn("b"), name: "beta", activeSessionId: "st-b" },
      { arn: stageArn("idle"), name: "aaa-idle" },
      { arn: stageArn("a2"), name: "alpha", activeSessionId: "st-a2" },
      { arn: stageArn("a1"), name: "alpha", activeSessionId: "st-a1" },
      { arn: stageArn("u"), activeSessionId: "st-u" },
      { arn: stageArn("empty"), name: "zeta", activeSessionId: "" },
    ]);
    expect(live.map((s) => s.sessionId)).toEqual(["st-u", "st-a1", "st-a2", "st-b"]);
    expect(live[0]).toEqual({ arn: stageArn("u"), name: "", sessionId: "st-u" });
  });
});

describe("participant counts", () => {
  const p = (state: "CONNECTED" | "DISCONNECTED", published: boolean): ParticipantSummary => ({
    participantId: `${state}${published}`,
    state,
    published,
  });

  it("counts connected participants and connected publishers", () => {
    expect(
      countParticipants([p("CONNECTED", true), p("CONNECTED", false), p("DISCONNECTED", true), p("CONNECTED", true)]),
    ).toEqual({
      connected: 3,
      publishers: 2,
      seen: 4,
      truncated: false,
    });
    expect(countParticipants([], true)).toEqual({ connected: 0, publishers: 0, seen: 0, truncated: true });
  });

  it("sums stages, treating a stage still loading as a lower bound", () => {
    const a = countParticipants([p("CONNECTED", true)]);
    const b = countParticipants([p("CONNECTED", false), p("DISCONNECTED", false)]);
    expect(sumCounts([a, b])).toEqual({ connected: 2, publishers: 1, seen: 3, truncated: false });
    expect(sumCounts([a, undefined]).truncated).toBe(true);
    expect(sumCounts([])).toEqual({ connected: 0, publishers: 0, seen: 0, truncated: false });
  });
});

describe("compositions", () => {
  const c = (id: string, state: CompositionSummary["state"], startTime?: string): CompositionSummary => ({
    arn: compositionArn(id),
    stageArn: stageArn("s"),
    state,
    destinations: [],
    ...(startTime ? { startTime } : {}),
  });

  it("keeps running ones (starting, active, stopping), newest first", () => {
    const list = [
      c("old", "ACTIVE", "2026-01-01T10:00:00.000Z"),
      c("stopped", "STOPPED", "2026-01-01T12:00:00.000Z"),
      c("new", "STARTING"),
      c("newer", "STOPPING", "2026-01-01T11:00:00.000Z"),
      c("failed", "FAILED", "2026-01-01T09:00:00.000Z"),
    ];
    expect(runningCompositions(list).map((x) => x.arn)).toEqual([
      compositionArn("newer"),
      compositionArn("old"),
      compositionArn("new"),
    ]);
    expect(failedCompositions(list).map((x) => x.arn)).toEqual([compositionArn("failed")]);
  });
});

describe("participant errors", () => {
  const stage = { arn: stageArn("s"), name: "show", sessionId: "st-1" };

  it("turns *_ERROR events with a code into entries and ignores the rest", () => {
    const entries = errorEntriesOf(stage, { participantId: "p1", userId: "guest" }, [
      { name: "JOINED", participantId: "p1", eventTime: "2026-01-01T10:00:00.000Z" },
      {
        name: "PUBLISH_ERROR",
        participantId: "p1",
        errorCode: "BITRATE_EXCEEDED",
        eventTime: "2026-01-01T10:01:00.000Z",
      },
      {
        name: "SUBSCRIBE_ERROR",
        participantId: "p1",
        errorCode: "PUBLISHER_NOT_FOUND",
        remoteParticipantId: "p9",
        replica: true,
      },
      { name: "PUBLISH_ERROR", participantId: "p1" },
    ]);
    expect(entries).toEqual([
      {
        stageArn: stage.arn,
        stageName: "show",
        sessionId: "st-1",
        participantId: "p1",
        userId: "guest",
        event: "PUBLISH_ERROR",
        errorCode: "BITRATE_EXCEEDED",
        eventTime: "2026-01-01T10:01:00.000Z",
      },
      {
        stageArn: stage.arn,
        stageName: "show",
        sessionId: "st-1",
        participantId: "p1",
        userId: "guest",
        event: "SUBSCRIBE_ERROR",
        errorCode: "PUBLISHER_NOT_FOUND",
        replica: true,
        remoteParticipantId: "p9",
      },
    ]);
  });

  it("sorts errors newest first and bounds the list", () => {
    const e = (participantId: string, eventTime?: string): ParticipantErrorEntry => ({
      stageArn: stage.arn,
      stageName: "show",
      sessionId: "st-1",
      participantId,
      event: "JOIN_ERROR",
      errorCode: "QUOTA_EXCEEDED",
      ...(eventTime ? { eventTime } : {}),
    });
    const sorted = newestErrors([e("x"), e("a", "2026-01-01T10:00:00.000Z"), e("b", "2026-01-01T11:00:00.000Z")], 2);
    expect(sorted.map((x) => x.participantId)).toEqual(["b", "a"]);
  });
});
