import "server-only";
import { everythingTopic, sessionOfTopic, topicsOf, type LiveMessage } from "@/lib/observe/live";

/**
 * Fan-out of store changes to the SSE streams of this server. A listener subscribes to topics of one (region,
 * profile); publishing never waits for listeners and a failing listener never affects others.
 *
 * One instance: messages go straight to this process's streams. Several instances (PostgreSQL): a relay
 * (server/push/pg-relay.ts, LISTEN/NOTIFY) carries every message to every instance, this one included, and each
 * delivers to its own streams — so a change seen by the instance that collects reaches browsers connected to
 * any instance. The relay also carries the instances' hints to the collecting one (`signal`) and what is on their
 * screens (`watchedTopics` includes the topics other instances announced).
 */
export type Listener = (message: LiveMessage) => void;

interface ScopeRef {
  readonly region: string;
  readonly profile: string;
}

interface Subscription extends ScopeRef {
  readonly topics: ReadonlySet<string>;
  readonly listener: Listener;
  readonly close?: (() => void) | undefined;
}

/** A hint for the instance that observes (it holds the lease): someone elsewhere needs something read first. */
export type ClusterSignal =
  | { readonly kind: "look"; readonly scope: ScopeRef }
  | { readonly kind: "want"; readonly scope: ScopeRef; readonly session: { stageArn: string; sessionId: string } }
  | {
      readonly kind: "wantParticipant";
      readonly scope: ScopeRef;
      readonly participant: { stageArn: string; sessionId: string; participantId: string };
    }
  | { readonly kind: "wantStages"; readonly scope: ScopeRef }
  | { readonly kind: "alerts"; readonly scope: ScopeRef };

/** What travels between instances. */
export type Envelope =
  | { readonly t: "change"; readonly m: LiveMessage }
  | { readonly t: "signal"; readonly s: ClusterSignal }
  | { readonly t: "watch"; readonly scope: ScopeRef; readonly topics: readonly string[]; readonly until: number }
  /** An instance is alive, with the build it runs (every instance must run the same build). */
  | { readonly t: "hello"; readonly instance: string; readonly build: string };

export interface Relay {
  /** Sends to every instance, this one included (fire and forget; failures are the relay's to log). */
  send(envelope: Envelope): void;
}

/** Topics announced by other instances stay "on screen" this long (they announce every `announceMs`). */
export const announceMs = 4_000;
const announcedForMs = 3 * announceMs;

const scopeId = (scope: ScopeRef) => `${scope.region}\u0000${scope.profile}`;

export function createBus(now: () => number = Date.now) {
  const subscriptions = new Set<Subscription>();
  const touched = new Map<string, { scope: ScopeRef; topic: string; until: number }>();
  const remote = new Map<string, { scope: ScopeRef; topic: string; until: number }>();
  const signalHandlers = new Set<(signal: ClusterSignal) => void>();
  let relay: Relay | undefined;
  let published = 0;

  function deliver(message: LiveMessage): void {
    const topics = topicsOf(message.change);
    for (const sub of subscriptions) {
      // Alerts are console-wide (the shell's badge counts every region and profile): every tab hears of them.
      const anyScope = message.change.kind === "alerts";
      if (!anyScope && (sub.region !== message.region || sub.profile !== message.profile)) continue;
      if (!topics.some((topic) => sub.topics.has(topic))) continue;
      try {
        sub.listener(message);
      } catch {
        // A broken stream is closed by its own handler; the others still get the message.
      }
    }
  }

  function handle(signal: ClusterSignal): void {
    for (const handler of signalHandlers) {
      try {
        handler(signal);
      } catch {
        // one failing handler never stops the others
      }
    }
  }

  /** Topics on this instance's screens (streams and recent polls), per scope. */
  function localTopics(): Map<string, { scope: ScopeRef; topics: Set<string> }> {
    const out = new Map<string, { scope: ScopeRef; topics: Set<string> }>();
    const add = (scope: ScopeRef, topic: string) => {
      const entry = out.get(scopeId(scope)) ?? {
        scope: { region: scope.region, profile: scope.profile },
        topics: new Set(),
      };
      entry.topics.add(topic);
      out.set(scopeId(scope), entry);
    };
    for (const sub of subscriptions) for (const topic of sub.topics) add(sub, topic);
    const at = now();
    for (const [key, entry] of touched) {
      if (entry.until < at) touched.delete(key);
      else add(entry.scope, entry.topic);
    }
    return out;
  }

  return {
    publish(message: LiveMessage): void {
      published++;
      if (relay) relay.send({ t: "change", m: message });
      else deliver(message);
    },
    subscribe(scope: ScopeRef, topics: readonly string[], listener: Listener, close?: () => void): () => void {
      const sub: Subscription = {
        region: scope.region,
        profile: scope.profile,
        topics: new Set(topics),
        listener,
        close,
      };
      subscriptions.add(sub);
      return () => subscriptions.delete(sub);
    },
    /** A browser polled this topic: it counts as on screen for `ms` (here and, announced, on every instance). */
    touch(scope: ScopeRef, topic: string, ms: number): void {
      touched.set(`${scopeId(scope)}\u0000${topic}`, { scope, topic, until: now() + ms });
    },
    /** Topics on someone's screen now, per scope: this instance's streams and polls, and what others announced. */
    watchedTopics(scope: ScopeRef): Set<string> {
      const out = new Set(localTopics().get(scopeId(scope))?.topics ?? []);
      const at = now();
      for (const [key, entry] of remote) {
        if (entry.until < at) remote.delete(key);
        else if (scopeId(entry.scope) === scopeId(scope)) out.add(entry.topic);
      }
      return out;
    },
    /** A hint for the observing instance: handled here without a relay, sent to every instance with one. */
    signal(signal: ClusterSignal): void {
      if (relay) relay.send({ t: "signal", s: signal });
      else handle(signal);
    },
    onSignal(handler: (signal: ClusterSignal) => void): () => void {
      signalHandlers.add(handler);
      return () => signalHandlers.delete(handler);
    },
    /** From now on, messages travel through `relay` (and arrive through `receive`). */
    useRelay(next: Relay | undefined): void {
      relay = next;
    },
    /** An envelope from the relay (including this instance's own). */
    receive(envelope: Envelope): void {
      if (envelope.t === "change") deliver(envelope.m);
      else if (envelope.t === "signal") handle(envelope.s);
      else if (envelope.t === "watch")
        for (const topic of envelope.topics)
          remote.set(`${scopeId(envelope.scope)}\u0000${topic}`, {
            scope: envelope.scope,
            topic,
            until: Math.min(envelope.until, now() + announcedForMs),
          });
    },
    /** What this instance's screens show, for the relay to announce (in chunks that fit a notification). */
    announcements(chunk = 30): Envelope[] {
      const until = now() + announcedForMs;
      const out: Envelope[] = [];
      for (const { scope, topics } of localTopics().values()) {
        const list = [...topics];
        for (let i = 0; i < list.length; i += chunk)
          out.push({ t: "watch", scope, topics: list.slice(i, i + chunk), until });
      }
      return out;
    },
    /**
     * Messages may have been missed (the relay reconnected): every stream is told its topics changed, so the tabs
     * refetch from the store.
     */
    resync(): void {
      for (const sub of subscriptions) {
        for (const topic of sub.topics) {
          const session = sessionOfTopic(topic);
          const changes: LiveMessage["change"][] =
            topic === everythingTopic
              ? [{ kind: "stages" }, { kind: "alerts" }]
              : session
                ? [{ kind: "session", ...session }]
                : [];
          for (const change of changes) {
            try {
              sub.listener({ region: sub.region, profile: sub.profile, change });
            } catch {
              // closed by its own handler
            }
          }
        }
      }
    },
    /** Shutdown: ends every stream (browsers reconnect, through the load balancer, to another instance). */
    closeAll(): void {
      for (const sub of [...subscriptions]) {
        subscriptions.delete(sub);
        try {
          sub.close?.();
        } catch {
          // already closed
        }
      }
    },
    stats: () => ({ streams: subscriptions.size, published, relayed: relay !== undefined }),
  };
}

export type Bus = ReturnType<typeof createBus>;

const globalKey = Symbol.for("ivs-control-room.push-bus");
type WithBus = typeof globalThis & { [globalKey]?: Bus };

export function bus(): Bus {
  const holder = globalThis as WithBus;
  holder[globalKey] ??= createBus();
  return holder[globalKey];
}
