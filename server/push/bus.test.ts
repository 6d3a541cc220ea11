import { describe, expect, it } from "vitest";
import type { LiveMessage } from "@/lib/observe/live";
import { createBus, type Bus, type ClusterSignal, type Envelope } from "./bus";

const scope = { region: "us-east-1", profile: "" };
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEf123456";
const topic = `session ${stageArn} st-1`;
const change: LiveMessage = { ...scope, change: { kind: "session", stageArn, sessionId: "st-1" } };

/** Instances joined by an in-memory relay that, like NOTIFY, delivers every envelope to all of them. */
function cluster(n: number, clock = { t: 0 }): Bus[] {
  const buses = Array.from({ length: n }, () => createBus(() => clock.t));
  const relay = { send: (envelope: Envelope) => buses.forEach((bus) => bus.receive(structuredClone(envelope))) };
  for (const bus of buses) bus.useRelay(relay);
  return buses;
}

describe("push bus", () => {
  it("one instance: delivers to matching streams only, and handles signals itself", () => {
    const bus = createBus();
    const got: string[] = [];
    bus.subscribe(scope, [topic], () => got.push("session"));
    bus.subscribe(scope, ["all"], () => got.push("all"));
    bus.subscribe({ region: "us-west-2", profile: "" }, [topic], () => got.push("other region"));
    bus.publish(change);
    bus.publish({ ...scope, change: { kind: "stages" } });
    expect(got).toEqual(["session", "all", "all"]);
    const signals: ClusterSignal[] = [];
    bus.onSignal((s) => signals.push(s));
    bus.signal({ kind: "wantStages", scope });
    expect(signals).toEqual([{ kind: "wantStages", scope }]);
  });

  it("several instances: a change published on one reaches streams on every instance, once each", () => {
    const [a, b, c] = cluster(3);
    const got: string[] = [];
    a?.subscribe(scope, [topic], () => got.push("a"));
    b?.subscribe(scope, [topic], () => got.push("b"));
    c?.subscribe(scope, ["all"], () => got.push("c"));
    b?.publish(change);
    expect(got.sort()).toEqual(["a", "b", "c"]);
  });

  it("several instances: hints reach every instance (the holder acts on them) and screens are announced", () => {
    const clock = { t: 1000 };
    const [a, b] = cluster(2, clock);
    const atA: ClusterSignal[] = [];
    a?.onSignal((s) => atA.push(s));
    b?.signal({ kind: "want", scope, session: { stageArn, sessionId: "st-1" } });
    expect(atA).toEqual([{ kind: "want", scope, session: { stageArn, sessionId: "st-1" } }]);

    // b has a stream on the session and a poll of another: a learns both from b's announcements.
    const other = `session ${stageArn} st-2`;
    b?.subscribe(scope, [topic], () => {});
    b?.touch(scope, other, 10_000);
    expect(a?.watchedTopics(scope).size).toBe(0);
    for (const envelope of b?.announcements() ?? []) a?.receive(envelope);
    expect([...(a?.watchedTopics(scope) ?? [])].sort()).toEqual([topic, other].sort());
    // Announcements expire when they stop coming (the instance died).
    clock.t += 13_000;
    expect(a?.watchedTopics(scope).size).toBe(0);
    // A poll counts for its own time only.
    expect([...(b?.watchedTopics(scope) ?? [])]).toEqual([topic]);
  });

  it("announcements come in chunks that fit a notification", () => {
    const bus = createBus();
    const topics = Array.from({ length: 70 }, (_, i) => `session ${stageArn} st-${i}`);
    bus.subscribe(scope, topics, () => {});
    const chunks = bus.announcements();
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks) expect(JSON.stringify(chunk).length).toBeLessThan(7900);
  });

  it("alerts are console-wide: every stream hears of them, whatever its region or profile", () => {
    const bus = createBus();
    const got: string[] = [];
    bus.subscribe(scope, ["all"], () => got.push("us-east-1"));
    bus.subscribe({ region: "eu-west-1", profile: "prod" }, ["all"], () => got.push("eu-west-1 prod"));
    bus.publish({ ...scope, change: { kind: "alerts" } });
    expect(got.sort()).toEqual(["eu-west-1 prod", "us-east-1"]);
  });

  it("resync tells every stream its topics changed; closeAll ends every stream", () => {
    const bus = createBus();
    const got: string[] = [];
    let closed = 0;
    bus.subscribe(
      scope,
      [topic, "all"],
      (m) => got.push(m.change.kind),
      () => closed++,
    );
    bus.subscribe(
      scope,
      ["all"],
      (m) => got.push(m.change.kind),
      () => closed++,
    );
    bus.resync();
    expect(got.sort()).toEqual(["alerts", "alerts", "session", "stages", "stages"]);
    bus.closeAll();
    expect(closed).toBe(2);
    expect(bus.stats().streams).toBe(0);
  });
});
