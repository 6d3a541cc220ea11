import { describe, expect, it } from "vitest";
import { compositionEventsOf } from "./events";

const envelope = (eventName: string, time: string, extra: Record<string, string> = {}) => ({
  version: "0",
  id: `${eventName}-${time}`,
  "detail-type": "IVS Composition State Change",
  source: "aws.ivs",
  time: "2026-01-01T00:00:59Z",
  resources: ["arn:aws:ivs:us-east-1:123456789012:composition/abc"],
  detail: { event_name: eventName, event_time: time, ...extra },
});

describe("compositionEventsOf", () => {
  it("keeps composition events with their own times and states, oldest first", () => {
    const events = compositionEventsOf([
      envelope("Destination Failure", "2026-01-01T00:00:30Z", { destination_id: "d1", reason: "bucket not found" }),
      envelope("Session Start", "2026-01-01T00:00:05+00:00"),
      { "detail-type": "IVS Stage Update", detail: { event_name: "Participant Joined" } },
      envelope("Something Else", "2026-01-01T00:00:10Z"),
      "garbage",
    ]);
    expect(events).toEqual([
      {
        id: "Session Start-2026-01-01T00:00:05+00:00",
        subject: "composition",
        eventName: "Session Start",
        state: "ACTIVE",
        time: "2026-01-01T00:00:05.000Z",
      },
      {
        id: "Destination Failure-2026-01-01T00:00:30Z",
        subject: "destination:d1",
        eventName: "Destination Failure",
        state: "FAILED",
        time: "2026-01-01T00:00:30.000Z",
        destinationId: "d1",
        reason: "bucket not found",
      },
    ]);
  });

  it("falls back to the envelope's time", () => {
    const [event] = compositionEventsOf([{ ...envelope("Session End", ""), detail: { event_name: "Session End" } }]);
    expect(event?.time).toBe("2026-01-01T00:00:59.000Z");
  });
});
