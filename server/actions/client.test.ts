import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { operations } from "@/lib/ivs/operations";
import { samplePublicKeyPem } from "@/lib/ivs/samples";
import { realClock } from "@/server/emulator/clock";
import { startTestServer, testConfig, type RunningServer } from "@/server/emulator/http/test-server";
import { createHandlers } from "@/server/emulator/world/handlers";
import { auditLog } from "@/server/auth/audit";
import { actAs, signOutFake } from "@/server/auth/testing";
import { transport } from "@/server/ivs/transport";
import { upstream } from "@/server/ivs/upstream";
import { z } from "zod";
import { secretMask } from "@/lib/ivs/redact";
import { ActionError, defineAction, ivsAction, serverContext, type MutatingOperationName } from "./client";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

/** One IVS action, called as a browser could: with any input at all. */
function runIvsMutation<N extends MutatingOperationName>(name: N, context: { region: string }, input: unknown) {
  return ivsAction(name)(context, input as never);
}

// The real emulator over HTTP with real signatures; the console's shared transport points at it.
let server: RunningServer;
const context = { region: "eu-west-1" };

beforeAll(async () => {
  const clock = realClock();
  const config = testConfig({ quotas: "off" });
  server = await startTestServer({ clock, config: { quotas: "off" }, handlers: createHandlers({ clock, config }) });
  process.env.IVS_ENDPOINT = server.url;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
});
afterAll(() => server.emulator.close());
beforeEach(async () => {
  await actAs("admin");
});

async function stageCount(): Promise<number> {
  const result = await upstream().read("ListStages", {}, { ...context, maxAgeMs: 0 });
  return result.data.stages.length;
}

async function as<T>(role: "admin", run: () => Promise<T>): Promise<T> {
  await actAs(role);
  return run();
}

describe("server action runner against the emulator", () => {
  it("bad input: field-level messages, no call, nothing changes", async () => {
    const before = await stageCount();
    const result = await runIvsMutation("CreateStage", context, {
      name: "not a valid name!",
      participantTokenConfigurations: Array.from({ length: 13 }, () => ({})),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("ValidationException");
    expect(Object.keys(result.error.fields ?? {})).toEqual(
      expect.arrayContaining(["name", "participantTokenConfigurations"]),
    );
    expect(await stageCount()).toBe(before);
  });

  it("success returns the data and the next cached read already sees it", async () => {
    const before = await stageCount();
    await upstream().read("ListStages", {}, context); // cache an answer
    const result = await runIvsMutation("CreateStage", context, { name: "from-action" });
    expect(result.ok).toBe(true);
    const after = await upstream().read("ListStages", {}, context); // within maxAge, yet fresh: the action invalidated it
    expect(after.data.stages.length).toBe(before + 1);
  });

  it("an IVS error comes back as a Result with code, status-derived message and request id", async () => {
    const result = await runIvsMutation("DeleteStage", context, {
      arn: "arn:aws:ivs:eu-west-1:123456789012:stage/doesNotExist",
    });
    expect(result).toMatchObject({ ok: false, error: { code: "ResourceNotFoundException", retryable: false } });
    if (!result.ok) expect(result.error.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it("re-validates the context a browser sent", () => {
    expect(serverContext({ region: "eu-west-1", profile: "prod" })).toEqual({ region: "eu-west-1", profile: "prod" });
    expect(serverContext({ region: "../../etc", profile: "a b" }).region).toMatch(/^[a-z]{2}-/);
    expect(serverContext("nonsense")).toHaveProperty("region");
  });
});

/** Real resources to aim at, created as admin; then a viewer tries every mutation on them. */
interface Targets {
  stage: string;
  stage2: string;
  encoder: string;
  storage: string;
  ingest: string;
  publicKey: string;
}

async function createTargets(): Promise<Targets> {
  return as("admin", async () => {
    const call = async <N extends MutatingOperationName>(name: N, input: unknown) => {
      const result = await runIvsMutation(name, context, input);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.data;
    };
    const stage = (await call("CreateStage", { name: "target", tags: { team: "news" } })).stage?.arn ?? "";
    const stage2 = (await call("CreateStage", { name: "target-2" })).stage?.arn ?? "";
    const encoder = (await call("CreateEncoderConfiguration", { name: "enc" })).encoderConfiguration?.arn ?? "";
    const storage =
      (await call("CreateStorageConfiguration", { s3: { bucketName: "amzn-s3-demo-bucket" } })).storageConfiguration
        ?.arn ?? "";
    const ingest =
      (await call("CreateIngestConfiguration", { ingestProtocol: "RTMPS" })).ingestConfiguration?.arn ?? "";
    const publicKey = (await call("ImportPublicKey", { publicKeyMaterial: samplePublicKeyPem })).publicKey?.arn ?? "";
    return { stage, stage2, encoder, storage, ingest, publicKey };
  });
}

/** A valid input for each of the 20 mutating operations, aimed at real resources. */
function mutationInputs(t: Targets): Record<MutatingOperationName, unknown> {
  const participantId = "abCDEf12GHIj";
  return {
    CreateStage: { name: "viewer-attempt" },
    UpdateStage: { arn: t.stage, name: "renamed-by-viewer" },
    DeleteStage: { arn: t.stage },
    CreateParticipantToken: { stageArn: t.stage, userId: "guest" },
    DisconnectParticipant: { stageArn: t.stage, participantId, reason: "bye" },
    StartParticipantReplication: { sourceStageArn: t.stage, destinationStageArn: t.stage2, participantId },
    StopParticipantReplication: { sourceStageArn: t.stage, destinationStageArn: t.stage2, participantId },
    StartComposition: {
      stageArn: t.stage,
      destinations: [{ s3: { storageConfigurationArn: t.storage, encoderConfigurationArns: [t.encoder] } }],
    },
    StopComposition: { arn: "arn:aws:ivs:eu-west-1:123456789012:composition/s2AdaGUbvQgp" },
    CreateEncoderConfiguration: { name: "viewer-enc" },
    DeleteEncoderConfiguration: { arn: t.encoder },
    CreateStorageConfiguration: { s3: { bucketName: "amzn-s3-demo-bucket" } },
    DeleteStorageConfiguration: { arn: t.storage },
    CreateIngestConfiguration: { ingestProtocol: "RTMPS" },
    UpdateIngestConfiguration: { arn: t.ingest, stageArn: t.stage },
    DeleteIngestConfiguration: { arn: t.ingest },
    ImportPublicKey: { publicKeyMaterial: samplePublicKeyPem, name: "viewer-key" },
    DeletePublicKey: { arn: t.publicKey },
    TagResource: { resourceArn: t.stage, tags: { owner: "viewer" } },
    UntagResource: { resourceArn: t.stage, tagKeys: ["team"] },
  };
}

/** Everything a mutation could change, read straight from the emulator (no cache). */
async function snapshot(t: Targets): Promise<string> {
  const call = transport().call;
  const parts = await Promise.all([
    call("ListStages", {}, context),
    call("GetStage", { arn: t.stage }, context),
    call("ListTagsForResource", { resourceArn: t.stage }, context),
    call("ListCompositions", {}, context),
    call("ListEncoderConfigurations", {}, context),
    call("ListStorageConfigurations", {}, context),
    call("ListIngestConfigurations", {}, context),
    call("GetIngestConfiguration", { arn: t.ingest }, context),
    call("ListPublicKeys", {}, context),
  ]);
  return JSON.stringify(parts);
}

describe("the action client's frame", () => {
  const Named = z.object({ name: z.string().min(3) });
  const failing = defineAction({
    operation: "TestDatabaseFailure",
    permission: "StartComposition",
    input: Named,
    handler: () => {
      throw new Error("SQLITE_BUSY: database is locked at /secret/path.db");
    },
  });
  const conflicting = defineAction({
    operation: "TestConflict",
    permission: "StartComposition",
    input: Named,
    handler: ({ name }) => {
      throw new ActionError("ConflictException", `${name} is taken.`, { name: ["taken"] });
    },
  });
  const leaking = defineAction({
    operation: "TestMasked",
    permission: "StartComposition",
    input: Named,
    handler: () => ({ participantToken: { token: "eyJsecret", userId: "u" } }),
  });

  it("a database (or any unexpected) error becomes an InternalError Result, without its details, and is audited", async () => {
    const operator = await actAs("operator");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await failing({ name: "abcd" });
    errors.mockRestore();
    expect(result).toEqual({
      ok: false,
      error: { code: "InternalError", message: "Something went wrong on the console's server.", retryable: true },
    });
    expect((await auditLog().query({ user: operator.username, limit: 1 }))[0]).toMatchObject({
      operation: "TestDatabaseFailure",
      outcome: "failure",
      errorCode: "InternalError",
    });
  });

  it("an ActionError keeps its code and field messages; invalid input never runs the body", async () => {
    await actAs("operator");
    expect(await conflicting({ name: "abcd" })).toEqual({
      ok: false,
      error: { code: "ConflictException", message: "abcd is taken.", fields: { name: ["taken"] }, retryable: false },
    });
    const invalid = await failing({ name: "x" });
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: "ValidationException", fields: { name: [expect.any(String)] } },
    });
  });

  it("masks secrets in every answer unless the action is declared a reveal", async () => {
    await actAs("operator");
    const result = await leaking({ name: "abcd" });
    expect(result).toEqual({ ok: true, data: { participantToken: { token: secretMask, userId: "u" } } });
  });
});

describe("authorization of every mutation (viewer, operator, signed out) against the emulator", () => {
  let targets: Targets;
  let inputs: Record<MutatingOperationName, unknown>;
  const names = Object.keys(operations).filter(
    (name) => operations[name as keyof typeof operations].mutating,
  ) as MutatingOperationName[];

  beforeAll(async () => {
    targets = await createTargets();
    inputs = mutationInputs(targets);
  });

  it("covers all 20 mutating operations with inputs that pass validation", () => {
    expect(names).toHaveLength(20);
    expect(Object.keys(inputs).sort()).toEqual([...names].sort());
    for (const name of names) expect(operations[name].input.safeParse(inputs[name]).success, name).toBe(true);
  });

  it("a viewer is refused every one with AccessDenied, nothing reaches IVS, nothing changes, each refusal is audited", async () => {
    const before = await snapshot(targets);
    const viewer = await actAs("viewer");
    const spy = vi.spyOn(transport(), "call");
    const auditedBefore = (await auditLog().query({ user: viewer.username, limit: 10_000 })).length;
    for (const name of names) {
      const result = await runIvsMutation(name, context, inputs[name]);
      expect(result.ok, name).toBe(false);
      if (!result.ok) {
        expect(result.error.code, name).toBe("AccessDenied");
        expect(result.error.message, name).toMatch(/^Your role \(viewer\) may not .+ Nothing was changed\.$/);
      }
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(await snapshot(targets)).toBe(before);
    const records = await auditLog().query({ user: viewer.username, limit: 10_000 });
    expect(records.length - auditedBefore).toBe(20);
    expect(new Set(records.slice(0, 20).map((r) => `${r.operation}:${r.outcome}:${r.role}`))).toEqual(
      new Set(names.map((n) => `${n}:denied:viewer`)),
    );
  });

  it("signed out, every one is refused (Unauthenticated), nothing reaches IVS, nothing changes", async () => {
    const before = await snapshot(targets);
    signOutFake();
    const spy = vi.spyOn(transport(), "call");
    for (const name of names) {
      const result = await runIvsMutation(name, context, inputs[name]);
      expect(result, name).toMatchObject({ ok: false, error: { code: "Unauthenticated" } });
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(await snapshot(targets)).toBe(before);
  });

  it("an operator may mint a token but not delete a stage", async () => {
    const operator = await actAs("operator");
    const token = await runIvsMutation("CreateParticipantToken", context, {
      stageArn: targets.stage,
      userId: "guest-1",
    });
    expect(token.ok).toBe(true);
    const denied = await runIvsMutation("DeleteStage", context, { arn: targets.stage });
    expect(denied).toMatchObject({ ok: false, error: { code: "AccessDenied" } });
    expect((await transport().call("GetStage", { arn: targets.stage }, context)).stage?.arn).toBe(targets.stage);
    const [deniedRecord, mintRecord] = await auditLog().query({ user: operator.username, limit: 2 });
    expect(mintRecord).toMatchObject({
      operation: "CreateParticipantToken",
      outcome: "success",
      role: "operator",
      target: targets.stage,
      region: "eu-west-1",
      account: "123456789012",
    });
    expect(mintRecord?.requestId).toMatch(/[0-9a-f-]{36}/);
    // The minted token went back to the minter only: the audit trail has its input, never the token.
    if (token.ok)
      expect(JSON.stringify(await auditLog().query({ limit: 1000 }))).not.toContain(
        token.data.participantToken?.token ?? "no token",
      );
    expect(deniedRecord).toMatchObject({
      operation: "DeleteStage",
      outcome: "denied",
      errorCode: "AccessDenied",
      target: targets.stage,
    });
  });

  it("records exactly one audit entry per call with its outcome: success, IVS failure, invalid input", async () => {
    const admin = await actAs("admin");
    const before = (await auditLog().query({ user: admin.username, limit: 10_000 })).length;
    const ok = await runIvsMutation("TagResource", context, { resourceArn: targets.stage, tags: { audited: "yes" } });
    const missing = await runIvsMutation("DeleteStage", context, {
      arn: "arn:aws:ivs:eu-west-1:123456789012:stage/doesNotExist",
    });
    const invalid = await runIvsMutation("UpdateStage", context, { arn: "not-an-arn" });
    expect([ok.ok, missing.ok, invalid.ok]).toEqual([true, false, false]);
    const records = await auditLog().query({ user: admin.username, limit: 3 });
    expect((await auditLog().query({ user: admin.username, limit: 10_000 })).length - before).toBe(3);
    expect(records.map((r) => [r.operation, r.outcome, r.errorCode])).toEqual([
      ["UpdateStage", "invalid", "ValidationException"],
      ["DeleteStage", "failure", "ResourceNotFoundException"],
      ["TagResource", "success", null],
    ]);
    expect(records[1]?.requestId).toBe(missing.ok ? undefined : missing.error.requestId);
    expect(records[2]).toMatchObject({ target: targets.stage, account: "123456789012", ip: "203.0.113.7" });
    expect(records[2]?.input).toBe(JSON.stringify({ resourceArn: targets.stage, tags: { audited: "yes" } }));
  });
});
