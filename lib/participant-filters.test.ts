import { describe, expect, it } from "vitest";
import { operations } from "@/lib/ivs/operations";
import {
  anyParticipant,
  participantFilters,
  planParticipantQuery,
  type ParticipantSummary,
} from "./participant-filters";

const people: ParticipantSummary[] = [
  { participantId: "a", userId: "alice", state: "CONNECTED", published: true, recordingState: "ACTIVE" },
  { participantId: "b", userId: "bob", state: "CONNECTED", published: false, recordingState: "STOPPED" },
  { participantId: "c", userId: "alice", state: "DISCONNECTED", published: true, recordingState: "STOPPED" },
];
const base = { stageArn: "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh", sessionId: "st-a1b2c3d4e5f6g" };

describe("planParticipantQuery", () => {
  it("sends one filter to IVS and applies the rest in the browser", () => {
    const plan = planParticipantQuery({ userId: "alice", state: "CONNECTED", published: true });
    expect(plan.api).toEqual({ filterByUserId: "alice" });
    expect(
      people
        .filter((p) => p.userId === "alice")
        .filter(plan.local)
        .map((p) => p.participantId),
    ).toEqual(["a"]);
  });

  it("always yields a request IVS accepts (at most one filter)", () => {
    const combos = [
      {},
      { state: "DISCONNECTED" as const },
      { published: false, recordingState: "STOPPED" as const },
      { userId: "x", recordingState: "FAILED" as const, state: "CONNECTED" as const, published: true },
    ];
    for (const filters of combos) {
      const { api } = planParticipantQuery(filters);
      expect(Object.keys(api).length).toBeLessThanOrEqual(1);
      expect(operations.ListParticipants.input.safeParse({ ...base, ...api }).success).toBe(true);
    }
  });

  it("with no filters, everything passes", () => {
    const plan = planParticipantQuery({});
    expect(plan.api).toEqual({});
    expect(people.filter(plan.local)).toHaveLength(3);
  });
});

describe("participantFilters", () => {
  it("turns the table's controls into filters: blank is any, the user id trimmed", () => {
    expect(participantFilters(anyParticipant)).toEqual({});
    expect(participantFilters({ ...anyParticipant, userId: "   " })).toEqual({});
    expect(
      participantFilters({ userId: " alice ", state: "CONNECTED", published: "no", recordingState: "FAILED" }),
    ).toEqual({ userId: "alice", state: "CONNECTED", published: false, recordingState: "FAILED" });
    expect(participantFilters({ ...anyParticipant, published: "yes" })).toEqual({ published: true });
  });
});
