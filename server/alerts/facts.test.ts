import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { metricsSchemaSql } from "@/server/observe/metrics";
import { observationSchemaSql } from "@/server/observe/store";
import { createFactsReader } from "./facts";

// The facts reader against a real SQLite database with the observation and metrics schemas.
const scope = { region: "us-east-1", profile: "" };
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl";
const t0 = Date.parse("2026-05-01T10:00:00.000Z");

function world() {
  const db = new Database(":memory:");
  db.exec(observationSchemaSql);
  db.exec(metricsSchemaSql);
  db.prepare(
    "INSERT INTO obs_stages (region, profile, arn, name, active_session_id, data, listed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(scope.region, scope.profile, stageArn, "finals", "st-1", "{}", t0);
  const join = db.prepare(
    "INSERT INTO obs_participants (region, profile, stage_arn, session_id, participant_id, user_id, state, summary, changed_at) VALUES (?, ?, ?, ?, ?, ?, 'CONNECTED', '{}', ?)",
  );
  join.run(scope.region, scope.profile, stageArn, "st-1", "p1", "host", t0);
  join.run(scope.region, scope.profile, stageArn, "st-old", "p9", "gone", t0);
  const point = db.prepare(
    "INSERT INTO obs_metric_points (region, profile, stage_arn, participant_id, series, t, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  for (let i = 0; i < 10; i++) {
    point.run(scope.region, scope.profile, stageArn, "p1", "loss", t0 - i * 5000, 12);
    point.run(scope.region, scope.profile, stageArn, "p1", "dropped", t0 - i * 5000, 1);
    point.run(scope.region, scope.profile, stageArn, "", "loss", t0 - i * 5000, 6);
    point.run(scope.region, scope.profile, stageArn, "p9", "loss", t0 - i * 5000, 50);
  }
  return db;
}

describe("alert facts from the observation store (real SQLite)", () => {
  it("reads the quality series of live sessions only: the stage's and each participant's, oldest first", () => {
    const facts = createFactsReader(world());
    const quality = facts.quality(scope, new Set(["loss"]), t0 - 20_000);
    expect(quality.map((q) => [q.participantId, q.userId, q.sessionId, q.values.length])).toEqual([
      ["", undefined, "st-1", 5],
      ["p1", "host", "st-1", 5],
    ]);
    expect(quality[1]?.times).toEqual([t0 - 20_000, t0 - 15_000, t0 - 10_000, t0 - 5000, t0]);
    expect(facts.quality(scope, new Set(["dropped"]), 0).map((q) => q.metric)).toEqual(["dropped"]);
  });

  it("counts a publish error pushed by EventBridge before the collector lists it, and once after", () => {
    const db = world();
    const facts = createFactsReader(db);
    const at = new Date(t0).toISOString();
    db.prepare(
      `INSERT INTO obs_pushed (id, region, detail_type, event_name, resource, stage_arn, session_id, participant_id, event_time, received_at, data)
       VALUES ('e1', ?, 'IVS Stage Update', 'Participant Publish Error', ?, ?, 'st-1', 'p1', ?, ?, ?)`,
    ).run(
      scope.region,
      stageArn,
      stageArn,
      at,
      t0,
      JSON.stringify({ detail: { event_name: "Participant Publish Error", error_code: "BITRATE_EXCEEDED" } }),
    );
    const before = facts.errors(scope, t0 - 60_000);
    expect(before.map((e) => [e.participantId, e.userId, e.code])).toEqual([["p1", "host", "BITRATE_EXCEEDED"]]);
    db.prepare(
      `INSERT INTO obs_events (region, profile, stage_arn, session_id, participant_id, event_key, ord, event_time, name, error_code, data)
       VALUES (?, ?, ?, 'st-1', 'p1', 'k1', 0, ?, 'PUBLISH_ERROR', 'BITRATE_EXCEEDED', '{}')`,
    ).run(scope.region, scope.profile, stageArn, new Date(t0 + 400).toISOString());
    expect(facts.errors(scope, t0 - 60_000)).toHaveLength(1);
  });
});
