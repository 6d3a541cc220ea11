import { beforeEach, describe, expect, it, vi } from "vitest";
import { secretMask } from "@/lib/ivs/redact";
import { operationSamples, sampleArns } from "@/lib/ivs/samples";

const call = vi.fn();
vi.mock("@/server/ivs/transport", () => ({ transport: () => ({ call }) }));
vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());
const { actAs } = await import("@/server/auth/testing");
const { auditLog } = await import("@/server/auth/audit");

const { createIngestConfigurationAction, revealStreamKeyAction, updateIngestConfigurationAction } =
  await import("./configurations");

const context = { region: "us-west-2" };
const secretKey = (operationSamples.GetIngestConfiguration.response as { ingestConfiguration: { streamKey: string } })
  .ingestConfiguration.streamKey;

describe("ingest configuration actions", () => {
  beforeEach(async () => {
    call.mockReset();
    await actAs("admin");
  });

  it("refuses RTMP without insecureIngest with a field message, without calling IVS", async () => {
    const result = await createIngestConfigurationAction(context, { ingestProtocol: "RTMP" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("ValidationException");
      expect(result.error.fields?.insecureIngest?.[0]).toContain("RTMP");
    }
    expect(call).not.toHaveBeenCalled();
  });

  it("masks the stream key in create and update answers", async () => {
    call.mockResolvedValue(structuredClone(operationSamples.GetIngestConfiguration.response));
    for (const result of [
      await createIngestConfigurationAction(context, { ingestProtocol: "RTMPS" }),
      await updateIngestConfigurationAction(context, { arn: sampleArns.ingest, stageArn: "" }),
    ]) {
      expect(result.ok).toBe(true);
      expect(JSON.stringify(result)).not.toContain(secretKey);
      expect(JSON.stringify(result)).toContain(secretMask);
    }
  });

  it("reveals the stream key alone, read straight from IVS in the caller's region", async () => {
    call.mockResolvedValue(structuredClone(operationSamples.GetIngestConfiguration.response));
    const result = await revealStreamKeyAction(context, { arn: sampleArns.ingest });
    expect(result).toEqual({ ok: true, data: { streamKey: secretKey } });
    expect(call).toHaveBeenCalledWith(
      "GetIngestConfiguration",
      { arn: sampleArns.ingest },
      expect.objectContaining({ region: "us-west-2" }),
    );
  });

  it("reveals to operators and admins only, and records every reveal without the key", async () => {
    call.mockResolvedValue(structuredClone(operationSamples.GetIngestConfiguration.response));
    const viewer = await actAs("viewer");
    expect(await revealStreamKeyAction(context, { arn: sampleArns.ingest })).toMatchObject({
      ok: false,
      error: { code: "AccessDenied" },
    });
    expect(call).not.toHaveBeenCalled();
    expect((await auditLog().query({ user: viewer.username, limit: 1 }))[0]).toMatchObject({
      kind: "reveal",
      operation: "RevealStreamKey",
      outcome: "denied",
      target: sampleArns.ingest,
    });
    const operator = await actAs("operator");
    expect(await revealStreamKeyAction(context, { arn: sampleArns.ingest })).toEqual({
      ok: true,
      data: { streamKey: secretKey },
    });
    const [record] = await auditLog().query({ user: operator.username, limit: 1 });
    expect(record).toMatchObject({
      kind: "reveal",
      operation: "RevealStreamKey",
      outcome: "success",
      role: "operator",
      target: sampleArns.ingest,
      region: "us-west-2",
      account: "123456789012",
    });
    expect(JSON.stringify(await auditLog().query({ limit: 1000 }))).not.toContain(secretKey);
  });

  it("validates the ARN with the shared shape before calling IVS", async () => {
    for (const input of [{ arn: sampleArns.stage }, { arn: "" }, {}, null]) {
      const result = await revealStreamKeyAction(context, input as never); // deliberately invalid
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe("ValidationException");
    }
    expect(call).not.toHaveBeenCalled();
  });
});
