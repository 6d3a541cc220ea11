import { afterEach, describe, expect, it } from "vitest";
import { runnerOf } from "@/server/db/raw";
import { openTestDatabase, testEngines, type TestDatabase } from "@/server/db/testing";
import { createFactsReader } from "./facts";

// The facts reader against a real database (SQLite, and PostgreSQL when configured) with the console's schema.
const scope = { region: "us-east-1", profile: "" };
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl";
const t0 = Date.parse("2026-05-01T10:00:00.000Z");

describe.each(testEngines)("alert facts from the observation store on %s", (engine) => {
  const handles: TestDatabase[] = [];
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
  });

  async function world() {
    const handle = await openTestDatabase(engine);
    handles.push(handle);
    const db = runnerOf(handle);
    await db.run(
      "INSERT INTO obs_stages (region, profile, arn, name, active_session_id, data, listed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [scope.region, scope.profile, stageArn, "finals", "st-1", "{}", t0],
    );
    const join =
      "INSERT INTO obs_participants (region, profile, stage_arn, session_id, participant_id, user_id, state, summary, changed_at) VALUES (?, ?, ?, ?, ?, ?, 'CONNECTED', '{}', ?)";
    await db.run(join, [scope.region, scope.profile, stageArn, "st-1", "p1", "host", t0]);
    await db.run(join, [scope.region, scope.profile, stageArn, "st-old", "p9", "gone", t0]);
    const point =
      "INSERT INTO obs_metric_points (region, profile, stage_arn, participant_id, series, t, value) VALUES (?, ?, ?, ?, ?, ?, ?)";
    for (let i = 0; i < 10; i++) {
      await db.run(point, [scope.region, scope.profile, stageArn, "p1", "loss", t0 - i * 5000, 12]);
      await db.run(point, [scope.region, scope.profile, stageArn, "p1", "dropped", t0 - i * 5000, 1]);
      await db.run(point, [scope.region, scope.profile, stageArn, "", "loss", t0 - i * 5000, 6]);
      await db.run(point, [scope.region, scope.profile, stageArn, "p9", "loss", t0 - i * 5000, 50]);
    }
    return { db, facts: createFactsReader(async () => handle) };
  }

  it("reads the quality series of live sessions only: the stage's and each participant's, oldest first", async () => {
    const { facts } = await world();
    const quality = await facts.quality(scope, new Set(["loss"]), t0 - 20_000);
    expect(quality.map((q) => [q.participantId, q.userId, q.sessionId, q.values.length])).toEqual([
      ["", undefined, "st-1", 5],
      ["p1", "host", "st-1", 5],
    ]);
    expect(quality[1]?.times).toEqual([t0 - 20_000, t0 - 15_000, t0 - 10_000, t0 - 5000, t0]);
    expect(quality[1]?.values).toEqual([12, 12, 12, 12, 12]);
    expect((await facts.quality(scope, new Set(["dropped"]), 0)).map((q) => q.metric)).toEqual(["dropped"]);
  });

  it("counts a publish error pushed by EventBridge before the collector lists it, and once after", async () => {
    const { db, facts } = await world();
    const at = new Date(t0).toISOString();
    await db.run(
      `INSERT INTO obs_pushed (id, region, detail_type, event_name, resource, stage_arn, session_id, participant_id, event_time, received_at, data)
       VALUES ('e1', ?, 'IVS Stage Update', 'Participant Publish Error', ?, ?, 'st-1', 'p1', ?, ?, ?)`,
      [
        scope.region,
        stageArn,
        stageArn,
        at,
        t0,
        JSON.stringify({ detail: { event_name: "Participant Publish Error", error_code: "BITRATE_EXCEEDED" } }),
      ],
    );
    const before = await facts.errors(scope, t0 - 60_000);
    expect(before.map((e) => [e.participantId, e.userId, e.code])).toEqual([["p1", "host", "BITRATE_EXCEEDED"]]);
    await db.run(
      `INSERT INTO obs_events (region, profile, stage_arn, session_id, participant_id, event_key, ord, event_time, name, error_code, data)
       VALUES (?, ?, ?, 'st-1', 'p1', 'k1', 0, ?, 'PUBLISH_ERROR', 'BITRATE_EXCEEDED', '{}')`,
      [scope.region, scope.profile, stageArn, new Date(t0 + 400).toISOString()],
    );
    expect(await facts.errors(scope, t0 - 60_000)).toHaveLength(1);
    expect(await facts.connected(scope)).toEqual([{ stageArn, sessionId: "st-1", count: 1 }]);
  });
});
