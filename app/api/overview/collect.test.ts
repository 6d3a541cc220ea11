import { describe, expect, it } from "vitest";
import type { InputOf, OutputOf } from "@/lib/ivs/operations";
import type { ErrorInfo, ReadResult } from "@/lib/result";
import { collectOverviewErrors, type OverviewReader } from "./collect";

const stageArn = (id: string) => `arn:aws:ivs:us-east-1:123456789012:stage/${id}`;

interface World {
  stages: OutputOf<"ListStages">["stages"];
  participants: Record<string, OutputOf<"ListParticipants">["participants"]>;
  events: Record<string, OutputOf<"ListParticipantEvents">["events"]>;
  failParticipantsOf?: string;
}

function reader(world: World, calls: { name: string; input: unknown; maxAgeMs?: number }[] = []): OverviewReader {
  const answer = <T,>(data: T, fetchedAt = 1000): ReadResult<T> => ({ data, fetchedAt, stale: false });
  const read = async (name: string, input: unknown, maxAgeMs?: number): Promise<ReadResult<unknown>> => {
    calls.push({ name, input, ...(maxAgeMs !== undefined ? { maxAgeMs } : {}) });
    if (name === "ListStages") {
      const { nextToken } = input as InputOf<"ListStages">;
      // Two pages, to prove every page is read.
      return nextToken ? answer({ stages: world.stages.slice(1) }, 900) : answer({ stages: world.stages.slice(0, 1), nextToken: "page2" });
    }
    if (name === "ListParticipants") {
      const { stageArn: arn } = input as InputOf<"ListParticipants">;
      if (arn === world.failParticipantsOf) throw new Error("boom");
      return answer({ participants: world.participants[arn] ?? [] });
    }
    const { participantId } = input as InputOf<"ListParticipantEvents">;
    return { ...answer({ events: world.events[participantId] ?? [] }), stale: participantId === "p-stale", ...(participantId === "p-stale" ? { degraded: { code: "ThrottlingException", message: "slow down" } } : {}) };
  };
  return read as OverviewReader;
}

const toError = (error: unknown): ErrorInfo => ({ code: "Oops", message: error instanceof Error ? error.message : "?", retryable: true });

describe("collectOverviewErrors", () => {
  it("reads the events of live sessions' participants and returns their errors, newest first", async () => {
    const calls: { name: string; input: unknown; maxAgeMs?: number }[] = [];
    const result = await collectOverviewErrors(
      reader(
        {
          stages: [
            { arn: stageArn("idle"), name: "idle" },
            { arn: stageArn("a"), name: "alpha", activeSessionId: "st-a" },
            { arn: stageArn("b"), name: "beta", activeSessionId: "st-b" },
          ],
          participants: {
            [stageArn("a")]: [
              { participantId: "p1", state: "CONNECTED", firstJoinTime: "2026-01-01T10:00:00.000Z", userId: "anna" },
              { participantId: "p-stale", state: "DISCONNECTED", firstJoinTime: "2026-01-01T09:00:00.000Z" },
            ],
            [stageArn("b")]: [{ participantId: "p3", state: "CONNECTED" }],
          },
          events: {
            p1: [
              { name: "PUBLISH_ERROR", participantId: "p1", errorCode: "BITRATE_EXCEEDED", eventTime: "2026-01-01T10:02:00.000Z" },
              { name: "JOINED", participantId: "p1", eventTime: "2026-01-01T10:00:00.000Z" },
            ],
            "p-stale": [{ name: "JOIN_ERROR", participantId: "p-stale", errorCode: "QUOTA_EXCEEDED", eventTime: "2026-01-01T09:00:00.000Z" }],
            p3: [{ name: "SUBSCRIBE_ERROR", participantId: "p3", errorCode: "PUBLISHER_NOT_FOUND", eventTime: "2026-01-01T10:05:00.000Z" }],
          },
        },
        calls,
      ),
      toError,
    );
    expect(result.errors.map((e) => [e.stageName, e.participantId, e.errorCode])).toEqual([
      ["beta", "p3", "PUBLISHER_NOT_FOUND"],
      ["alpha", "p1", "BITRATE_EXCEEDED"],
      ["alpha", "p-stale", "QUOTA_EXCEEDED"],
    ]);
    expect(result.errors[1]).toMatchObject({ sessionId: "st-a", userId: "anna", event: "PUBLISH_ERROR" });
    expect(result.scan).toEqual({ liveStages: 2, scannedStages: 2, scannedParticipants: 3, skippedParticipants: 0, pendingParticipants: 0, participantsPerStage: 20 });
    expect(result.failures).toEqual([]);
    expect(result.fetchedAt).toBe(900);
    expect(result.stale).toBe(true);
    expect(result.degraded?.code).toBe("ThrottlingException");

    // The count query's exact input, so the browser's polling and this share one cache entry.
    expect(calls.filter((c) => c.name === "ListParticipants").map((c) => c.input)).toContainEqual({ stageArn: stageArn("a"), sessionId: "st-a", maxResults: 100 });
    const eventReads = calls.filter((c) => c.name === "ListParticipantEvents");
    expect(eventReads.find((c) => (c.input as { participantId: string }).participantId === "p1")?.maxAgeMs).toBe(10_000);
    expect(eventReads.find((c) => (c.input as { participantId: string }).participantId === "p-stale")?.maxAgeMs).toBe(60_000);
  });

  it("bounds the fan-out per stage and in total", async () => {
    const many = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ participantId: `${prefix}${i}`, state: "CONNECTED" as const, firstJoinTime: `2026-01-01T10:${String(i).padStart(2, "0")}:00.000Z` }));
    const calls: { name: string; input: unknown }[] = [];
    const result = await collectOverviewErrors(
      reader(
        {
          stages: [
            { arn: stageArn("a"), name: "a", activeSessionId: "st-a" },
            { arn: stageArn("b"), name: "b", activeSessionId: "st-b" },
            { arn: stageArn("c"), name: "c", activeSessionId: "st-c" },
          ],
          participants: { [stageArn("a")]: many("a", 30), [stageArn("b")]: many("b", 5), [stageArn("c")]: many("c", 10) },
          events: {},
        },
        calls,
      ),
      toError,
      { participantsPerStage: 8, maxParticipants: 15, maxErrors: 10, answerWithinMs: 2500 },
    );
    const read = calls.filter((c) => c.name === "ListParticipantEvents").map((c) => (c.input as { participantId: string }).participantId);
    expect(read).toHaveLength(15);
    // The 8 most recent of stage a, all 5 of b, 2 of c.
    expect(read.filter((id) => id.startsWith("a")).sort()).toEqual(["a22", "a23", "a24", "a25", "a26", "a27", "a28", "a29"]);
    expect(read.filter((id) => id.startsWith("c")).sort()).toEqual(["c8", "c9"]);
    expect(result.scan).toMatchObject({ liveStages: 3, scannedStages: 3, scannedParticipants: 15, skippedParticipants: 30 });
  });

  it("reports a failing stage and keeps the others", async () => {
    const result = await collectOverviewErrors(
      reader({
        stages: [
          { arn: stageArn("a"), name: "alpha", activeSessionId: "st-a" },
          { arn: stageArn("b"), name: "beta", activeSessionId: "st-b" },
        ],
        participants: { [stageArn("b")]: [{ participantId: "p", state: "CONNECTED" }] },
        events: { p: [{ name: "PUBLISH_ERROR", participantId: "p", errorCode: "B_FRAME_PRESENT" }] },
        failParticipantsOf: stageArn("a"),
      }),
      toError,
    );
    expect(result.failures).toEqual([{ stageArn: stageArn("a"), stageName: "alpha", error: { code: "Oops", message: "boom", retryable: true } }]);
    expect(result.errors.map((e) => e.errorCode)).toEqual(["B_FRAME_PRESENT"]);
    expect(result.scan.scannedStages).toBe(1);
  });

  it("with nothing live, reads only the stage list", async () => {
    const calls: { name: string; input: unknown }[] = [];
    const result = await collectOverviewErrors(reader({ stages: [{ arn: stageArn("a"), name: "a" }], participants: {}, events: {} }, calls), toError);
    expect(result.errors).toEqual([]);
    expect(result.scan.liveStages).toBe(0);
    expect(new Set(calls.map((c) => c.name))).toEqual(new Set(["ListStages"]));
  });

  it("answers within its time budget with the errors read so far; slow reads are reported as pending and go on", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowReads: string[] = [];
    const base = reader({
      stages: [{ arn: stageArn("a"), name: "alpha", activeSessionId: "st-a" }],
      participants: { [stageArn("a")]: [{ participantId: "fast", state: "CONNECTED" }, { participantId: "slow", state: "CONNECTED" }] },
      events: {
        fast: [{ name: "PUBLISH_ERROR", participantId: "fast", errorCode: "BITRATE_EXCEEDED", eventTime: "2026-01-01T10:02:00.000Z" }],
        slow: [{ name: "JOIN_ERROR", participantId: "slow", errorCode: "QUOTA_EXCEEDED", eventTime: "2026-01-01T10:03:00.000Z" }],
      },
    });
    const read = (async (name: string, input: unknown, maxAgeMs?: number) => {
      if (name === "ListParticipantEvents" && (input as InputOf<"ListParticipantEvents">).participantId === "slow") {
        await gate;
        slowReads.push("slow");
      }
      return base(name as "ListStages", input as InputOf<"ListStages">, maxAgeMs);
    }) as OverviewReader;

    const result = await collectOverviewErrors(read, toError, { participantsPerStage: 20, maxParticipants: 100, maxErrors: 50, answerWithinMs: 20 });
    expect(result.errors.map((e) => e.participantId)).toEqual(["fast"]);
    expect(result.scan).toMatchObject({ scannedParticipants: 1, pendingParticipants: 1 });

    // The slow read finishes afterwards (into the shared cache in the real route) without changing the answer given.
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slowReads).toEqual(["slow"]);
    expect(result.errors.map((e) => e.participantId)).toEqual(["fast"]);
  });
});
