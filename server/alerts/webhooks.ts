import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { jsonPayload, slackPayload, type AlertTransition, type AlertView } from "@/lib/alerts/present";
import type { AlertsStore, StoredWebhook } from "./store";
import { webhookTargetProblem } from "./webhook-policy";

/**
 * Webhook delivery: each alert transition is POSTed to every enabled webhook, signed, in the background. The
 * evaluator only enqueues (synchronous, no I/O), so a slow or failing endpoint never delays evaluation. Each
 * attempt is written to the delivery log; failures are retried with exponential backoff.
 *
 * Signature: `X-ControlRoom-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with the Unix
 * time in seconds in `X-ControlRoom-Timestamp` (a receiver rejects stale timestamps to stop replays).
 */
export const signatureHeader = "x-controlroom-signature";
export const timestampHeader = "x-controlroom-timestamp";

export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export interface DeliverySettings {
  /** Waits before attempts 2, 3, … (ms); the number of attempts is this length + 1. */
  readonly backoffMs: readonly number[];
  readonly timeoutMs: number;
  /** Attempts in flight at most; beyond it, new deliveries wait in the queue. */
  readonly concurrency: number;
  /** Queue bound: the oldest waiting deliveries are dropped (and logged) beyond it. */
  readonly maxQueued: number;
}

export const defaultDeliverySettings: DeliverySettings = {
  backoffMs: [1000, 2000, 4000, 8000],
  timeoutMs: 5000,
  concurrency: 4,
  maxQueued: 1000,
};

type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: "manual" },
) => Promise<{ status: number }>;

export interface DeliveryDeps {
  /** The alerts store (asynchronous; tests may answer synchronously). */
  readonly store: {
    readonly webhooksForDelivery: () => Promise<readonly StoredWebhook[]> | readonly StoredWebhook[];
    readonly recordDelivery: (entry: Parameters<AlertsStore["recordDelivery"]>[0]) => Promise<void> | void;
  };
  readonly fetch?: Fetch;
  readonly now?: () => number;
  readonly baseUrl: string;
  readonly settings?: Partial<DeliverySettings>;
  /** Schedules a retry (tests use a fake). */
  readonly later?: (ms: number, run: () => void) => void;
  /** Why the URL may not be reached now (its host resolved again at every attempt), or undefined. */
  readonly checkTarget?: (url: string) => Promise<string | undefined>;
}

interface Job {
  readonly hook: StoredWebhook;
  readonly alert: AlertView;
  readonly transition: AlertTransition;
  readonly body: string;
  readonly id: string;
  attempt: number;
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

export function createDelivery(deps: DeliveryDeps) {
  const settings = { ...defaultDeliverySettings, ...deps.settings };
  const now = deps.now ?? Date.now;
  const doFetch: Fetch = deps.fetch ?? ((url, init) => fetch(url, init));
  const later = deps.later ?? ((ms, run) => setTimeout(run, ms).unref?.());
  const checkTarget = deps.checkTarget ?? ((url: string) => webhookTargetProblem(url));
  const queue: Job[] = [];
  let active = 0;
  let settled = 0;

  function pump(): void {
    while (active < settings.concurrency && queue.length > 0) {
      const job = queue.shift();
      if (!job) return;
      active++;
      void attempt(job).finally(() => {
        active--;
        pump();
      });
    }
  }

  /** The delivery log is written in the background; a database failure is reported, never thrown at the queue. */
  function storeFailed(error: unknown): void {
    console.error("alerts: webhook store:", error instanceof Error ? error.message : error);
  }
  function record(entry: Parameters<AlertsStore["recordDelivery"]>[0]): void {
    void Promise.resolve(deps.store.recordDelivery(entry)).catch(storeFailed);
  }

  function push(job: Job): void {
    queue.push(job);
    while (queue.length > settings.maxQueued) {
      const dropped = queue.shift();
      if (dropped)
        record({
          webhookId: dropped.hook.id,
          alertId: dropped.alert.id,
          transition: dropped.transition,
          attempt: dropped.attempt,
          outcome: "failed",
          error: "Dropped: too many deliveries waiting",
          durationMs: 0,
        });
    }
    pump();
  }

  async function attempt(job: Job): Promise<void> {
    const started = now();
    const timestamp = Math.floor(now() / 1000);
    let status: number | undefined;
    let error: string | undefined;
    let refused = false;
    try {
      // The address policy again, on what the name resolves to now (webhook-policy.ts); a refusal is final.
      const refusal = await checkTarget(job.hook.url);
      if (refusal !== undefined) {
        refused = true;
        throw new Error(`Refused: ${refusal}`);
      }
      const response = await doFetch(job.hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "ivs-control-room-alerts/1",
          [timestampHeader]: String(timestamp),
          [signatureHeader]: signBody(job.hook.secret, timestamp, job.body),
          "x-controlroom-delivery": job.id,
        },
        body: job.body,
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: "manual",
      });
      status = response.status;
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (caught) {
      error =
        caught instanceof Error
          ? caught.name === "TimeoutError"
            ? `No answer within ${settings.timeoutMs} ms`
            : caught.message
          : String(caught);
    }
    const durationMs = now() - started;
    const ok = error === undefined;
    const more =
      !ok && !refused && job.attempt <= settings.backoffMs.length && (status === undefined || retryable(status));
    record({
      webhookId: job.hook.id,
      alertId: job.alert.id,
      transition: job.transition,
      attempt: job.attempt,
      outcome: ok ? "delivered" : more ? "retrying" : "failed",
      httpStatus: status,
      error,
      durationMs,
    });
    if (more) {
      const wait = settings.backoffMs[job.attempt - 1] ?? 1000;
      job.attempt += 1;
      later(wait, () => push(job));
    } else settled++;
  }

  return {
    /** Queues the transition for every enabled webhook and returns at once. */
    enqueue(alert: AlertView, transition: AlertTransition): void {
      void Promise.resolve(deps.store.webhooksForDelivery()).then((hooks) => {
        for (const hook of hooks) {
          const body = JSON.stringify(
            hook.format === "slack"
              ? slackPayload(alert, transition, deps.baseUrl)
              : jsonPayload(alert, transition, deps.baseUrl, now()),
          );
          push({ hook, alert, transition, body, id: randomUUID(), attempt: 1 });
        }
      }, storeFailed);
    },
    stats: () => ({ queued: queue.length, active, settled }),
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
