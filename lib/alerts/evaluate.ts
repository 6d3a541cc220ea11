/**
 * Alert evaluation, pure: facts read from the observation store → the conditions that hold now (one per rule and
 * subject) → the alert transitions (fire, still firing, clearing, resolve). The clock is a parameter, so tests
 * move time by hand.
 */
import {
  inScope,
  qualityMetricLabels,
  type AlertRule,
  type AlertRuleBody,
  type QualityMetric,
  type StageFacts,
} from "./rules";

export interface ErrorFact {
  readonly stageArn: string;
  readonly sessionId: string;
  readonly participantId: string;
  readonly userId?: string | undefined;
  readonly eventName: string;
  readonly code: string;
  /** ms since epoch */
  readonly at: number;
}

/** A pushed error and a listed one closer than this (same participant and code) are one error. */
const sameErrorMs = 10_000;

/**
 * The errors of ListParticipantEvents plus the publish errors EventBridge pushed that the collector has not
 * listed yet (EventBridge is best effort and early; the API is complete and late). A pushed error counts once:
 * when the listed events hold the same participant's same code within 10 s, that listed error stands for it.
 */
export function mergeErrorFacts(listed: readonly ErrorFact[], pushed: readonly ErrorFact[]): ErrorFact[] {
  const byParticipant = new Map<string, ErrorFact[]>();
  for (const fact of listed) {
    const key = `${fact.stageArn} ${fact.sessionId} ${fact.participantId} ${fact.code}`;
    const list = byParticipant.get(key);
    if (list) list.push(fact);
    else byParticipant.set(key, [fact]);
  }
  const out = [...listed];
  const used = new Set<ErrorFact>();
  for (const fact of pushed) {
    const key = `${fact.stageArn} ${fact.sessionId} ${fact.participantId} ${fact.code}`;
    const twin = byParticipant
      .get(key)
      ?.find(
        (other) =>
          !used.has(other) && other.eventName === "PUBLISH_ERROR" && Math.abs(other.at - fact.at) <= sameErrorMs,
      );
    if (twin) used.add(twin);
    else out.push(fact);
  }
  return out;
}

export interface CompositionFact {
  readonly arn: string;
  readonly stageArn?: string | undefined;
  /** Absent for the composition itself. */
  readonly destinationId?: string | undefined;
  /** The newest state reported for it: FAILED, RECONNECTING, ACTIVE, STOPPED… */
  readonly state: string;
  readonly at: number;
}

export interface RecordingFact {
  readonly stageArn: string;
  readonly sessionId: string;
  readonly participantId: string;
  readonly which: "start" | "end";
  readonly at: number;
}

export interface SessionFact {
  readonly stageArn: string;
  readonly sessionId: string;
  readonly kind: "started" | "ended";
  readonly at: number;
}

/** One quality series of a live session's stage (participant '' = the stage's average), 5-s values oldest first. */
export interface QualityFact {
  readonly stageArn: string;
  readonly sessionId: string;
  /** '' for the stage-wide series. */
  readonly participantId: string;
  readonly userId?: string | undefined;
  readonly metric: QualityMetric;
  readonly times: readonly number[];
  readonly values: readonly number[];
}

export interface ConnectedSample {
  readonly at: number;
  readonly count: number;
}

export interface Facts {
  readonly now: number;
  readonly stages: ReadonlyMap<string, StageFacts>;
  readonly errors: readonly ErrorFact[];
  readonly compositions: readonly CompositionFact[];
  readonly recordings: readonly RecordingFact[];
  readonly sessions: readonly SessionFact[];
  /** Quality series over the last minutes (only when a quality rule is enabled). */
  readonly quality?: readonly QualityFact[] | undefined;
  /** Per stage: its live session and the connected counts sampled over the last minute or more, oldest first. */
  readonly connected: ReadonlyMap<string, { readonly sessionId: string; readonly samples: readonly ConnectedSample[] }>;
}

export interface AlertSubject {
  readonly stageArn?: string | undefined;
  readonly stageName?: string | undefined;
  readonly sessionId?: string | undefined;
  readonly participantId?: string | undefined;
  readonly userId?: string | undefined;
  readonly compositionArn?: string | undefined;
  readonly destinationId?: string | undefined;
}

/** Where to look: a participant's timeline or a session's swimlane around `from`–`to`, or a composition. */
export type Evidence =
  | {
      readonly kind: "participant";
      readonly stageArn: string;
      readonly sessionId: string;
      readonly participantId: string;
      readonly from: number;
      readonly to: number;
    }
  | {
      readonly kind: "session";
      readonly stageArn: string;
      readonly sessionId: string;
      readonly from: number;
      readonly to: number;
    }
  | { readonly kind: "composition"; readonly compositionArn: string };

export interface Condition {
  readonly ruleId: number;
  readonly subjectKey: string;
  readonly subject: AlertSubject;
  readonly summary: string;
  readonly evidence: Evidence;
}

const minute = 60_000;

function around(at: number): { from: number; to: number } {
  return { from: Math.max(0, at - minute), to: at + minute };
}

function stageLabel(facts: Facts, arn: string | undefined): string {
  if (!arn) return "an unknown stage";
  return facts.stages.get(arn)?.name ?? arn.split("/").pop() ?? arn;
}

function countsText(errors: readonly ErrorFact[]): string {
  const counts = new Map<string, number>();
  for (const error of errors) counts.set(error.code, (counts.get(error.code) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => (n > 1 ? `${code} ×${n}` : code))
    .join(", ");
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const newest = <T extends { at: number }>(items: readonly T[]): T | undefined =>
  items.reduce<T | undefined>((best, item) => (!best || item.at > best.at ? item : best), undefined);

/** Seconds between quality values (CloudWatch's high-resolution period, as the store keeps them). */
export const qualityPeriodMs = 5000;
/** A series whose newest value is older than this has stopped (the participant left, or the session ended). */
export const qualityStaleMs = 120_000;

/**
 * The run of values above `percent` that ends with the newest value: how long it lasts (each value stands for
 * its 5 s), or undefined when the newest value is not above it or is stale. A missing value breaks the run.
 */
export function sustainedAbove(
  series: Pick<QualityFact, "times" | "values">,
  percent: number,
  now: number,
): { seconds: number; from: number; to: number; last: number } | undefined {
  const n = series.times.length;
  const to = series.times[n - 1];
  const last = series.values[n - 1];
  if (to === undefined || last === undefined || last <= percent || now - to > qualityStaleMs) return undefined;
  let from = to;
  for (let i = n - 2; i >= 0; i--) {
    const t = series.times[i] ?? 0;
    if ((series.values[i] ?? 0) <= percent || from - t > qualityPeriodMs) break;
    from = t;
  }
  return { seconds: Math.round((to - from + qualityPeriodMs) / 1000), from, to, last };
}

/** The conditions one rule finds in the facts (none when disabled). */
export function conditionsOf(rule: AlertRule, facts: Facts): Condition[] {
  const body: AlertRuleBody = rule.body;
  if (!body.enabled) return [];
  const covers = (stageArn: string | undefined) =>
    stageArn ? inScope(body.scope, facts.stages.get(stageArn) ?? { arn: stageArn }) : body.scope.kind === "all";
  const since = (seconds: number) => facts.now - seconds * 1000;
  const out: Condition[] = [];
  switch (body.kind) {
    case "errorRate":
    case "publisherLimit": {
      const from = since(body.windowSeconds);
      const codes = body.kind === "errorRate" ? new Set(body.codes) : new Set(["QUOTA_EXCEEDED"]);
      const threshold = body.kind === "errorRate" ? body.threshold : 1;
      const matching = facts.errors.filter(
        (e) => e.at >= from && e.at <= facts.now && (codes.size === 0 || codes.has(e.code)) && covers(e.stageArn),
      );
      for (const [stageArn, errors] of groupBy(matching, (e) => e.stageArn)) {
        if (errors.length < threshold) continue;
        const last = newest(errors);
        if (!last) continue;
        const minutes = Math.round(body.windowSeconds / 60);
        const span = minutes >= 1 ? `${minutes} min` : `${body.windowSeconds} s`;
        const summary =
          body.kind === "publisherLimit"
            ? `${stageLabel(facts, stageArn)}: publisher limit reached — ${errors.length} PUBLISH_ERROR QUOTA_EXCEEDED in the last ${span} (latest: ${last.userId || last.participantId})`
            : `${stageLabel(facts, stageArn)}: ${errors.length} participant error${errors.length === 1 ? "" : "s"} in the last ${span} (${countsText(errors)})`;
        out.push({
          ruleId: rule.id,
          subjectKey: `stage ${stageArn}`,
          subject: {
            stageArn,
            stageName: facts.stages.get(stageArn)?.name,
            sessionId: last.sessionId,
            participantId: last.participantId,
            userId: last.userId,
          },
          summary,
          evidence: {
            kind: "participant",
            stageArn,
            sessionId: last.sessionId,
            participantId: last.participantId,
            ...around(last.at),
          },
        });
      }
      return out;
    }
    case "composition": {
      const wanted = new Set<string>(body.states);
      for (const fact of facts.compositions) {
        if (!wanted.has(fact.state) || !covers(fact.stageArn)) continue;
        const what = fact.destinationId ? `destination ${fact.destinationId} of the composition` : "composition";
        out.push({
          ruleId: rule.id,
          subjectKey: `composition ${fact.arn} ${fact.destinationId ?? ""}`.trim(),
          subject: {
            stageArn: fact.stageArn,
            stageName: fact.stageArn ? facts.stages.get(fact.stageArn)?.name : undefined,
            compositionArn: fact.arn,
            destinationId: fact.destinationId,
          },
          summary: `${stageLabel(facts, fact.stageArn)}: ${what} is ${fact.state}`,
          evidence: { kind: "composition", compositionArn: fact.arn },
        });
      }
      return out;
    }
    case "recordingFailure": {
      const from = since(body.windowSeconds);
      const wanted = new Set<string>(body.which);
      const matching = facts.recordings.filter(
        (r) => r.at >= from && r.at <= facts.now && wanted.has(r.which) && covers(r.stageArn),
      );
      for (const [key, list] of groupBy(matching, (r) => `${r.stageArn} ${r.sessionId} ${r.participantId}`)) {
        const last = newest(list);
        if (!last) continue;
        out.push({
          ruleId: rule.id,
          subjectKey: `participant ${key}`,
          subject: {
            stageArn: last.stageArn,
            stageName: facts.stages.get(last.stageArn)?.name,
            sessionId: last.sessionId,
            participantId: last.participantId,
          },
          summary: `${stageLabel(facts, last.stageArn)}: recording ${last.which === "start" ? "start" : "end"} failure for participant ${last.participantId}`,
          evidence: {
            kind: "participant",
            stageArn: last.stageArn,
            sessionId: last.sessionId,
            participantId: last.participantId,
            ...around(last.at),
          },
        });
      }
      return out;
    }
    case "quality": {
      for (const fact of facts.quality ?? []) {
        if (fact.metric !== body.metric || !covers(fact.stageArn)) continue;
        if ((body.per === "stage") !== (fact.participantId === "")) continue;
        const run = sustainedAbove(fact, body.percent, facts.now);
        if (!run || run.seconds < body.forSeconds) continue;
        const who = fact.participantId === "" ? "stage-wide" : `participant ${fact.userId || fact.participantId}`;
        out.push({
          ruleId: rule.id,
          subjectKey: `quality ${fact.metric} ${fact.stageArn} ${fact.participantId}`.trim(),
          subject: {
            stageArn: fact.stageArn,
            stageName: facts.stages.get(fact.stageArn)?.name,
            sessionId: fact.sessionId,
            ...(fact.participantId ? { participantId: fact.participantId, userId: fact.userId } : {}),
          },
          // Stable while the run lasts (no running duration or value), so a steady alert is not rewritten each time.
          summary: `${stageLabel(facts, fact.stageArn)}: ${qualityMetricLabels[fact.metric].split(" (")[0]?.toLowerCase()} ${who} above ${body.percent} % for ${body.forSeconds} s or more`,
          evidence: fact.participantId
            ? {
                kind: "participant",
                stageArn: fact.stageArn,
                sessionId: fact.sessionId,
                participantId: fact.participantId,
                from: run.from - minute,
                to: run.to + minute,
              }
            : {
                kind: "session",
                stageArn: fact.stageArn,
                sessionId: fact.sessionId,
                from: run.from - minute,
                to: run.to + minute,
              },
        });
      }
      return out;
    }
    case "connectedDrop": {
      for (const [stageArn, { sessionId, samples }] of facts.connected) {
        if (!covers(stageArn)) continue;
        const recent = samples.filter((s) => s.at >= facts.now - minute && s.at <= facts.now);
        const current = recent[recent.length - 1];
        if (!current) continue;
        let peak: ConnectedSample | undefined;
        for (const sample of recent) if (!peak || sample.count > peak.count) peak = sample;
        if (!peak || peak.count < body.minConnected || peak.at >= current.at) continue;
        const drop = ((peak.count - current.count) / peak.count) * 100;
        if (drop < body.percent) continue;
        out.push({
          ruleId: rule.id,
          subjectKey: `stage ${stageArn}`,
          subject: { stageArn, stageName: facts.stages.get(stageArn)?.name, sessionId },
          summary: `${stageLabel(facts, stageArn)}: connected participants fell from ${peak.count} to ${current.count} (−${Math.round(drop)} %) within one minute`,
          evidence: { kind: "session", stageArn, sessionId, from: peak.at - minute, to: current.at + minute },
        });
      }
      return out;
    }
    case "session": {
      const from = since(body.windowSeconds);
      const wanted = new Set<string>(body.events);
      for (const fact of facts.sessions) {
        if (fact.at < from || fact.at > facts.now || !wanted.has(fact.kind) || !covers(fact.stageArn)) continue;
        out.push({
          ruleId: rule.id,
          subjectKey: `session ${fact.stageArn} ${fact.sessionId} ${fact.kind}`,
          subject: {
            stageArn: fact.stageArn,
            stageName: facts.stages.get(fact.stageArn)?.name,
            sessionId: fact.sessionId,
          },
          summary: `${stageLabel(facts, fact.stageArn)}: session ${fact.sessionId} ${fact.kind}`,
          evidence: { kind: "session", stageArn: fact.stageArn, sessionId: fact.sessionId, ...around(fact.at) },
        });
      }
      return out;
    }
  }
}

// ---- lifecycle -------------------------------------------------------------------------------------------------

export type AlertState = "firing" | "acknowledged" | "resolved";

/** An alert that is not resolved yet, as the lifecycle needs it. */
export interface OpenAlert {
  readonly id: number;
  readonly ruleId: number;
  readonly subjectKey: string;
  /** Since when its condition has been absent (undefined: present at the last evaluation). */
  readonly clearSince?: number | undefined;
  /** What the store holds (absent: unknown, so a holding condition is always written). */
  readonly summary?: string | undefined;
  readonly lastSeenAt?: number | undefined;
}

/** A holding alert whose summary has not changed is written again (last seen, evidence) at most this often. */
export const holdRefreshMs = 30_000;

export interface Transitions {
  /** New alerts. */
  readonly fire: readonly Condition[];
  /**
   * Open alerts whose condition holds and that need writing: clearing stops, the summary changed, or the last write
   * is `holdRefreshMs` old (so 200 steady alerts cost no writes at most evaluations).
   */
  readonly hold: readonly { readonly id: number; readonly condition: Condition }[];
  /** Open alerts whose condition just went away: clearing starts now. */
  readonly clearing: readonly number[];
  /** Open alerts to resolve: clear for the rule's hold-down, or the rule is gone or disabled. */
  readonly resolve: readonly number[];
}

const alertKey = (ruleId: number, subjectKey: string) => `${ruleId}\u0000${subjectKey}`;

/**
 * One firing alert per rule and subject, however often the condition repeats; a condition that goes away must
 * stay away for the rule's hold-down before its alert resolves, so a flapping condition keeps one alert open.
 */
export function reconcile(
  open: readonly OpenAlert[],
  conditions: readonly Condition[],
  rules: ReadonlyMap<number, AlertRule>,
  now: number,
): Transitions {
  const present = new Map<string, Condition>();
  for (const condition of conditions)
    if (!present.has(alertKey(condition.ruleId, condition.subjectKey)))
      present.set(alertKey(condition.ruleId, condition.subjectKey), condition);
  const fire: Condition[] = [];
  const hold: { id: number; condition: Condition }[] = [];
  const clearing: number[] = [];
  const resolve: number[] = [];
  const openKeys = new Set<string>();
  for (const alert of open) {
    const key = alertKey(alert.ruleId, alert.subjectKey);
    if (openKeys.has(key)) {
      resolve.push(alert.id); // a duplicate should never exist; close it rather than keep two
      continue;
    }
    openKeys.add(key);
    const rule = rules.get(alert.ruleId);
    if (!rule || !rule.body.enabled) {
      resolve.push(alert.id);
      continue;
    }
    const condition = present.get(key);
    if (condition) {
      const stale =
        alert.clearSince !== undefined ||
        alert.summary !== condition.summary ||
        alert.lastSeenAt === undefined ||
        now - alert.lastSeenAt >= holdRefreshMs;
      if (stale) hold.push({ id: alert.id, condition });
    } else if (alert.clearSince === undefined) {
      if (rule.body.holdDownSeconds === 0) resolve.push(alert.id);
      else clearing.push(alert.id);
    } else if (now - alert.clearSince >= rule.body.holdDownSeconds * 1000) resolve.push(alert.id);
  }
  for (const [key, condition] of present) if (!openKeys.has(key)) fire.push(condition);
  return { fire, hold, clearing, resolve };
}
