import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import type { LiveMessage } from "@/lib/observe/live";
import { createBus, type Envelope } from "./bus";
import { createPgRelay, payloadOf, type PgRelay } from "./pg-relay";

const postgresUrl = process.env.TEST_DATABASE_URL?.trim() ?? "";
const scope = { region: "us-east-1", profile: "" };
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEf123456";
const topic = `session ${stageArn} st-1`;

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("push relay payloads", () => {
  it("fit one notification: a huge session change drops its participant ids, keeps the session", () => {
    const participantIds = Array.from({ length: 1000 }, (_, i) => `participant-${i}`);
    const envelope: Envelope = {
      t: "change",
      m: { ...scope, change: { kind: "session", stageArn, sessionId: "st-1", participantIds } },
    };
    const payload = payloadOf(envelope) ?? "";
    expect(payload.length).toBeLessThan(7900);
    expect(JSON.parse(payload)).toEqual({
      t: "change",
      m: { ...scope, change: { kind: "session", stageArn, sessionId: "st-1" } },
    });
  });
});

describe.skipIf(!postgresUrl && !process.env.CI)("push relay over PostgreSQL LISTEN/NOTIFY", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function instance(channel: string) {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 2 });
    const bus = createBus();
    const logs: string[] = [];
    let reconnects = 0;
    const relay: PgRelay = createPgRelay({
      url: postgresUrl,
      channel,
      notify: async (name, payload) => void (await pool.query("SELECT pg_notify($1, $2)", [name, payload])),
      receive: (envelope) => bus.receive(envelope),
      reconnected: () => {
        reconnects++;
        bus.resync();
      },
      log: (message) => logs.push(message),
    });
    bus.useRelay(relay);
    cleanups.push(async () => {
      await relay.stop();
      await pool.end();
    });
    return { bus, relay, pool, logs, reconnects: () => reconnects };
  }

  it("carries a change published on one instance to the streams of both", async () => {
    const channel = `p2_test_${process.pid}`;
    const a = instance(channel);
    const b = instance(channel);
    await Promise.all([a.relay.ready, b.relay.ready]);
    const got: string[] = [];
    a.bus.subscribe(scope, [topic], () => got.push("a"));
    b.bus.subscribe(scope, [topic], () => got.push("b"));
    const message: LiveMessage = { ...scope, change: { kind: "session", stageArn, sessionId: "st-1" } };
    b.bus.publish(message);
    await until(() => got.length === 2, "both streams");
    expect(got.sort()).toEqual(["a", "b"]);
  });

  it("reconnects when its LISTEN connection is killed, and tells its streams to refetch", async () => {
    const channel = `p2_test_r_${process.pid}`;
    const a = instance(channel);
    const b = instance(channel);
    await Promise.all([a.relay.ready, b.relay.ready]);
    const got: string[] = [];
    a.bus.subscribe(scope, [topic], (m) => got.push(m.change.kind));
    // Kill a's listening backend (as a database restart or a network cut would).
    await b.pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()",
      [`LISTEN ${channel}`],
    );
    await until(() => a.reconnects() === 1, "a reconnect");
    expect(a.logs.some((line) => line.includes("dropped"))).toBe(true);
    expect(got).toEqual(["session"]); // the resync after reconnecting
    b.bus.publish({ ...scope, change: { kind: "session", stageArn, sessionId: "st-1" } });
    await until(() => got.length === 2, "a change after the reconnect");
  });
});
