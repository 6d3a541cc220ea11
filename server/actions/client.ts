import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Permission } from "@/lib/auth/roles";
import { contextFrom, type ConsoleContext } from "@/lib/context";
import { operations, type InputOf, type OperationName, type OutputOf } from "@/lib/ivs/operations";
import { redactSecrets, revealSecret } from "@/lib/ivs/redact";
import type { ActionResult, ErrorInfo, Result } from "@/lib/result";
import { validationError } from "@/lib/validation-error";
import { audit, type AuditEvent } from "@/server/auth/audit";
import { auditTarget } from "@/server/auth/audit-target";
import { authorize, clientIp } from "@/server/auth/request";
import type { SessionUser } from "@/server/auth/sessions";
import { defaultIvsRegion } from "@/server/ivs/config";
import { toUserFacingError } from "@/server/ivs/errors";
import { transport } from "@/server/ivs/transport";
import { upstream } from "@/server/ivs/upstream";

/**
 * The one action client: every server action in app/actions is defined through it (and nothing else writes an
 * action frame). One call does, in order: sign-in and role (`lib/auth/roles.ts`), validation with the action's zod
 * schema (field-level messages keyed by dotted path), the action's body, one audit record per attempt (success /
 * failure / denied / invalid; signed-out calls have no "who" and are not recorded), and the answer as a `Result`
 * whose data passed the secrets mask. Nothing is ever thrown to the browser: a refused or invalid call executes
 * nothing, and any error — IVS, database or bug — becomes an `ErrorInfo` (`toUserFacingError`, the one place).
 */

/** A failure the action's body reports on purpose (conflict, not found, …), as the user should read it. */
export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Readonly<Record<string, readonly string[]>>,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

export interface ActionContext {
  readonly user: SessionUser;
  /** The region/profile the browser sent, re-validated (actions defined with `defineRegionAction`). */
  readonly region: ConsoleContext;
  /** Records the IVS request id of the call in the audit trail. */
  readonly onRequestId: (id: string | undefined) => void;
  /** Refines the audit record of this attempt: the operation it turned out to be, the resource it acted on. */
  readonly note: (detail: { readonly operation?: string; readonly target?: string }) => void;
}

export interface ActionSpec<S extends z.ZodType, T> {
  /** The audit trail's name of the act; a function of the raw input when one action does two (create or update). */
  readonly operation: string | ((rawInput: unknown) => string);
  /** Who may (minimum role in `lib/auth/roles.ts`). */
  readonly permission: Permission;
  readonly input: S;
  readonly kind?: "mutation" | "reveal" | "user";
  /**
   * The answer hands a secret to the user who asked for it (a minted token, a revealed stream key), so it skips
   * the mask. Every other answer passes `redactSecrets`.
   */
  readonly reveals?: boolean;
  /** What the audit trail keeps of the input (default: all of it; the trail masks tokens and keys itself). */
  readonly auditInput?: (input: unknown) => unknown;
  /** The resource the attempt names, for the audit trail (raw input when refused or invalid). */
  readonly target?: (input: unknown, output?: T) => string | undefined | Promise<string | undefined>;
  readonly handler: (input: z.output<S>, context: ActionContext) => T | Promise<T>;
  /** After the body ran, whatever its outcome (cache invalidation, notifying the alert engine). */
  readonly after?: (result: Result<T>, context: ConsoleContext) => void;
}

/** The context a browser sent, re-validated on the server (never trusted as is). */
export function serverContext(raw: unknown): ConsoleContext {
  const value = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const params: Record<string, string | undefined> = {
    region: typeof value.region === "string" ? value.region : undefined,
    profile: typeof value.profile === "string" ? value.profile : undefined,
  };
  return contextFrom(params, defaultIvsRegion());
}

/** The client address of the current request, for the audit trail. */
export async function requestIp(): Promise<string | undefined> {
  try {
    return clientIp(await headers());
  } catch {
    return undefined; // outside a request (tests, scripts)
  }
}

function failureOf(error: unknown, requestId: string | undefined): ErrorInfo {
  if (error instanceof ActionError)
    return {
      code: error.code,
      message: error.message,
      retryable: false,
      ...(error.fields ? { fields: error.fields } : {}),
    };
  unstable_rethrow(error); // Next's redirect / not-found signals are not failures
  const failure = toUserFacingError(error);
  if (failure.code === "InternalError")
    console.error("server action failed:", error instanceof Error ? `${error.name}: ${error.message}` : error);
  return { ...failure, ...(failure.requestId || !requestId ? {} : { requestId }) };
}

async function run<S extends z.ZodType, T>(
  spec: ActionSpec<S, T>,
  rawContext: unknown,
  rawInput: unknown,
): Promise<ActionResult<T>> {
  const region = serverContext(rawContext);
  const recordInput = spec.auditInput ?? ((input: unknown) => input);
  const targetOf = async (input: unknown, output?: T) => (spec.target ? await spec.target(input, output) : undefined);
  try {
    const access = await authorize(spec.permission);
    const base: AuditEvent = {
      actor: access.user,
      kind: spec.kind ?? "mutation",
      operation: typeof spec.operation === "string" ? spec.operation : spec.operation(rawInput),
      ...(rawContext === undefined ? {} : { region: region.region }),
      input: recordInput(rawInput),
      ip: await requestIp(),
      outcome: "denied",
    };
    if (!access.ok) {
      if (access.user)
        await audit({ ...base, target: await targetOf(rawInput), outcome: "denied", errorCode: access.error.code });
      return { ok: false, error: access.error };
    }
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      await audit({ ...base, target: await targetOf(rawInput), outcome: "invalid", errorCode: "ValidationException" });
      return { ok: false, error: validationError(parsed.error) };
    }
    let requestId: string | undefined;
    let noted: { operation?: string; target?: string } = {};
    const context: ActionContext = {
      user: access.user,
      region,
      onRequestId: (id) => (requestId = id),
      note: (detail) => (noted = { ...noted, ...detail }),
    };
    const recorded = { ...base, input: recordInput(parsed.data) };
    let result: Result<T>;
    try {
      const data = await spec.handler(parsed.data, context);
      result = { ok: true, data };
      await audit({
        ...recorded,
        operation: noted.operation ?? recorded.operation,
        target: noted.target ?? (await targetOf(parsed.data, data)),
        outcome: "success",
        requestId,
      });
    } catch (error) {
      const failure = failureOf(error, requestId);
      result = { ok: false, error: failure };
      await audit({
        ...recorded,
        operation: noted.operation ?? recorded.operation,
        target: noted.target ?? (await targetOf(parsed.data)),
        outcome: "failure",
        errorCode: failure.code,
        requestId: failure.requestId ?? requestId,
      });
    }
    spec.after?.(result, region);
    if (!result.ok) return result;
    return { ok: true, data: spec.reveals ? revealSecret(result.data) : redactSecrets(result.data) };
  } catch (error) {
    return { ok: false, error: failureOf(error, undefined) };
  }
}

/** An action of the console itself (users, presets, alerts): `(input) => Promise<ActionResult<T>>`. */
export function defineAction<S extends z.ZodType, T>(spec: ActionSpec<S, T>) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => run(spec, undefined, input);
}

/** An action on one region/profile of IVS: `(context, input) => Promise<ActionResult<T>>`. */
export function defineRegionAction<S extends z.ZodType, T>(spec: ActionSpec<S, T>) {
  return async (context: ConsoleContext, input: z.input<S>): Promise<ActionResult<T>> => run(spec, context, input);
}

export type MutatingOperationName = Exclude<OperationName, `Get${string}` | `List${string}`>;

/**
 * One IVS mutation as an action: the operation's own role, its shared input shape, the call through the one
 * transport, the audit target from input or answer, and the region's cached reads forgotten afterwards.
 */
export function ivsAction<N extends MutatingOperationName>(name: N, options: { readonly reveals?: boolean } = {}) {
  const input = operations[name].input as unknown as z.ZodType<InputOf<N>, InputOf<N>>;
  return defineRegionAction<typeof input, OutputOf<N>>({
    operation: name,
    permission: name,
    input,
    ...options,
    target: auditTarget,
    handler: (parsed, { region, onRequestId }) => transport().call(name, parsed, { ...region, onRequestId }),
    after: (_result, region) => upstream().invalidate(region),
  });
}
