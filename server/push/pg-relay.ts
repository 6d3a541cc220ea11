import "server-only";
import pg from "pg";
import type { Envelope, Relay } from "./bus";

/**
 * The push bus between console instances over PostgreSQL LISTEN/NOTIFY: no server of its own to run. Each
 * instance keeps one dedicated connection that LISTENs on the channel (reconnecting with backoff when it
 * drops) and sends with `pg_notify` through its ordinary pool. Every instance receives every envelope, its own
 * included. A notification carries at most 8000 bytes: a change too large drops its participant ids (the tabs
 * then refetch the whole session), and watch announcements come in chunks.
 */
export const pushChannel = "console_push";
const maxPayload = 7900;
const backoffMs = [500, 1000, 2000, 5000, 10_000];

export interface PgRelayDeps {
  readonly url: string;
  /** Sends one notification (normally `SELECT pg_notify($1, $2)` on the console's pool). */
  readonly notify: (channel: string, payload: string) => Promise<void>;
  readonly receive: (envelope: Envelope) => void;
  /** The listening connection is back after a drop: messages may have been missed. */
  readonly reconnected: () => void;
  readonly log: (message: string) => void;
  readonly channel?: string;
}

/** The JSON of an envelope, made to fit one notification. */
export function payloadOf(envelope: Envelope): string | undefined {
  const text = JSON.stringify(envelope);
  if (text.length <= maxPayload) return text;
  if (envelope.t === "change" && envelope.m.change.kind === "session") {
    const { participantIds: _ids, ...change } = envelope.m.change;
    return JSON.stringify({ ...envelope, m: { ...envelope.m, change } });
  }
  return undefined;
}

export function createPgRelay(deps: PgRelayDeps) {
  const channel = deps.channel ?? pushChannel;
  let client: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let connectedOnce = false;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  function scheduleReconnect(): void {
    if (stopped || timer) return;
    const wait = backoffMs[Math.min(failures, backoffMs.length - 1)] ?? 10_000;
    failures++;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, wait);
    timer.unref?.();
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    const next = new pg.Client({ connectionString: deps.url, keepAlive: true });
    let dropped = false;
    const drop = (reason: string) => {
      if (dropped) return;
      dropped = true;
      if (client === next) client = undefined;
      next.removeAllListeners("notification");
      void next.end().catch(() => {});
      if (!stopped) {
        deps.log(`push relay: the LISTEN connection dropped (${reason}); reconnecting`);
        scheduleReconnect();
      }
    };
    next.on("error", (error) => drop(error.message));
    next.on("end", () => drop("connection ended"));
    next.on("notification", (notification) => {
      if (notification.channel !== channel || !notification.payload) return;
      try {
        deps.receive(JSON.parse(notification.payload) as Envelope);
      } catch {
        deps.log("push relay: an unreadable notification was ignored");
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      drop(error instanceof Error ? error.message : String(error));
      return;
    }
    if (stopped) {
      void next.end().catch(() => {});
      return;
    }
    client = next;
    failures = 0;
    if (connectedOnce) deps.reconnected();
    connectedOnce = true;
    resolveReady();
  }

  const relay: Relay & { ready: Promise<void>; stop(): Promise<void>; connected(): boolean } = {
    ready,
    send(envelope) {
      const payload = payloadOf(envelope);
      if (payload === undefined) return;
      deps.notify(channel, payload).catch((error: unknown) => {
        deps.log(`push relay: cannot notify (${error instanceof Error ? error.message : String(error)})`);
      });
    },
    connected: () => client !== undefined,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
  void connect();
  return relay;
}

export type PgRelay = ReturnType<typeof createPgRelay>;
