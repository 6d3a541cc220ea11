import { generateKeyPairSync } from "node:crypto";
import { expect } from "vitest";
import type { z } from "zod";
import { operations, type OperationName } from "@/lib/ivs/operations";
import { manualClock } from "../clock";
import type { HandlerInput, HandlerOutput } from "../contract";
import { EmulatorError } from "../errors";
import { createWorldFromDeps, handlersFor } from "./handlers";
import type { Scope } from "./ids";

/** Test helpers: call handlers directly (no HTTP) with inputs validated and outputs checked by lib/ivs schemas. */

export const ACCOUNT = "123456789012";
export const REGION = "us-west-2";
export const START_MS = Date.parse("2026-01-01T00:00:00.000Z");

export type RequestOf<N extends OperationName> = z.input<(typeof operations)[N]["input"]>;

export function setup(options: { quotas?: "realistic" | "off"; seed?: number } = {}) {
  const clock = manualClock(START_MS);
  const world = createWorldFromDeps({
    clock,
    config: { seed: options.seed ?? 42, quotas: options.quotas ?? "realistic" },
  });
  const handlers = handlersFor(world);
  const home: Scope = { account: ACCOUNT, region: REGION };
  const called = new Set<OperationName>();

  /** Runs one operation; its output must parse with the operation's output schema and carry no extra members. */
  async function call<N extends OperationName>(
    name: N,
    input: RequestOf<N>,
    scope: Scope = home,
  ): Promise<HandlerOutput<N>> {
    const parsed = operations[name].input.parse(input) as HandlerInput<N>;
    const handler = handlers[name] as (
      input: HandlerInput<N>,
      ctx: object,
    ) => HandlerOutput<N> | Promise<HandlerOutput<N>>;
    const output = await handler(parsed, { ...scope, requestId: "test-request", operation: name });
    expect(operations[name].output.parse(output)).toEqual(output);
    called.add(name);
    return output;
  }

  /** Runs one operation that must fail with the given error code; returns the error. */
  async function fails<N extends OperationName>(
    name: N,
    input: RequestOf<N>,
    code: string,
    scope: Scope = home,
  ): Promise<EmulatorError> {
    const error = await call(name, input, scope).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EmulatorError);
    const emulatorError = error as EmulatorError;
    expect(emulatorError.code).toBe(code);
    expect(emulatorError.status).toBe(statusOf[code]);
    expect(emulatorError.message.length).toBeGreaterThan(0);
    return emulatorError;
  }

  return { clock, world, home, called, call, fails, store: (scope: Scope = home) => world.region(scope) };
}

export type Kit = ReturnType<typeof setup>;

/** The value, or a thrown error when it is missing (test precondition). */
export function must<T>(value: T | undefined | null, what = "value"): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}`);
  return value;
}

const statusOf: Record<string, number> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  ResourceNotFoundException: 404,
  ConflictException: 409,
};

/** A fresh EC key pair in PEM (SPKI) form. */
export function publicKeyPem(namedCurve = "secp384r1"): string {
  return generateKeyPairSync("ec", { namedCurve }).publicKey.export({ type: "spki", format: "pem" }).toString();
}

export async function createStage(kit: Kit, input: RequestOf<"CreateStage"> = {}, scope?: Scope) {
  const { stage } = await kit.call("CreateStage", input, scope);
  if (!stage) throw new Error("CreateStage returned no stage");
  return { ...stage, record: must(kit.world.region(scope ?? kit.home).stages.get(stage.arn), "stage record") };
}

export async function createStorage(kit: Kit, scope?: Scope): Promise<string> {
  const { storageConfiguration } = await kit.call(
    "CreateStorageConfiguration",
    { s3: { bucketName: "recordings" } },
    scope,
  );
  return must(storageConfiguration).arn;
}

export async function createEncoder(kit: Kit, scope?: Scope): Promise<string> {
  const { encoderConfiguration } = await kit.call("CreateEncoderConfiguration", {}, scope);
  return must(encoderConfiguration).arn;
}

/** Collects every page of a List operation. */
export async function listAll<N extends OperationName, T>(
  kit: Kit,
  name: N,
  input: RequestOf<N>,
  items: (output: HandlerOutput<N>) => readonly T[],
): Promise<{ items: T[]; pages: number }> {
  const all: T[] = [];
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const output = await kit.call(name, { ...input, ...(nextToken ? { nextToken } : {}) });
    all.push(...items(output));
    pages++;
    nextToken = (output as { nextToken?: string }).nextToken;
  } while (nextToken);
  return { items: all, pages };
}
