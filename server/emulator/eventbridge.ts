/**
 * EventBridge emission: the world's IVS Real-Time events, delivered to one loopback URL the way an EventBridge
 * rule with an API destination would deliver them (one POST per event, the API key in `x-api-key`), with
 * best-effort delivery that the control API can make worse on purpose:
 *   GET  /_emulator/eventbridge            target, delivery settings and counters
 *   POST /_emulator/eventbridge/delivery   { drop?, duplicate?, delayMs?: [min, max], reorder? }  (all optional)
 *
 * It watches the world rather than hooking into it: every 100 ms (real time) it reads the events appended since
 * the last look and compares composition, destination and recording states with what it saw, so no world code
 * has to know about it. The first look only records where things stand: the demo world's history is not sent.
 *
 * Detail types and event names follow shared/ivs-realtime-api.md §7. Where AWS documents no field or name
 * (replication and token-exchange event names, a publish error's code, a composition destination's id), the
 * choices are in docs/emulator.md "EventBridge events".
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { formatValidationError } from "@/lib/ivs/validation-message";
import type { EmulatorCredential } from "./config";
import { EmulatorError, validation } from "./errors";
import { parseJsonBody } from "./http/body";
import type { Logger } from "./http/logger";
import type { ControlRoutes } from "./server";
import { authenticateControl } from "./sim/control-auth";
import { participantKey, type RegionStore, type World } from "./world/store";

export interface EventBridgeEvent {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type":
    "IVS Stage Update" | "IVS Composition State Change" | "IVS Participant Recording State Change";
  readonly source: "aws.ivs";
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface DeliverySettings {
  /** Probability (0–1) that an event is never delivered. */
  readonly drop: number;
  /** Probability (0–1) that an event is delivered twice. */
  readonly duplicate: number;
  /** Each delivery waits a uniform random time in this range (real milliseconds). */
  readonly delayMs: readonly [number, number];
  /** Deliver each look's events in a shuffled order. */
  readonly reorder: boolean;
}

export const reliableDelivery: DeliverySettings = { drop: 0, duplicate: 0, delayMs: [0, 0], reorder: false };

const deliveryBody = z
  .object({
    drop: z.number().min(0).max(1).optional(),
    duplicate: z.number().min(0).max(1).optional(),
    delayMs: z.tuple([z.number().int().min(0).max(3_600_000), z.number().int().min(0).max(3_600_000)]).optional(),
    reorder: z.boolean().optional(),
  })
  .strict()
  .refine((body) => !body.delayMs || body.delayMs[0] <= body.delayMs[1], "delayMs must be [min, max] with min ≤ max");

const stageEventNames: Readonly<Record<string, string>> = {
  PUBLISH_STARTED: "Participant Published",
  PUBLISH_STOPPED: "Participant Unpublished",
  PUBLISH_ERROR: "Participant Publish Error",
  REPLICATION_STARTED: "Participant Replication Started",
  REPLICATION_STOPPED: "Participant Replication Stopped",
  TOKEN_EXCHANGED: "Token Exchanged",
};

const compositionEventNames: Readonly<Record<string, string>> = {
  ACTIVE: "Session Start",
  STOPPED: "Session End",
  FAILED: "Session Failure",
};
const destinationEventNames: Readonly<Record<string, string>> = {
  ACTIVE: "Destination Start",
  STOPPED: "Destination End",
  FAILED: "Destination Failure",
  RECONNECTING: "Destination Reconnecting",
};

const eventTime = (iso: string) => iso.replace(/\.\d+Z$/, "Z");

export interface EventBridgeOptions {
  readonly world: World;
  readonly target: string;
  readonly apiKey: string;
  readonly credentials: readonly EmulatorCredential[];
  readonly logger?: Logger;
  /** Random draws for drop/duplicate/delay/reorder (seeded in tests). */
  readonly random?: () => number;
  /** Sends one event (default: POST with fetch). Resolves with the HTTP status. */
  readonly send?: (body: string) => Promise<number>;
}

/** Turns changes of one region's world into EventBridge events (pure over its `seen` state). */
export function createWorldWatcher() {
  const eventIndex = new Map<string, number>();
  const compositionStates = new Map<string, string>();
  const destinationStates = new Map<string, string>();
  const recordingStates = new Map<string, string>();
  let primed = false;

  function look(stores: readonly RegionStore[], now: string): EventBridgeEvent[] {
    const out: EventBridgeEvent[] = [];
    const emit = (
      store: RegionStore,
      detailType: EventBridgeEvent["detail-type"],
      resources: string[],
      detail: Record<string, unknown>,
      time = now,
    ) => {
      if (!primed) return;
      out.push({
        version: "0",
        id: randomUUID(),
        "detail-type": detailType,
        source: "aws.ivs",
        account: store.scope.account,
        time: eventTime(time),
        region: store.scope.region,
        resources,
        detail,
      });
    };
    for (const store of stores) {
      const prefix = `${store.scope.account}/${store.scope.region}/`;
      for (const [sessionId, events] of store.events) {
        const key = prefix + sessionId;
        const from = eventIndex.get(key) ?? 0;
        for (let i = from; i < events.length; i++) {
          const record = events[i];
          const name = record ? stageEventNames[record.data.name ?? ""] : undefined;
          if (!record || !name) continue;
          const participant = store.participants.get(participantKey(sessionId, record.participantId));
          const time = record.data.eventTime ?? now;
          emit(
            store,
            "IVS Stage Update",
            [record.stageArn],
            {
              session_id: sessionId,
              event_name: name,
              event_time: eventTime(time),
              user_id: participant?.data.userId ?? "",
              participant_id: record.participantId,
              ...(record.data.errorCode ? { error_code: record.data.errorCode } : {}),
              ...(record.data.destinationStageArn ? { destination_stage_arn: record.data.destinationStageArn } : {}),
              ...(record.data.destinationSessionId ? { destination_session_id: record.data.destinationSessionId } : {}),
            },
            time,
          );
        }
        eventIndex.set(key, events.length);
      }
      for (const composition of store.compositions.values()) {
        const key = prefix + composition.arn;
        const before = compositionStates.get(key);
        if (before !== composition.state) {
          compositionStates.set(key, composition.state);
          const name = compositionEventNames[composition.state];
          if (name)
            emit(store, "IVS Composition State Change", [composition.arn], {
              event_name: name,
              stage_arn: composition.stageArn,
            });
        }
        for (const destination of composition.destinations) {
          const dkey = `${key}/${destination.id}`;
          const was = destinationStates.get(dkey);
          if (was === destination.state) continue;
          destinationStates.set(dkey, destination.state);
          const name = destinationEventNames[destination.state];
          if (name) {
            emit(store, "IVS Composition State Change", [composition.arn], {
              event_name: name,
              stage_arn: composition.stageArn,
              destination_id: destination.id,
            });
          }
        }
      }
      for (const participant of store.participants.values()) {
        const id = participant.data.participantId ?? "";
        const key = `${prefix}${participant.sessionId}/${id}`;
        const state = participant.data.recordingState ?? "DISABLED";
        const was = recordingStates.get(key);
        if (was === state) continue;
        recordingStates.set(key, state);
        const name =
          state === "ACTIVE"
            ? "Recording Start"
            : state === "STOPPED"
              ? "Recording End"
              : state === "FAILED"
                ? was === "STARTING"
                  ? "Recording Start Failure"
                  : "Recording End Failure"
                : undefined;
        if (!name) continue;
        emit(store, "IVS Participant Recording State Change", [participant.stageArn], {
          session_id: participant.sessionId,
          event_name: name,
          participant_id: id,
          ...(participant.data.recordingS3BucketName
            ? { recording_s3_bucket_name: participant.data.recordingS3BucketName }
            : {}),
          ...(participant.data.recordingS3Prefix
            ? { recording_s3_key_prefix: participant.data.recordingS3Prefix }
            : {}),
        });
      }
    }
    primed = true;
    return out;
  }
  return { look };
}

export function createEventBridgeEmitter(options: EventBridgeOptions) {
  const random = options.random ?? Math.random;
  const watcher = createWorldWatcher();
  let delivery: DeliverySettings = reliableDelivery;
  const counters = { emitted: 0, delivered: 0, dropped: 0, duplicated: 0, failed: 0 };
  let timer: ReturnType<typeof setInterval> | undefined;
  const pending = new Set<ReturnType<typeof setTimeout>>();
  let unreachable = false;

  const send =
    options.send ??
    (async (body: string) => {
      const response = await fetch(options.target, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": options.apiKey },
        body,
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    });

  async function deliver(event: EventBridgeEvent): Promise<void> {
    const body = JSON.stringify(event);
    // EventBridge retries a failing target; so does this, three times with backoff, then gives up.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const status = await send(body);
        if (status < 500 && status !== 429) {
          if (status < 300) {
            counters.delivered++;
            if (unreachable) options.logger?.info(`eventbridge: ${options.target} takes events again`);
            unreachable = false;
          } else counters.failed++;
          return;
        }
      } catch {
        // target down: retried below
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
    counters.failed++;
    // Once per outage (e.g. while `npm start` still builds the console), not once per event.
    if (!unreachable)
      options.logger?.warn(`eventbridge: ${options.target} does not take events; they are dropped until it does`);
    unreachable = true;
  }

  function schedule(event: EventBridgeEvent): void {
    const [min, max] = delivery.delayMs;
    const wait = min + random() * (max - min);
    if (wait <= 0) {
      void deliver(event);
      return;
    }
    const handle = setTimeout(() => {
      pending.delete(handle);
      void deliver(event);
    }, wait);
    handle.unref?.();
    pending.add(handle);
  }

  function tick(): void {
    const events = watcher.look(options.world.regions(), new Date(options.world.clock.now()).toISOString());
    const batch = delivery.reorder ? [...events].sort(() => random() - 0.5) : events;
    for (const event of batch) {
      counters.emitted++;
      if (random() < delivery.drop) {
        counters.dropped++;
        continue;
      }
      schedule(event);
      if (random() < delivery.duplicate) {
        counters.duplicated++;
        schedule(event);
      }
    }
  }

  const routes: ControlRoutes = async (req, _res, ctx) => {
    if (ctx.subPath !== "/eventbridge" && ctx.subPath !== "/eventbridge/delivery") return false;
    const method = req.method ?? "GET";
    const allowed = ctx.subPath === "/eventbridge" ? "GET" : "POST";
    if (method !== allowed) {
      throw new EmulatorError(
        "MethodNotAllowedException",
        405,
        `${method} is not allowed on /_emulator${ctx.subPath}; use ${allowed}.`,
        "message",
        { Allow: allowed },
      );
    }
    authenticateControl(req.headers.authorization, options.credentials);
    if (method === "POST") {
      const parsed = deliveryBody.safeParse(parseJsonBody(await ctx.readBody()));
      if (!parsed.success) throw validation(formatValidationError(parsed.error));
      delivery = {
        drop: parsed.data.drop ?? delivery.drop,
        duplicate: parsed.data.duplicate ?? delivery.duplicate,
        delayMs: parsed.data.delayMs ?? delivery.delayMs,
        reorder: parsed.data.reorder ?? delivery.reorder,
      };
    }
    ctx.sendJson(200, { target: options.target, delivery, counters: { ...counters, inFlight: pending.size } });
    return true;
  };

  return {
    start(): void {
      tick();
      timer ??= setInterval(tick, 100);
      timer.unref?.();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const handle of pending) clearTimeout(handle);
      pending.clear();
    },
    tick,
    routes,
    counters: () => ({ ...counters }),
  };
}

export type EventBridgeEmitter = ReturnType<typeof createEventBridgeEmitter>;
