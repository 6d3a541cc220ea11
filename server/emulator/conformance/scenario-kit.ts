/**
 * The scenario model shared by both clients: a scenario prepares a fresh world (directly, through the world's
 * handlers and simulation hooks), makes one call through the client under test, and states the expected
 * outcome (a success with checks on the output, or an error code, HTTP status and message).
 */
import { expect } from "vitest";
import { z } from "zod";
import type { OperationName } from "@/lib/ivs/operations";
import { manualClock, type ManualClock } from "@/server/emulator/clock";
import type { World } from "@/server/emulator/world/store";
import type { CallOptions, ClientKind, ClientUnderTest, Outcome, Output } from "./clients";
import { builders, type Builders } from "./harness";

/** Virtual time of every scenario world (manual: timestamps in responses are exact). */
export const WORLD_START = Date.parse("2026-03-01T09:00:00.000Z");

export interface Fixture extends Builders {
  readonly world: World;
  /** The world's clock (not the server's): advance it to space out timestamps. */
  readonly clock: ManualClock;
  /** The client under test, for calls a scenario needs before its own (they must go over HTTP). */
  readonly client: ClientUnderTest;
  /** The server's clock (SigV4 window, rate limiter). */
  readonly serverClock: ManualClock;
  /** Run `fn` after the scenario, whatever its outcome. */
  defer(fn: () => void): void;
}

export interface Tools {
  readonly f: Fixture;
  readonly client: ClientUnderTest;
  /** A timestamp as this client returns it (`Date` for the SDK, ISO string for ours); exact when `ms` is given. */
  time(ms?: number): unknown;
  /** A follow-up call through the client under test. */
  call(name: OperationName, input: object, options?: CallOptions): Promise<Outcome>;
  /** A follow-up call that must succeed; returns its output. */
  ok(name: OperationName, input: object, options?: CallOptions): Promise<Output>;
}

export interface KnownIssue {
  readonly client: ClientKind;
  readonly reason: string;
  readonly expect: ErrorExpectation;
}

export interface ErrorExpectation {
  readonly error: string;
  readonly status: number;
  readonly message: string | RegExp;
  readonly attempts?: number;
}

/** An expected refusal: the AWS error code with its documented HTTP status, and the message. */
const refusal =
  (error: string, status: number) =>
  (message: string | RegExp): ErrorExpectation => ({ error, status, message });

export const refused = {
  validation: refusal("ValidationException", 400),
  quota: refusal("ServiceQuotaExceededException", 402),
  notFound: refusal("ResourceNotFoundException", 404),
  conflict: refusal("ConflictException", 409),
};

export interface SuccessExpectation<C> {
  readonly ok: true;
  readonly attempts?: number;
  readonly check?: (output: Output, c: C, t: Tools) => void | Promise<void>;
}

export interface ScenarioSpec<C> {
  readonly name: string;
  readonly op: OperationName;
  /** `throttled`: the emulator with API rate quotas on (default: `main`, rate quotas off). */
  readonly server?: "main" | "throttled";
  /** Run with one client only (e.g. a signing name only the SDK can be configured with). */
  readonly only?: ClientKind;
  readonly options?: CallOptions;
  /**
   * A client bug outside the emulator, asserted as it behaves today (so the scenario fails, and gets
   * updated, once the bug is fixed).
   */
  readonly knownIssue?: KnownIssue;
  readonly setup?: (f: Fixture) => C | Promise<C>;
  readonly input: (c: C, f: Fixture) => object;
  readonly expect: ErrorExpectation | SuccessExpectation<C> | ((c: C) => ErrorExpectation);
}

/** A scenario with its setup result closed over (the table holds scenarios of different `C`). */
export interface Scenario {
  readonly name: string;
  readonly op: OperationName;
  readonly server: "main" | "throttled";
  readonly only?: ClientKind;
  readonly options?: CallOptions;
  readonly knownIssue?: KnownIssue;
  prepare(f: Fixture): Promise<PreparedScenario>;
}

export type PreparedScenario =
  | { readonly input: object; readonly expect: ErrorExpectation }
  | {
      readonly input: object;
      readonly expect: {
        readonly ok: true;
        readonly attempts?: number;
        check?(output: Output, t: Tools): void | Promise<void>;
      };
    };

export function scenario<C = undefined>(spec: ScenarioSpec<C>): Scenario {
  return {
    name: spec.name,
    op: spec.op,
    server: spec.server ?? "main",
    ...(spec.only === undefined ? {} : { only: spec.only }),
    ...(spec.options === undefined ? {} : { options: spec.options }),
    ...(spec.knownIssue === undefined ? {} : { knownIssue: spec.knownIssue }),
    async prepare(f) {
      const c = (spec.setup ? await spec.setup(f) : undefined) as C;
      const input = spec.input(c, f);
      const expectation = typeof spec.expect === "function" ? spec.expect(c) : spec.expect;
      if ("error" in expectation) return { input, expect: expectation };
      const check = expectation.check;
      return {
        input,
        expect: {
          ok: true,
          ...(expectation.attempts === undefined ? {} : { attempts: expectation.attempts }),
          ...(check ? { check: (output: Output, t: Tools) => check(output, c, t) } : {}),
        },
      };
    },
  };
}

export function createFixture(
  world: World,
  worldClock: ManualClock,
  serverClock: ManualClock,
  client: ClientUnderTest,
) {
  const cleanups: Array<() => void> = [];
  const fixture: Fixture = {
    ...builders(world),
    world,
    clock: worldClock,
    serverClock,
    client,
    defer: (fn) => cleanups.push(fn),
  };
  return { fixture, cleanup: () => cleanups.splice(0).forEach((fn) => fn()) };
}

export function newWorldClock(): ManualClock {
  return manualClock(WORLD_START);
}

export function toolsFor(f: Fixture, client: ClientUnderTest): Tools {
  return {
    f,
    client,
    time: (ms) => client.time(ms),
    call: (name, input, options) => client.call(name, input, options),
    async ok(name, input, options) {
      const outcome = await client.call(name, input, options);
      if (!outcome.ok) throw new Error(`${name} failed: ${outcome.code} ${outcome.status} ${outcome.message}`);
      return outcome.output;
    },
  };
}

// ---- reading outputs ---------------------------------------------------------------------------------------

/** The value at `path` inside an output (undefined when any step is missing). */
export function get(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The string at `path` (the test fails if it is not a string). */
export function text(value: unknown, ...path: Array<string | number>): string {
  return z.string().parse(get(value, ...path));
}

export function list(value: unknown, ...path: Array<string | number>): unknown[] {
  return z.array(z.unknown()).parse(get(value, ...path));
}

/** Expects the outcome of a follow-up call to be this error. */
export function expectError(outcome: Outcome, code: string, status: number): void {
  expect(outcome.ok ? "ok" : `${outcome.code} ${outcome.status}`).toBe(`${code} ${status}`);
}
