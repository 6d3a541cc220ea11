import { describe, expect, it } from "vitest";
import {
  conditionsOf,
  mergeErrorFacts,
  holdRefreshMs,
  reconcile,
  sustainedAbove,
  type ErrorFact,
  type Facts,
  type OpenAlert,
  type QualityFact,
} from "./evaluate";
import { evidencePath } from "./present";
import type { AlertRule, AlertRuleBody } from "./rules";

const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGhIjKl";
const t0 = Date.parse("2026-05-01T10:00:00.000Z");

const rule = (id: number, body: Partial<AlertRuleBody> & Pick<AlertRuleBody, "kind">): AlertRule => ({
  id,
  updatedAt: "",
  updatedBy: null,
  body: {
    name: `rule ${id}`,
    enabled: true,
    severity: "warning",
    scope: { kind: "all" },
    holdDownSeconds: 30,
    ...body,
  } as AlertRuleBody,
});

const facts = (now: number, extra: Partial<Facts> = {}): Facts => ({
  now,
  stages: new Map([[stageArn, { arn: stageArn, name: "esports-finals", tags: { show: "finals" } }]]),
  errors: [],
  compositions: [],
  recordings: [],
  sessions: [],
  connected: new Map(),
  ...extra,
});

const error = (at: number, code = "BITRATE_EXCEEDED", participantId = "p1"): ErrorFact => ({
  stageArn,
  sessionId: "st-1",
  participantId,
  eventName: "PUBLISH_ERROR",
  code,
  at,
});

/** Runs evaluations at the given times, applying transitions to an in-memory alert list like the store does. */
function simulate(rules: AlertRule[], steps: { at: number; facts: Facts }[]) {
  const open: OpenAlert[] = [];
  const log: string[] = [];
  let next = 1;
  for (const step of steps) {
    const conditions = rules.flatMap((r) => conditionsOf(r, step.facts));
    const t = reconcile(open, conditions, new Map(rules.map((r) => [r.id, r])), step.at);
    for (const c of t.fire) {
      open.push({ id: next, ruleId: c.ruleId, subjectKey: c.subjectKey });
      log.push(`fire ${next++} @${(step.at - t0) / 1000}`);
    }
    for (const { id } of t.hold) {
      const i = open.findIndex((a) => a.id === id);
      const alert = open[i];
      if (alert) open[i] = { ...alert, clearSince: undefined };
    }
    for (const id of t.clearing) {
      const i = open.findIndex((a) => a.id === id);
      const alert = open[i];
      if (alert) open[i] = { ...alert, clearSince: step.at };
    }
    for (const id of t.resolve) {
      open.splice(
        open.findIndex((a) => a.id === id),
        1,
      );
      log.push(`resolve ${id} @${(step.at - t0) / 1000}`);
    }
  }
  return log;
}

describe("conditions", () => {
  it("counts error codes per stage over the window, optionally for given codes", () => {
    const r = rule(1, { kind: "errorRate", codes: [], threshold: 2, windowSeconds: 60 });
    expect(conditionsOf(r, facts(t0, { errors: [error(t0 - 10_000)] }))).toHaveLength(0);
    const two = conditionsOf(r, facts(t0, { errors: [error(t0 - 10_000), error(t0 - 5000, "QUOTA_EXCEEDED", "p2")] }));
    expect(two).toHaveLength(1);
    expect(two[0]?.summary).toContain("2 participant errors");
    expect(two[0]?.evidence).toMatchObject({
      kind: "participant",
      participantId: "p2",
      from: t0 - 65_000,
      to: t0 + 55_000,
    });
    // Outside the window, or another code: nothing.
    expect(conditionsOf(r, facts(t0, { errors: [error(t0 - 70_000), error(t0 - 61_000)] }))).toHaveLength(0);
    const onlyQuota = rule(2, { kind: "errorRate", codes: ["QUOTA_EXCEEDED"], threshold: 1, windowSeconds: 60 });
    expect(conditionsOf(onlyQuota, facts(t0, { errors: [error(t0 - 1000)] }))).toHaveLength(0);
  });

  it("respects the scope and the enabled flag", () => {
    const errors = [error(t0 - 1000, "QUOTA_EXCEEDED")];
    expect(
      conditionsOf(
        rule(1, { kind: "publisherLimit", windowSeconds: 60, scope: { kind: "tag", key: "show", value: "finals" } }),
        facts(t0, { errors }),
      ),
    ).toHaveLength(1);
    expect(
      conditionsOf(
        rule(1, { kind: "publisherLimit", windowSeconds: 60, scope: { kind: "names", names: ["town-hall"] } }),
        facts(t0, { errors }),
      ),
    ).toHaveLength(0);
    expect(
      conditionsOf(rule(1, { kind: "publisherLimit", windowSeconds: 60, enabled: false }), facts(t0, { errors })),
    ).toHaveLength(0);
  });

  it("finds a drop of the connected count within one minute", () => {
    const r = rule(1, { kind: "connectedDrop", percent: 30, minConnected: 5 });
    const samples = [
      { at: t0 - 50_000, count: 20 },
      { at: t0 - 20_000, count: 19 },
      { at: t0, count: 10 },
    ];
    const found = conditionsOf(r, facts(t0, { connected: new Map([[stageArn, { sessionId: "st-1", samples }]]) }));
    expect(found[0]?.summary).toContain("from 20 to 10");
    // The peak is older than a minute: no drop within one minute.
    expect(
      conditionsOf(
        r,
        facts(t0 + 45_000, {
          connected: new Map([
            [stageArn, { sessionId: "st-1", samples: [...samples, { at: t0 + 45_000, count: 10 }] }],
          ]),
        }),
      ),
    ).toHaveLength(0);
  });

  it("reports compositions and destinations in FAILED or RECONNECTING, sessions and recording failures", () => {
    const composition = rule(1, { kind: "composition", states: ["RECONNECTING"] });
    const comps = [
      { arn: "arn:c", stageArn, destinationId: "d1", state: "RECONNECTING", at: t0 },
      { arn: "arn:c", stageArn, destinationId: "d2", state: "ACTIVE", at: t0 },
    ];
    expect(conditionsOf(composition, facts(t0, { compositions: comps })).map((c) => c.subjectKey)).toEqual([
      "composition arn:c d1",
    ]);
    const session = rule(2, { kind: "session", events: ["ended"], windowSeconds: 300 });
    expect(
      conditionsOf(
        session,
        facts(t0, {
          sessions: [
            { stageArn, sessionId: "st-1", kind: "started", at: t0 - 1000 },
            { stageArn, sessionId: "st-0", kind: "ended", at: t0 - 1000 },
          ],
        }),
      ),
    ).toHaveLength(1);
    const recording = rule(3, { kind: "recordingFailure", which: ["start"], windowSeconds: 300 });
    expect(
      conditionsOf(
        recording,
        facts(t0, {
          recordings: [{ stageArn, sessionId: "st-1", participantId: "p1", which: "start", at: t0 - 1000 }],
        }),
      )[0]?.summary,
    ).toContain("recording start failure");
  });
});

describe("lifecycle (fake clock)", () => {
  const r = rule(1, { kind: "errorRate", codes: [], threshold: 1, windowSeconds: 60, holdDownSeconds: 30 });
  const s = (seconds: number) => t0 + seconds * 1000;

  it("fires once per rule and subject however often the condition repeats, and resolves after the hold-down", () => {
    const errors = [error(s(0)), error(s(5)), error(s(10))];
    const log = simulate(
      [r],
      [0, 5, 10, 30, 71, 80, 100, 101].map((sec) => ({
        at: s(sec),
        facts: facts(s(sec), { errors: errors.filter((e) => e.at <= s(sec)) }),
      })),
    );
    // Last error at 10 s leaves the 60 s window at 70 s → clearing from 71 s, resolved 30 s later.
    expect(log).toEqual(["fire 1 @0", "resolve 1 @101"]);
  });

  it("keeps one alert open while the condition flaps within the hold-down", () => {
    const steps = [0, 61, 70, 75, 140, 171].map((sec) => {
      // an error at 0 and another at 70: the condition is clear from 61 to 69 (shorter than the hold-down)
      const errors = [error(s(0)), error(s(70))].filter((e) => e.at <= s(sec));
      return { at: s(sec), facts: facts(s(sec), { errors }) };
    });
    expect(simulate([r], steps)).toEqual(["fire 1 @0", "resolve 1 @171"]);
  });

  it("resolves the alerts of a disabled or deleted rule at once", () => {
    const open: OpenAlert[] = [{ id: 7, ruleId: 1, subjectKey: `stage ${stageArn}` }];
    expect(reconcile(open, [], new Map(), t0).resolve).toEqual([7]);
    const disabled = rule(1, { kind: "errorRate", codes: [], threshold: 1, windowSeconds: 60, enabled: false });
    expect(reconcile(open, [], new Map([[1, disabled]]), t0).resolve).toEqual([7]);
  });
});

describe("evidence links", () => {
  it("open the participant timeline or session at the right time, in the alert's region", () => {
    const path = evidencePath({
      region: "us-west-2",
      profile: "",
      evidence: { kind: "participant", stageArn, sessionId: "st-1", participantId: "p1", from: 1000, to: 2000 },
    });
    expect(path).toBe(
      `/stages/${encodeURIComponent(stageArn)}/sessions/st-1/participants/p1?region=us-west-2&from=1000&to=2000`,
    );
    expect(
      evidencePath({ region: "us-east-1", profile: "", evidence: { kind: "composition", compositionArn: "arn:c" } }),
    ).toBe("/compositions/arn%3Ac?region=us-east-1");
  });
});

describe("pushed publish errors (EventBridge) next to listed ones (ListParticipantEvents)", () => {
  it("counts a pushed error at once, and once: the listed twin stands for it when it arrives", () => {
    const pushed = [error(t0, "BITRATE_EXCEEDED", "p1")];
    expect(mergeErrorFacts([], pushed)).toHaveLength(1);
    // Listed 2 s apart (EventBridge and the API need not agree to the millisecond): one error, not two.
    expect(mergeErrorFacts([error(t0 + 2000, "BITRATE_EXCEEDED", "p1")], pushed)).toHaveLength(1);
    // Another code, another participant, or the same code much later: different errors.
    expect(mergeErrorFacts([error(t0, "RESOLUTION_EXCEEDED", "p1")], pushed)).toHaveLength(2);
    expect(mergeErrorFacts([error(t0, "BITRATE_EXCEEDED", "p2")], pushed)).toHaveLength(2);
    expect(mergeErrorFacts([error(t0 + 60_000, "BITRATE_EXCEEDED", "p1")], pushed)).toHaveLength(2);
    // One listed error absorbs one pushed error only.
    expect(mergeErrorFacts([error(t0)], [error(t0), error(t0 + 1000)])).toHaveLength(2);
  });

  it("fires an error-rate rule from a pushed error alone", () => {
    const now = t0 + 1000;
    const conditions = conditionsOf(
      rule(1, { kind: "errorRate", codes: ["BITRATE_EXCEEDED"], threshold: 1, windowSeconds: 60 }),
      facts(now, { errors: mergeErrorFacts([], [error(t0)]) }),
    );
    expect(conditions).toHaveLength(1);
  });
});

describe("quality rules (packet loss, dropped frames) over the metrics store's 5-s values", () => {
  const series = (
    participantId: string,
    values: number[],
    end: number,
    metric: QualityFact["metric"] = "loss",
  ): QualityFact => ({
    stageArn,
    sessionId: "st-1",
    participantId,
    userId: participantId ? `user-${participantId}` : undefined,
    metric,
    times: values.map((_, i) => end - (values.length - 1 - i) * 5000),
    values,
  });
  const lossRule = (over: Partial<AlertRuleBody> = {}) =>
    rule(7, {
      kind: "quality",
      metric: "loss",
      percent: 10,
      forSeconds: 20,
      per: "participant",
      ...over,
    } as Partial<AlertRuleBody> & Pick<AlertRuleBody, "kind">);

  it("measures the run above the level that ends with the newest value; a gap or a stale series breaks it", () => {
    expect(sustainedAbove(series("p", [1, 12, 14, 15, 13], t0), 10, t0)?.seconds).toBe(20);
    expect(sustainedAbove(series("p", [12, 14, 15, 3], t0), 10, t0)).toBeUndefined();
    expect(sustainedAbove(series("p", [12, 14, 15], t0), 10, t0 + 121_000)).toBeUndefined();
    const gap = { times: [t0 - 30_000, t0 - 5000, t0], values: [20, 20, 20] };
    expect(sustainedAbove(gap, 10, t0)?.seconds).toBe(10);
  });

  it("fires per participant only after Y seconds above X %, and not for the stage-wide series", () => {
    const short = facts(t0, { quality: [series("p1", [2, 12, 14, 15], t0)] });
    expect(conditionsOf(lossRule(), short)).toHaveLength(0);
    const long = facts(t0, { quality: [series("p1", [12, 14, 15, 13], t0), series("", [12, 14, 15, 13], t0)] });
    const found = conditionsOf(lossRule(), long);
    expect(found).toHaveLength(1);
    expect(found[0]?.subject.participantId).toBe("p1");
    expect(found[0]?.summary).toMatch(/packet loss participant user-p1 above 10 % for 20 s/);
    expect(found[0]?.evidence).toMatchObject({ kind: "participant", participantId: "p1", sessionId: "st-1" });
    // Another metric is another rule's business.
    expect(conditionsOf(lossRule({ metric: "dropped" } as Partial<AlertRuleBody>), long)).toHaveLength(0);
  });

  it("fires stage-wide from the stage's series, with the session as evidence", () => {
    const found = conditionsOf(
      lossRule({ per: "stage" } as Partial<AlertRuleBody>),
      facts(t0, { quality: [series("", [12, 14, 15, 13], t0), series("p1", [12, 14, 15, 13], t0)] }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence).toMatchObject({ kind: "session", sessionId: "st-1" });
    expect(found[0]?.summary).toMatch(/stage-wide/);
  });
});

describe("holding alerts cost no write while nothing changed", () => {
  it("writes a holding alert when its summary changed, when clearing stops, or every holdRefreshMs; skips it otherwise", () => {
    const r = rule(1, { kind: "errorRate", codes: [], threshold: 1, windowSeconds: 600 });
    const [condition] = conditionsOf(r, facts(t0, { errors: [error(t0 - 1000)] }));
    if (!condition) throw new Error("no condition");
    const rules = new Map([[1, r]]);
    const base = { id: 7, ruleId: 1, subjectKey: condition.subjectKey };
    const steady = { ...base, summary: condition.summary, lastSeenAt: t0 - 1000 };
    expect(reconcile([steady], [condition], rules, t0).hold).toEqual([]);
    expect(reconcile([{ ...steady, summary: "before" }], [condition], rules, t0).hold).toHaveLength(1);
    expect(reconcile([{ ...steady, clearSince: t0 - 500 }], [condition], rules, t0).hold).toHaveLength(1);
    expect(reconcile([steady], [condition], rules, t0 - 1000 + holdRefreshMs).hold).toHaveLength(1);
    expect(reconcile([base], [condition], rules, t0).hold).toHaveLength(1);
  });
});
