import "server-only";
import type { ConsoleContext } from "@/lib/context";
import { stageArnOf, type IvsEventBridgeEvent } from "@/lib/observe/eventbridge";
import type { LiveChange } from "@/lib/observe/live";
import { sessionOfTopic, sessionTopic } from "@/lib/observe/live";
import { budget } from "@/server/ivs/budget";
import { env } from "@/server/env";
import { transport } from "@/server/ivs/transport";
import { bus, type ClusterSignal } from "@/server/push/bus";
import { alertEngine } from "@/server/alerts/engine";
import { clusterStatus, startCluster } from "@/server/cluster/start";
import { createCollector, type Collector, type ObservedCall } from "./collector";
import { startMetricsReader, type MetricsReader } from "./metrics";
import { observationStore, type Scope, type SessionRef } from "./store";

/**
 * The observation pipeline of this server process: the store, the collector that fills it, and the registry
 * of what is on someone's screen. Settings come from the environment (server/env.ts, checked when the server
 * starts).
 */
export interface ObserveSettings {
  /** CONSOLE_COLLECTOR=off disables the collector (views then show what the store has, and say so). */
  readonly enabled: boolean;
  /** CONSOLE_OBSERVE_REGIONS: `us-east-1,us-west-2` or `profile@region` items; default AWS_REGION. */
  readonly scopes: readonly Scope[];
  /** CONSOLE_RETENTION_DAYS (default 30): how long an ended session stays in the store. */
  readonly retentionDays: number;
}

export function observeSettings(): ObserveSettings {
  const vars = env();
  return { enabled: vars.CONSOLE_COLLECTOR, scopes: vars.observeScopes, retentionDays: vars.CONSOLE_RETENTION_DAYS };
}

export function scopeOf(context: ConsoleContext): Scope {
  return { region: context.region, profile: context.profile ?? "" };
}

/** A scope someone looked at stays observed this long after the last look. */
const lookedAtMs = 10 * 60_000;
/** A session a browser polled stays "on screen" this long after the poll (SSE subscriptions count while open). */
const polledMs = 10_000;

export interface Observation {
  readonly collector: Collector;
  readonly settings: ObserveSettings;
  /** A view read this session: keep it first in line and observe its scope. */
  looked(context: ConsoleContext, session?: SessionRef): void;
  /** IVS calls made by the collector, per operation (for benchmarks and the status page). */
  readonly calls: Map<string, number>;
  /** A new EventBridge event: read what it is about first, and tell the browsers now. */
  pushed(event: IvsEventBridgeEvent): void;
  /** A hint for the collector, handled where it runs (this instance, or the holder of the lease). */
  handle(signal: ClusterSignal): void;
}

function createObservation(): Observation {
  const settings = observeSettings();
  const store = observationStore();
  const scopes = new Map<string, { scope: Scope; until: number }>();
  const polled = new Map<string, { scope: Scope; ref: SessionRef; until: number }>();
  const calls = new Map<string, number>();
  const id = (scope: Scope) => `${scope.region}\u0000${scope.profile}`;

  const call: ObservedCall = async (scope, name, input) => {
    await budget().take(scope, name);
    calls.set(name, (calls.get(name) ?? 0) + 1);
    // One attempt per token: the collector's loop retries (after its back-off, with a new token), so a throttled
    // IVS never sees more calls than the budget allows.
    return transport().call(name, input, {
      region: scope.region,
      maxAttempts: 1,
      ...(scope.profile ? { profile: scope.profile } : {}),
    });
  };

  const collector = createCollector({
    store,
    call,
    now: Date.now,
    retentionDays: settings.retentionDays,
    scopes: () => {
      const now = Date.now();
      const out = new Map(settings.scopes.map((scope) => [id(scope), scope]));
      for (const [key, entry] of scopes) {
        if (entry.until < now) scopes.delete(key);
        else out.set(key, entry.scope);
      }
      return [...out.values()];
    },
    watched: (scope) => {
      const now = Date.now();
      const refs: SessionRef[] = [];
      for (const [key, entry] of polled) {
        if (entry.until < now) polled.delete(key);
        else if (id(entry.scope) === id(scope)) refs.push(entry.ref);
      }
      for (const topic of bus().watchedTopics(scope)) {
        const ref = sessionOfTopic(topic);
        if (ref) refs.push(ref);
      }
      return refs;
    },
    publish: (scope: Scope, change: LiveChange) => {
      bus().publish({ region: scope.region, profile: scope.profile, change });
      alertEngine().notify(scope);
    },
    log: (message) => console.warn(message),
  });

  // Inert until this instance observes (`startObservation`; with several instances, the lease's holder): a want
  // on an idle collector only marks the store, which the observing instance reads.
  collector.stop();

  /** Observed scopes of a region (an event names its account and region, not the console's profile). */
  const scopesIn = (region: string): Scope[] => {
    const out = new Map<string, Scope>([[id({ region, profile: "" }), { region, profile: "" }]]);
    for (const scope of settings.scopes) if (scope.region === region) out.set(id(scope), scope);
    for (const entry of scopes.values()) if (entry.scope.region === region) out.set(id(entry.scope), entry.scope);
    return [...out.values()];
  };

  /** Applies a hint here (this instance observes). */
  function handle(signal: ClusterSignal): void {
    const scope = signal.scope;
    if (signal.kind === "alerts") return alertEngine().notify(scope);
    if (signal.kind === "look" || signal.kind === "want")
      scopes.set(id(scope), {
        scope: { region: scope.region, profile: scope.profile },
        until: Date.now() + lookedAtMs,
      });
    if (!settings.enabled) return;
    if (signal.kind === "look") collector.ensureScopes();
    else if (signal.kind === "want") void collector.want(scope, signal.session);
    else if (signal.kind === "wantParticipant") void collector.wantParticipant(scope, signal.participant);
    else collector.wantStages(scope);
  }

  /**
   * A hint for the collector: handled here when this instance observes (always, with one instance), otherwise
   * sent over the push relay to the instance that holds the lease.
   */
  function lead(signal: ClusterSignal): void {
    const cluster = clusterStatus();
    if (!cluster.clustered || cluster.observing) handle(signal);
    else bus().signal(signal);
  }

  return {
    collector,
    settings,
    calls,
    handle,
    pushed(event) {
      const stageArn = stageArnOf(event);
      const sessionId = event.detail.session_id;
      const participantId = event.detail.participant_id;
      for (const scope of scopesIn(event.region)) {
        lead({ kind: "alerts", scope });
        const publish = (change: LiveChange) => bus().publish({ region: scope.region, profile: scope.profile, change });
        if (event["detail-type"] === "IVS Composition State Change") {
          publish({ kind: "composition", arn: event.resources[0] ?? "" });
          continue;
        }
        if (!stageArn || !sessionId) {
          lead({ kind: "wantStages", scope });
          continue;
        }
        if (participantId)
          lead({ kind: "wantParticipant", scope, participant: { stageArn, sessionId, participantId } });
        publish({
          kind: "session",
          stageArn,
          sessionId,
          ...(participantId ? { participantIds: [participantId] } : {}),
        });
      }
    },
    looked(context, session) {
      const scope = scopeOf(context);
      const now = Date.now();
      const known = scopes.has(id(scope)) || settings.scopes.some((s) => id(s) === id(scope));
      scopes.set(id(scope), { scope, until: now + lookedAtMs });
      if (session) {
        const key = `${id(scope)}\u0000${session.stageArn}\u0000${session.sessionId}`;
        const fresh = !polled.has(key);
        polled.set(key, { scope, ref: session, until: now + polledMs });
        // Announced to the other instances too: the one that observes reads what is on any screen first.
        bus().touch(scope, sessionTopic(session), polledMs);
        if (fresh) lead({ kind: "want", scope, session: { stageArn: session.stageArn, sessionId: session.sessionId } });
      } else if (!known) lead({ kind: "look", scope });
    },
  };
}

const globalKey = Symbol.for("ivs-control-room.observation");
type WithObservation = typeof globalThis & { [globalKey]?: Observation };

/** The process-wide observation pipeline (created on first use; `startObservation` starts the collector). */
export function observation(): Observation {
  const holder = globalThis as WithObservation;
  holder[globalKey] ??= createObservation();
  return holder[globalKey];
}

/**
 * Called once when the console's server starts (instrumentation.ts). A bad setting (e.g. CONSOLE_RETENTION_DAYS=abc)
 * stops the console with a message naming the variable.
 */
export function startObservation(): void {
  let current: Observation;
  try {
    current = observation();
  } catch (error) {
    console.error(`Console not started: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { settings, collector } = current;
  let metrics: MetricsReader | undefined;
  // Here at once with one instance; with several (PostgreSQL), on the instance holding the observation lease.
  void startCluster({
    start() {
      if (settings.enabled) collector.start();
      alertEngine().start(settings.scopes);
      // CloudWatch metrics of live sessions, into the store, on their own budget (server/observe/metrics.ts).
      if (settings.enabled) metrics = startMetricsReader(settings);
    },
    stop() {
      collector.stop();
      alertEngine().stop();
      metrics?.stop();
    },
    handle: current.handle,
  });
}
