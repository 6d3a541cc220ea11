import type { OperationName } from "@/lib/ivs/operations";
import type { RequestContext } from "../contract";
import { EmulatorError } from "../errors";
import type { FaultHook, FaultPhase } from "../server";
import type { Scope } from "../world/ids";
import { createRandom, type Random } from "../world/random";
import { scopeKey } from "./context";

/**
 * Injected faults for API requests, per account and region and per operation (or `*` for all). A fault may add
 * latency (real milliseconds), answer with an error (`errorType` + `status`), or reset the connection. It
 * applies before the handler runs (`phase: "before"`, the default) or after it ran (`"after"`: the change is
 * made but the client sees the fault, as when a response is lost). `probability` draws from a PRNG seeded
 * with the emulator's seed, so a run with the same seed and the same requests repeats; `count` limits how
 * often it fires (then it is removed).
 */

export interface FaultSpec {
  readonly operation: OperationName | "*";
  readonly errorType?: string;
  readonly status?: number;
  /** 0–1, default 1. */
  readonly probability?: number;
  /** Fire at most this many times (default: until cleared). */
  readonly count?: number;
  readonly latencyMs?: number;
  readonly connectionReset?: boolean;
  readonly phase?: FaultPhase;
}

export interface Fault extends FaultSpec {
  readonly id: number;
  readonly account: string;
  readonly region: string;
  /** Firings left (undefined: unlimited). */
  remaining?: number;
  fired: number;
}

export interface FaultInjector {
  add(scope: Scope, spec: FaultSpec): Fault;
  /** Removes the faults of one account and region (or all); returns how many were removed. */
  clear(scope?: Scope): number;
  list(scope: Scope): Fault[];
  /** The server's hook (`createEmulatorServer({ faults })`). */
  readonly hook: FaultHook;
}

/** Modeled IVS errors carry `exceptionMessage`; anything else (throttling, 5xx gateways…) carries `message`. */
const modeledErrors = new Set([
  "ValidationException",
  "AccessDeniedException",
  "PendingVerification",
  "ResourceNotFoundException",
  "ConflictException",
  "ServiceQuotaExceededException",
  "InternalServerException",
]);

function injectedError(fault: Fault, operation: string): EmulatorError {
  const errorType = fault.errorType ?? "InternalServerException";
  const status = fault.status ?? 500;
  return new EmulatorError(
    errorType,
    status,
    `Injected fault #${fault.id}: ${errorType} (${status}) on ${operation}.`,
    modeledErrors.has(errorType) ? "exceptionMessage" : "message",
    status === 429 ? { "Retry-After": "1" } : {},
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createFaultInjector(
  options: { readonly seed?: number | string; readonly random?: Random } = {},
): FaultInjector {
  const random = options.random ?? createRandom(`${options.seed ?? "faults"}/faults`);
  let faults: Fault[] = [];
  let nextId = 1;

  const applies = (fault: Fault, ctx: RequestContext, phase: FaultPhase) =>
    fault.account === ctx.account &&
    fault.region === ctx.region &&
    (fault.operation === "*" || fault.operation === ctx.operation) &&
    (fault.phase ?? "before") === phase &&
    fault.remaining !== 0;

  function fire(fault: Fault): boolean {
    const probability = fault.probability ?? 1;
    if (probability < 1 && random.next() >= probability) return false;
    fault.fired++;
    if (fault.remaining !== undefined) fault.remaining--;
    if (fault.remaining === 0) faults = faults.filter((other) => other !== fault);
    return true;
  }

  const hook: FaultHook = async (ctx, phase) => {
    for (const fault of faults.filter((candidate) => applies(candidate, ctx, phase))) {
      if (!fire(fault)) continue;
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.connectionReset) return "reset";
      if (fault.errorType !== undefined || fault.status !== undefined) throw injectedError(fault, ctx.operation);
    }
    return undefined;
  };

  return {
    add(scope, spec) {
      const fault: Fault = { ...spec, id: nextId++, account: scope.account, region: scope.region, fired: 0 };
      if (spec.count !== undefined) fault.remaining = spec.count;
      faults.push(fault);
      return fault;
    },
    clear(scope) {
      const before = faults.length;
      faults = scope === undefined ? [] : faults.filter((fault) => scopeKey(fault) !== scopeKey(scope));
      return before - faults.length;
    },
    list: (scope) => faults.filter((fault) => scopeKey(fault) === scopeKey(scope)),
    hook,
  };
}
