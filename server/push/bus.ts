import "server-only";
import { topicsOf, type LiveMessage } from "@/lib/observe/live";

/**
 * In-process fan-out of store changes to the SSE streams of this server. A listener subscribes to topics of
 * one (region, profile); publishing never waits for listeners and a failing listener never affects others.
 */
export type Listener = (message: LiveMessage) => void;

interface Subscription {
  readonly region: string;
  readonly profile: string;
  readonly topics: ReadonlySet<string>;
  readonly listener: Listener;
}

export function createBus() {
  const subscriptions = new Set<Subscription>();
  let published = 0;
  return {
    publish(message: LiveMessage): void {
      published++;
      const topics = topicsOf(message.change);
      for (const sub of subscriptions) {
        if (sub.region !== message.region || sub.profile !== message.profile) continue;
        if (!topics.some((topic) => sub.topics.has(topic))) continue;
        try {
          sub.listener(message);
        } catch {
          // A broken stream is closed by its own handler; the others still get the message.
        }
      }
    },
    subscribe(scope: { region: string; profile: string }, topics: readonly string[], listener: Listener): () => void {
      const sub: Subscription = { ...scope, topics: new Set(topics), listener };
      subscriptions.add(sub);
      return () => subscriptions.delete(sub);
    },
    /** Topics some stream is subscribed to now, per scope (what is on someone's screen). */
    watchedTopics(scope: { region: string; profile: string }): Set<string> {
      const out = new Set<string>();
      for (const sub of subscriptions)
        if (sub.region === scope.region && sub.profile === scope.profile)
          for (const topic of sub.topics) out.add(topic);
      return out;
    },
    stats: () => ({ streams: subscriptions.size, published }),
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
