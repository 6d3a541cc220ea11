import type { z } from "zod";
import { formatValidationError } from "@/lib/ivs/validation-message";
import type { ManualClock } from "../clock";
import type { ClockMode, EmulatorCredential } from "../config";
import { conflict, EmulatorError, validation } from "../errors";
import { parseJsonBody } from "../http/body";
import type { ControlRouteContext, ControlRoutes } from "../server";
import { isoTime } from "../world/data";
import type { Scope } from "../world/ids";
import type { CompositionRecord } from "../world/store";
import { authenticateControl, controlRegion } from "./control-auth";
import * as schemas from "./control-schemas";
import type { FaultInjector } from "./faults";
import { SimRefusal, type ParticipantRef, type SimOutcome } from "./kit";
import type { Simulation } from "./simulation";

/**
 * The control API under `/_emulator/` (loopback only: the browser guard runs first). JSON in, JSON out; every
 * route needs `Authorization: Bearer <accessKeyId>:<secretAccessKey>`; the account is the credential's, the
 * region comes from the body's `region`, the `x-emulator-region` header or the `region` query parameter
 * (default us-east-1). Errors are AWS-shaped 4xx; refusals of a simulated connection add `reason`.
 * docs/emulator.md documents every route.
 */

export interface ControlApiOptions {
  readonly sim: Simulation;
  readonly faults: FaultInjector;
  readonly credentials: readonly EmulatorCredential[];
  readonly clockMode: ClockMode;
  readonly speed: number;
  /** The world clock when it is manual (`--clock manual`): enables `POST /_emulator/clock/advance`. */
  readonly manualClock?: ManualClock;
}

interface ControlCall {
  readonly scope: Scope;
  readonly params: readonly string[];
  readonly body: Record<string, unknown>;
  readonly ctx: ControlRouteContext;
}

interface Route {
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: RegExp;
  readonly run: (call: ControlCall) => unknown;
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw validation(formatValidationError(result.error));
  return result.data;
}

function outcomeView(outcome: SimOutcome) {
  const participant = outcome.participant;
  return {
    stageArn: participant.stageArn,
    sessionId: participant.sessionId,
    participantId: participant.data.participantId,
    state: participant.data.state,
    publishing: participant.publishing,
    published: participant.data.published,
    subscriptions: [...participant.subscriptions],
    recordingState: participant.data.recordingState,
    events: outcome.events,
    ...(outcome.token === undefined ? {} : { token: outcome.token }),
  };
}

const compositionView = (composition: CompositionRecord) => ({
  arn: composition.arn,
  state: composition.state,
  destinations: composition.destinations.map(({ id, state, startTime, endTime }) => ({
    id,
    state,
    startTime,
    endTime,
  })),
});

function participantRoute(options: ControlApiOptions, call: ControlCall) {
  const [participantId = "", action = ""] = call.params;
  if (!schemas.participantIdPattern.test(participantId))
    throw validation("participantId in the path must be 1-64 characters of [A-Za-z0-9_-]");
  const { sim } = options;
  const { scope, body } = call;
  const ref = (): ParticipantRef => ({ stageArn: parse(schemas.refBody, body).stageArn, participantId });
  const target = () => {
    const parsed = parse(schemas.targetBody, body);
    return { ref: { stageArn: parsed.stageArn, participantId }, target: parsed.targetParticipantId };
  };
  switch (action) {
    case "publish":
      return sim.publish(scope, ref());
    case "unpublish":
      return sim.unpublish(scope, ref());
    case "leave":
      return sim.leave(scope, ref());
    case "drop":
      return sim.drop(scope, ref());
    case "reconnect":
      return sim.reconnect(scope, ref());
    case "subscribe": {
      const t = target();
      return sim.subscribe(scope, t.ref, t.target);
    }
    case "unsubscribe": {
      const t = target();
      return sim.unsubscribe(scope, t.ref, t.target);
    }
    case "fail": {
      const { stageArn, ...failure } = parse(schemas.failBody, body);
      return sim.fail(scope, { stageArn, participantId }, failure);
    }
    default:
      throw validation(
        `Unknown participant action "${action.slice(0, 40)}": use publish, unpublish, subscribe, unsubscribe, fail, drop, reconnect or leave.`,
      );
  }
}

function clockView(options: ControlApiOptions, ctx: ControlRouteContext) {
  const now = ctx.clock.now();
  return {
    mode: options.clockMode,
    speed: options.clockMode === "manual" ? 0 : options.speed,
    now: isoTime(now),
    nowMs: now,
    wallTime: isoTime(ctx.wallClock.now()),
    pendingTimers: options.sim.pendingTimers(),
  };
}

function advance(options: ControlApiOptions, call: ControlCall) {
  const { ms } = parse(schemas.advanceBody, call.body);
  if (!options.manualClock)
    throw conflict("The clock is real time; start the emulator with --clock manual to advance it.");
  options.manualClock.advance(ms);
  return clockView(options, call.ctx);
}

function reset(options: ControlApiOptions, call: ControlCall) {
  const { all } = parse(schemas.resetBody, call.body);
  options.sim.reset(all ? undefined : call.scope);
  return all ? { reset: "all" } : { reset: call.scope };
}

function routes(options: ControlApiOptions): Route[] {
  const { sim, faults } = options;
  return [
    {
      method: "POST",
      path: /^\/participants\/join$/,
      run: (c) => outcomeView(sim.join(c.scope, parse(schemas.joinBody, c.body))),
    },
    {
      method: "POST",
      path: /^\/participants\/([^/]+)\/([^/]+)$/,
      run: (c) => outcomeView(participantRoute(options, c)),
    },
    {
      method: "POST",
      path: /^\/ingest\/publish$/,
      run: (c) => outcomeView(sim.ingestPublish(c.scope, parse(schemas.ingestPublishBody, c.body))),
    },
    {
      method: "POST",
      path: /^\/ingest\/stop$/,
      run: (c) => outcomeView(sim.ingestStop(c.scope, parse(schemas.ingestStopBody, c.body))),
    },
    { method: "GET", path: /^\/clock$/, run: (c) => clockView(options, c.ctx) },
    { method: "POST", path: /^\/clock\/advance$/, run: (c) => advance(options, c) },
    { method: "GET", path: /^\/faults$/, run: (c) => ({ faults: faults.list(c.scope) }) },
    {
      method: "POST",
      path: /^\/faults$/,
      run: (c) => ({ fault: faults.add(c.scope, parse(schemas.faultBody, c.body)) }),
    },
    { method: "DELETE", path: /^\/faults$/, run: (c) => ({ cleared: faults.clear(c.scope) }) },
    { method: "POST", path: /^\/reset$/, run: (c) => reset(options, c) },
    { method: "GET", path: /^\/state$/, run: (c) => sim.state(c.scope) },
    {
      method: "POST",
      path: /^\/compositions\/fail-destination$/,
      run: (c) => {
        const { compositionArn, destinationId, recover } = parse(schemas.failDestinationBody, c.body);
        return compositionView(
          sim.failDestination(c.scope, compositionArn, destinationId, { recover: recover ?? false }),
        );
      },
    },
    {
      method: "POST",
      path: /^\/compositions\/fail$/,
      run: (c) =>
        compositionView(sim.failComposition(c.scope, parse(schemas.failCompositionBody, c.body).compositionArn)),
    },
  ];
}

const methodNotAllowed = (method: string, subPath: string, allowed: readonly string[]) =>
  new EmulatorError(
    "MethodNotAllowedException",
    405,
    `${method} is not allowed on /_emulator${subPath}; use ${allowed.join(" or ")}.`,
    "message",
    {
      Allow: allowed.join(", "),
    },
  );

/** The `controlRoutes` hook of `createEmulatorServer`. */
export function createControlRoutes(options: ControlApiOptions): ControlRoutes {
  const table = routes(options);
  return async (req, _res, ctx) => {
    const method = req.method ?? "GET";
    const matching = table.filter((route) => route.path.test(ctx.subPath));
    if (matching.length === 0) return false;
    const route = matching.find((candidate) => candidate.method === method);
    if (!route)
      throw methodNotAllowed(
        method,
        ctx.subPath,
        matching.map((candidate) => candidate.method),
      );
    const credential = authenticateControl(req.headers.authorization, options.credentials);
    const json = method === "POST" ? parseJsonBody(await ctx.readBody()) : {};
    const { region: _region, ...body } = json;
    const scope = { account: credential.account, region: controlRegion(json, req.headers, ctx.query) };
    const params = route.path.exec(ctx.subPath)?.slice(1).map(decodeParam) ?? [];
    try {
      ctx.sendJson(200, await route.run({ scope, params, body, ctx }));
    } catch (error) {
      if (!(error instanceof SimRefusal)) throw error;
      ctx.sendJson(
        error.status,
        { exceptionMessage: error.message, reason: error.reason },
        { "x-amzn-ErrorType": error.code },
      );
    }
    return true;
  };
}

function decodeParam(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw validation("Malformed percent-encoding in the path.");
  }
}
