import { describe, expect, it } from "vitest";
import { redactSecrets, secretMask } from "./redact";
import { operationSamples } from "./samples";

describe("redactSecrets", () => {
  it("masks stream keys (keeping the non-secret prefix) and participant tokens at any depth", () => {
    const ingest = redactSecrets(operationSamples.GetIngestConfiguration.response) as unknown as {
      ingestConfiguration: { streamKey: string; redundantIngestCredentials: { streamKey: string }[]; arn: string };
    };
    expect(ingest.ingestConfiguration.streamKey).toBe(`rt_123456789012_us-west-2_AbCdEfGh1234_${secretMask}`);
    expect(ingest.ingestConfiguration.redundantIngestCredentials[0]?.streamKey).toBe(
      `rt_123456789012_us-west-2_AbCdEfGh1234_${secretMask}`,
    );
    expect(ingest.ingestConfiguration.arn).toContain("ingest-configuration/");
    const stage = redactSecrets(operationSamples.CreateStage.response);
    expect(JSON.stringify(stage)).not.toContain("eyJ");
    expect(JSON.stringify(stage)).toContain(secretMask);
  });

  it("leaves everything else untouched", () => {
    expect(redactSecrets(operationSamples.GetComposition.response)).toEqual(operationSamples.GetComposition.response);
  });
});
