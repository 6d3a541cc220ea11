import "server-only";
import { conditionsOf, qualityStaleMs, reconcile, type ConnectedSample, type Facts } from "@/lib/alerts/evaluate";
import type { AlertTransition, AlertView } from "@/lib/alerts/present";
import type { AlertRule } from "@/lib/alerts/rules";
import type { LiveChange } from "@/lib/observe/live";
import { consoleDb } from "@/server/db/database";
import { env } from "@/server/env";
import { bus } from "@/server/push/bus";
import { createFactsReader, type FactsReader, type Scope } from "./facts";
import { alertsStore, type AlertsStore } from "./store";
import { createDelivery, type Delivery } from "./webhooks";

/**
 * The alert engine: evaluates every rule against the observation store of a scope whenever the collector or
 * EventBridge says something changed there (debounced), and every few seconds (windows slide, hold-downs end,
 * connected counts are sampled). Runs in the console's server process, never in a browser. Transitions are
 * written to the alerts store, pushed to the tabs (LiveChange `alerts`) and queued for the webhooks.
 */
export interface EngineDeps {
  readonly store: AlertsStore;
  readonly facts: FactsReader;
  readonly now: () => number;
  readonly publish: (scope: Scope, change: LiveChange) => void;
  readonly delivery: Pick<Delivery, "enqueue">;
  readonly debounceMs?: number;
  readonly tickMs?: number;
}

/** Connected-count samples older than this are forgotten (the drop rule looks at one minute). */
const sampleKeepMs = 90_000;
const minSampleGapMs = 500;

export interface EvaluationStats {
  readonly rules: number;
  readonly conditions: number;
  readonly fired: number;
  readonly resolved: number;
  readonly ms: number;
}

export function createAlertEngine(deps: EngineDeps) {
  const scopes = new Map<string, Scope>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const samples = new Map<string, Map<string, { sessionId: string; samples: ConnectedSample[] }>>();
  const debounceMs = deps.debounceMs ?? 100;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let evaluations = 0;
  let totalMs = 0;
  const id = (scope: Scope) => `${scope.region}\u0000${scope.profile}`;

  /** Alerts changed: one message reaches every tab, whatever its region or profile (server/push/bus.ts). */
  function publishAll(): void {
    const [scope] = scopes.values();
    deps.publish(scope ?? { region: "", profile: "" }, { kind: "alerts" });
  }

  async function sample(scope: Scope, now: number): Promise<Facts["connected"]> {
    const perStage = samples.get(id(scope)) ?? new Map<string, { sessionId: string; samples: ConnectedSample[] }>();
    samples.set(id(scope), perStage);
    const live = new Set<string>();
    for (const { stageArn, sessionId, count } of await deps.facts.connected(scope)) {
      live.add(stageArn);
      let entry = perStage.get(stageArn);
      if (!entry || entry.sessionId !== sessionId) {
        entry = { sessionId, samples: [] };
        perStage.set(stageArn, entry);
      }
      const last = entry.samples[entry.samples.length - 1];
      if (!last || now - last.at >= minSampleGapMs || last.count !== count) entry.samples.push({ at: now, count });
      while (entry.samples.length > 0 && (entry.samples[0]?.at ?? now) < now - sampleKeepMs) entry.samples.shift();
    }
    for (const stageArn of [...perStage.keys()]) if (!live.has(stageArn)) perStage.delete(stageArn);
    return perStage;
  }

  /** One evaluation of every rule over one scope. */
  async function evaluate(scope: Scope, given?: readonly AlertRule[]): Promise<EvaluationStats> {
    const started = performance.now();
    const rules = given ?? (await deps.store.rules());
    const now = deps.now();
    scopes.set(id(scope), scope);
    const windowOf = (rule: AlertRule) => ("windowSeconds" in rule.body ? rule.body.windowSeconds : 0);
    const longest = rules.reduce((max, rule) => Math.max(max, rule.body.enabled ? windowOf(rule) : 0), 0) * 1000;
    const kinds = new Set(rules.filter((rule) => rule.body.enabled).map((rule) => rule.body.kind));
    const wantsErrors = kinds.has("errorRate") || kinds.has("publisherLimit");
    const qualityRules = rules.flatMap((rule) =>
      rule.body.enabled && rule.body.kind === "quality" ? [rule.body] : [],
    );
    const qualityMetrics = new Set(qualityRules.map((body) => body.metric));
    const qualitySince =
      now - qualityStaleMs - qualityRules.reduce((max, body) => Math.max(max, body.forSeconds), 0) * 1000;
    const [stages, errors, compositions, recordings, sessions, quality, connected] = await Promise.all([
      deps.facts.stages(scope),
      wantsErrors ? deps.facts.errors(scope, now - longest) : [],
      kinds.has("composition") ? deps.facts.compositions(scope, now) : [],
      kinds.has("recordingFailure") ? deps.facts.recordings(scope, now - longest) : [],
      kinds.has("session") ? deps.facts.sessions(scope, now - longest) : [],
      qualityMetrics.size > 0 ? deps.facts.quality(scope, qualityMetrics, qualitySince) : [],
      sample(scope, now),
    ]);
    const facts: Facts = { now, stages, errors, compositions, recordings, sessions, quality, connected };
    const conditions = rules.flatMap((rule) => conditionsOf(rule, facts));
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    const transitions = reconcile(await deps.store.openAlerts(scope), conditions, byId, now);
    const changed = await deps.store.apply(scope, byId, transitions, now);
    for (const { alert, transition } of changed) deps.delivery.enqueue(alert, transition);
    if (changed.length > 0) publishAll();
    const ms = performance.now() - started;
    evaluations++;
    totalMs += ms;
    return {
      rules: rules.length,
      conditions: conditions.length,
      fired: changed.filter((c) => c.transition === "fired").length,
      resolved: changed.filter((c) => c.transition === "resolved").length,
      ms,
    };
  }

  /** Evaluations of one scope run one after another (the store is asynchronous: never two at once). */
  const queues = new Map<string, Promise<void>>();
  function safely(scope: Scope): Promise<void> {
    const key = id(scope);
    const next = (queues.get(key) ?? Promise.resolve())
      .then(() => evaluate(scope))
      .then(
        () => undefined,
        (error: unknown) => {
          console.warn(
            `alerts: evaluation in ${scope.region} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      );
    queues.set(key, next);
    void next.then(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
    return next;
  }

  return {
    evaluate,
    /** Something changed in the scope's store: evaluate soon (bursts coalesce into one evaluation). */
    notify(scope: Scope): void {
      const key = id(scope);
      scopes.set(key, scope);
      if (timers.has(key)) return;
      const timer = setTimeout(() => {
        timers.delete(key);
        void safely(scope);
      }, debounceMs);
      timer.unref?.();
      timers.set(key, timer);
    },
    /** An operator acknowledged an alert: tell the tabs and the webhooks. */
    acknowledged(alert: AlertView): void {
      deps.delivery.enqueue(alert, "acknowledged" satisfies AlertTransition);
      publishAll();
    },
    /** Rules changed: re-evaluate every known scope now. */
    async rulesChanged(): Promise<void> {
      await Promise.all([...scopes.values()].map((scope) => safely(scope)));
      publishAll();
    },
    start(initial: readonly Scope[], tickMs = deps.tickMs ?? 2000): void {
      for (const scope of initial) scopes.set(id(scope), scope);
      ticker ??= setInterval(() => {
        for (const scope of scopes.values()) void safely(scope);
      }, tickMs);
      ticker.unref?.();
    },
    stop(): void {
      if (ticker) clearInterval(ticker);
      ticker = undefined;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
    stats: () => ({ evaluations, meanMs: evaluations ? totalMs / evaluations : 0, scopes: scopes.size }),
  };
}

export type AlertEngine = ReturnType<typeof createAlertEngine>;

/** The console's public address, for evidence links in webhook payloads (CONSOLE_PUBLIC_URL). */
export function publicBaseUrl(): string {
  const vars = env();
  return vars.CONSOLE_PUBLIC_URL ?? `http://localhost:${vars.PORT}`;
}

const globalKey = Symbol.for("ivs-control-room.alert-engine");
type WithEngine = typeof globalThis & { [globalKey]?: AlertEngine };

/** The process-wide alert engine (created on first use; `startAlerts` starts its tick). */
export function alertEngine(): AlertEngine {
  const holder = globalThis as WithEngine;
  if (!holder[globalKey]) {
    const store = alertsStore();
    holder[globalKey] = createAlertEngine({
      store,
      facts: createFactsReader(consoleDb),
      now: Date.now,
      publish: (scope, change) => bus().publish({ region: scope.region, profile: scope.profile, change }),
      delivery: createDelivery({ store, baseUrl: publicBaseUrl() }),
    });
  }
  return holder[globalKey];
}
