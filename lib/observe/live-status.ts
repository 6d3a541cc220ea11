import { createStore } from "zustand/vanilla";

/**
 * How this tab receives changes: `push` while its Server-Sent Events stream is open, `polling` while it is
 * down (the browser then polls at the live interval and reconnects with backoff), `connecting` before the first
 * answer, `off` once the server said the session ended. A vanilla zustand store, so that query options in lib/
 * can read it without React; components subscribe with `useStore`.
 */
export type LiveMode = "connecting" | "push" | "polling" | "off";

export interface LiveStatus {
  readonly mode: LiveMode;
  /** When the stream last delivered something (message, heartbeat or ready). */
  readonly lastMessageAt?: number;
  /** Reconnect attempts since the stream was last open. */
  readonly retries: number;
  /** Topics on screen, with how many mounted views asked for each. */
  readonly topics: Readonly<Record<string, number>>;
  setMode(mode: LiveMode, retries?: number): void;
  touched(at: number): void;
  addTopic(topic: string): void;
  removeTopic(topic: string): void;
}

export const liveStatus = createStore<LiveStatus>()((set) => ({
  mode: "connecting",
  retries: 0,
  topics: {},
  setMode: (mode, retries) => set((state) => ({ mode, retries: retries ?? state.retries })),
  touched: (at) => set({ lastMessageAt: at }),
  addTopic: (topic) => set((state) => ({ topics: { ...state.topics, [topic]: (state.topics[topic] ?? 0) + 1 } })),
  removeTopic: (topic) =>
    set((state) => {
      const count = (state.topics[topic] ?? 0) - 1;
      const topics = { ...state.topics };
      if (count > 0) topics[topic] = count;
      else delete topics[topic];
      return { topics };
    }),
}));

/** While push works, polls only reconcile (EventBridge and the collector can miss things): every 30 s. */
export const reconcilePollMs = 30_000;

/**
 * A poll interval that backs off to reconciliation while the push stream is open, for reads whose changes are
 * pushed (`pushed`: see `isPushed` in live.ts); any other read keeps its interval.
 */
export function livePollInterval(pollMs: number | false, pushed = true): number | false {
  if (pollMs === false || !pushed) return pollMs;
  return liveStatus.getState().mode === "push" ? Math.max(pollMs, reconcilePollMs) : pollMs;
}
