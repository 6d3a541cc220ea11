import { beforeEach, describe, expect, it, vi } from "vitest";
import { secretMask } from "@/lib/ivs/redact";
import { operationSamples, sampleArns } from "@/lib/ivs/samples";

const call = vi.fn();
vi.mock("@/server/ivs/transport", () => ({ transport: () => ({ call }) }));

const { createIngestConfigurationAction, revealStreamKeyAction, updateIngestConfigurationAction } = await import("./configurations");

const context = { region: "us-west-2" };
const secretKey = (operationSamples.GetIngestConfiguration.response as { ingestConfiguration: { streamKey: string } }).ingestConfiguration.streamKey;

describe("ingest configuration actions", () => {
  beforeEach(() => call.mockReset());

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
    for (const action of [createIngestConfigurationAction, updateIngestConfigurationAction]) {
      const input = action === createIngestConfigurationAction ? { ingestProtocol: "RTMPS" } : { arn: sampleArns.ingest, stageArn: "" };
      const result = await action(context, input);
      expect(result.ok).toBe(true);
      expect(JSON.stringify(result)).not.toContain(secretKey);
      expect(JSON.stringify(result)).toContain(secretMask);
    }
  });

  it("reveals the stream key alone, read straight from IVS in the caller's region", async () => {
    call.mockResolvedValue(structuredClone(operationSamples.GetIngestConfiguration.response));
    const result = await revealStreamKeyAction(context, { arn: sampleArns.ingest });
    expect(result).toEqual({ ok: true, data: { streamKey: secretKey } });
    expect(call).toHaveBeenCalledWith("GetIngestConfiguration", { arn: sampleArns.ingest }, { region: "us-west-2" });
  });

  it("validates the ARN with the shared shape before calling IVS", async () => {
    for (const input of [{ arn: sampleArns.stage }, { arn: "" }, {}, null]) {
      const result = await revealStreamKeyAction(context, input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe("ValidationException");
    }
    expect(call).not.toHaveBeenCalled();
  });
});
