"use server";

import { operations } from "@/lib/ivs/operations";
import { ActionError, defineRegionAction, ivsAction } from "@/server/actions/client";
import { transport } from "@/server/ivs/transport";

// Ingest answers carry the stream key: the action client masks it, and only `revealStreamKeyAction` returns it.
export const createEncoderConfigurationAction = ivsAction("CreateEncoderConfiguration");
export const deleteEncoderConfigurationAction = ivsAction("DeleteEncoderConfiguration");
export const createStorageConfigurationAction = ivsAction("CreateStorageConfiguration");
export const deleteStorageConfigurationAction = ivsAction("DeleteStorageConfiguration");
export const createIngestConfigurationAction = ivsAction("CreateIngestConfiguration");
export const updateIngestConfigurationAction = ivsAction("UpdateIngestConfiguration");
export const deleteIngestConfigurationAction = ivsAction("DeleteIngestConfiguration");

/** The ARN the browser named, whatever else it sent (what a refused or invalid reveal records). */
function namedArn(input: unknown): string | undefined {
  const arn = input && typeof input === "object" ? (input as { arn?: unknown }).arn : undefined;
  return typeof arn === "string" ? arn : undefined;
}

/**
 * The one way a stream key reaches the browser: an operator or admin clicked "Reveal". Reads the configuration
 * straight from IVS (never from the shared read cache), returns the key alone, and records the reveal in the
 * audit trail (never the key itself).
 */
export const revealStreamKeyAction = defineRegionAction({
  operation: "RevealStreamKey",
  permission: "RevealStreamKey",
  kind: "reveal",
  reveals: true,
  input: operations.GetIngestConfiguration.input, // `{ arn }` with an ingest-configuration ARN, nothing else
  auditInput: (input) => ({ arn: namedArn(input) }),
  target: namedArn,
  handler: async ({ arn }, { region, onRequestId }) => {
    const output = await transport().call("GetIngestConfiguration", { arn }, { ...region, onRequestId });
    const streamKey = output.ingestConfiguration?.streamKey;
    if (!streamKey)
      throw new ActionError("ResourceNotFoundException", "IVS returned no stream key for this configuration.");
    return { streamKey };
  },
});
