import { z } from "zod";
import { EventErrorCode, IngestProtocol } from "@/lib/ivs/enums";
import { CreateParticipantTokenInput, operationNames } from "@/lib/ivs/operations";
import { CompositionArn, StageArn } from "@/lib/ivs/primitives";
import { clientFactPattern } from "./client-facts";

/**
 * Request bodies of the control API (`/_emulator/…`). IVS members reuse the shapes of lib/ivs; unknown members
 * are rejected so that typos fail loudly. Every body may also carry `region` (taken out before validation).
 */

const fact = z
  .string()
  .max(128)
  .regex(clientFactPattern, "Member must satisfy regular expression pattern: [a-zA-Z0-9-_.,:;\\s]*");

const clientFacts = z.strictObject({
  browserName: fact.optional(),
  browserVersion: fact.optional(),
  osName: fact.optional(),
  osVersion: fact.optional(),
  sdkVersion: fact.optional(),
  ispName: fact.optional(),
});

/** Participant ids as tokens carry them (`jti`). */
export const participantIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const participantId = z.string().regex(participantIdPattern, "Member must be 1-64 characters of [A-Za-z0-9_-]");

/** POST /participants/join: CreateParticipantToken's members (used only when minting) plus the join options. */
export const joinBody = CreateParticipantTokenInput.extend({
  token: z.string().min(1).max(8192).optional(),
  publish: z.boolean().optional(),
  client: clientFacts.optional(),
}).strict();

export const refBody = z.strictObject({ stageArn: StageArn });
/** POST /recordings/fail (recording-control.ts): whose recording, and whether its start or its end fails. */
export const recordingFailBody = refBody
  .extend({ participantId, which: z.enum(["start", "end"], { error: 'which must be "start" or "end"' }) })
  .strict();
export const targetBody = refBody.extend({ targetParticipantId: participantId }).strict();
export const failBody = refBody
  .extend({
    event: z.enum(["PUBLISH_ERROR", "SUBSCRIBE_ERROR", "JOIN_ERROR"]),
    errorCode: EventErrorCode,
    targetParticipantId: participantId.optional(),
  })
  .strict();

const streamKey = z.string().min(1).max(256);
export const ingestPublishBody = z.strictObject({ streamKey, protocol: IngestProtocol });
export const ingestStopBody = z.strictObject({ streamKey });

/** At most a year of virtual time per call. */
export const advanceBody = z.strictObject({
  ms: z
    .number()
    .finite()
    .min(0)
    .max(366 * 24 * 60 * 60_000),
});

export const faultBody = z
  .strictObject({
    operation: z.enum(["*", ...operationNames]),
    errorType: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, "Member must be an error type such as InternalServerException")
      .optional(),
    status: z.number().int().min(400).max(599).optional(),
    probability: z.number().min(0).max(1).optional(),
    count: z.number().int().min(1).max(1_000_000).optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    connectionReset: z.boolean().optional(),
    phase: z.enum(["before", "after"]).optional(),
  })
  .superRefine((fault, ctx) => {
    if ((fault.errorType === undefined) !== (fault.status === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [fault.errorType === undefined ? "errorType" : "status"],
        message: "Member must be given together with errorType and status",
      });
    }
    if (fault.errorType === undefined && !fault.latencyMs && !fault.connectionReset) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "A fault needs an effect: errorType + status, latencyMs or connectionReset",
      });
    }
    if (fault.errorType !== undefined && fault.connectionReset) {
      ctx.addIssue({
        code: "custom",
        path: ["connectionReset"],
        message: "Member must not be set together with errorType: a reset connection carries no error",
      });
    }
  });

export const resetBody = z.strictObject({ all: z.boolean().optional() });

export const failDestinationBody = z.strictObject({
  compositionArn: CompositionArn,
  destinationId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "Member must be a destination id"),
  recover: z.boolean().optional(),
});
export const failCompositionBody = z.strictObject({ compositionArn: CompositionArn });
