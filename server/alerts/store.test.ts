import { afterEach, describe, expect, it } from "vitest";
import { conditionsOf, reconcile } from "@/lib/alerts/evaluate";
import { defaultRules } from "@/lib/alerts/rules";
import { openTestDatabase, testEngines, type TestDatabase } from "@/server/db/testing";
import { createAlertsStore } from "./store";

// The alerts store against a real database (SQLite, and PostgreSQL when configured).
const scope = { region: "us-east-1", profile: "" };
const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl";
const t0 = Date.parse("2026-05-01T10:00:00.000Z");

describe.each(testEngines)("alerts store on %s", (engine) => {
  const handles: TestDatabase[] = [];
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
  });

  it("lists alerts with no filter, only open ones, or by state; open alerts carry what a hold compares", async () => {
    const handle = await openTestDatabase(engine);
    handles.push(handle);
    const store = createAlertsStore(
      async () => handle,
      () => t0,
    );
    await store.seedDefaults();
    const rules = await store.rules();
    const errorRule = rules.find((rule) => rule.body.kind === "errorRate");
    if (!errorRule) throw new Error("no default error rule");
    const errors = [1, 2].map((i) => ({
      stageArn,
      sessionId: "st-1",
      participantId: `p${i}`,
      eventName: "PUBLISH_ERROR",
      code: "BITRATE_EXCEEDED",
      at: t0 - i * 1000,
    }));
    const facts = {
      now: t0,
      stages: new Map(),
      errors,
      compositions: [],
      recordings: [],
      sessions: [],
      connected: new Map(),
    };
    const conditions = conditionsOf(errorRule, facts);
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    await store.apply(scope, byId, reconcile(await store.openAlerts(scope), conditions, byId, t0), t0);
    expect(await store.alerts({})).toHaveLength(1);
    expect(await store.alerts({ state: "open" })).toHaveLength(1);
    expect(await store.alerts({ state: "firing" })).toHaveLength(1);
    expect(await store.alerts({ state: "resolved" })).toHaveLength(0);
    const [open] = await store.openAlerts(scope);
    expect(open).toMatchObject({ summary: conditions[0]?.summary, lastSeenAt: t0 });
    // Nothing changed since: the next evaluation writes nothing for it.
    expect(reconcile(await store.openAlerts(scope), conditions, byId, t0 + 2000).hold).toEqual([]);
    expect(defaultRules.length).toBe(rules.length);
  });
});
