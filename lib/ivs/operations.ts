import { z } from "zod";
import {
  IngestConfigurationState,
  IngestProtocol,
  ParticipantRecordingFilterByRecordingState,
  ParticipantState,
} from "./enums";
import { defineOperation } from "./operation";
import {
  Attributes,
  CompositionArn,
  CompositionClientToken,
  DisconnectParticipantReason,
  EncoderConfigurationArn,
  EncoderConfigurationName,
  IngestConfigurationArn,
  IngestConfigurationName,
  IngestConfigurationStageArn,
  PaginationToken,
  ParticipantId,
  ParticipantTokenDurationMinutes,
  ParticipantTokenId,
  PublicKeyArn,
  PublicKeyMaterial,
  PublicKeyName,
  ReconnectWindowSeconds,
  ResourceArn,
  StageArn,
  StageName,
  StageSessionId,
  StorageConfigurationArn,
  StorageConfigurationName,
  TagKeyList,
  Tags,
  UserId,
  bool,
  maxResults,
  objectError,
  outString,
  outStringMap,
} from "./primitives";
import {
  AutoParticipantRecordingConfigurationInput,
  Composition,
  CompositionSummary,
  DestinationConfigurationList,
  EncoderConfiguration,
  EncoderConfigurationSummary,
  Event,
  IngestConfiguration,
  IngestConfigurationSummary,
  LayoutConfigurationInput,
  Participant,
  ParticipantReplica,
  ParticipantSummary,
  ParticipantToken,
  ParticipantTokenCapabilities,
  ParticipantTokenConfigurations,
  PublicKey,
  PublicKeySummary,
  S3StorageConfigurationInput,
  Stage,
  StageSession,
  StageSessionSummary,
  StageSummary,
  StorageConfiguration,
  StorageConfigurationSummary,
  VideoInput,
} from "./structures";

/**
 * Input and output schema of each of the 39 IVS Real-Time operations, and the `operations` table that
 * describes how each one travels on the wire (see operation.ts).
 *
 * Inputs never default anything: a client sends exactly what its caller gave, the emulator fills defaults.
 * Path- and query-bound members (tag operations) are ordinary members of the input schema.
 */

function input<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape, objectError);
}

/** `nextToken` + `maxResults` of every List operation. */
function page(max: 100 | 50 = 100) {
  return { nextToken: PaginationToken.optional(), maxResults: maxResults(max).optional() };
}

/** A List response: the required items member plus the optional `nextToken`. */
function listOutput<K extends string, T extends z.ZodType>(items: K, item: T) {
  return z.object({ [items]: z.array(item), nextToken: outString.optional() } as Record<K, z.ZodArray<T>> & {
    nextToken: z.ZodOptional<typeof outString>;
  });
}

/**
 * Adds one issue per member beyond the first that is set (not `undefined`) among `members`, on that member's
 * path. AWS allows at most one filter per List request; whether `filterByPublished: false` counts as "set"
 * is undocumented, and here it does.
 */
function atMostOneOf<T extends object>(members: readonly (keyof T & string)[]) {
  return (value: T, ctx: z.core.$RefinementCtx<T>) => {
    const present = members.filter((member) => value[member] !== undefined);
    const [first, ...extra] = present;
    for (const member of extra) {
      ctx.addIssue({
        code: "custom",
        path: [member],
        message: `Member must not be set together with ${first}: at most one of ${members.join(", ")} may be set`,
      });
    }
  };
}

const empty = () => z.object({});

// ---------------------------------------------------------------------------------------------------------
// Stages

export const CreateStageInput = input({
  name: StageName.optional(),
  participantTokenConfigurations: ParticipantTokenConfigurations.optional(),
  tags: Tags.optional(),
  autoParticipantRecordingConfiguration: AutoParticipantRecordingConfigurationInput.optional(),
});
export const CreateStageOutput = z.object({
  stage: Stage.optional(),
  /** One token per entry of `participantTokenConfigurations`, in the same order. */
  participantTokens: z.array(ParticipantToken).optional(),
});

export const GetStageInput = input({ arn: StageArn });
export const GetStageOutput = z.object({ stage: Stage.optional() });

export const UpdateStageInput = input({
  arn: StageArn,
  name: StageName.optional(),
  autoParticipantRecordingConfiguration: AutoParticipantRecordingConfigurationInput.optional(),
});
export const UpdateStageOutput = z.object({ stage: Stage.optional() });

export const DeleteStageInput = input({ arn: StageArn });
export const DeleteStageOutput = empty();

export const ListStagesInput = input({ ...page() });
export const ListStagesOutput = listOutput("stages", StageSummary);

// ---------------------------------------------------------------------------------------------------------
// Participant tokens, sessions, participants, events

export const CreateParticipantTokenInput = input({
  stageArn: StageArn,
  duration: ParticipantTokenDurationMinutes.optional(),
  userId: UserId.optional(),
  attributes: Attributes.optional(),
  capabilities: ParticipantTokenCapabilities.optional(),
});
export const CreateParticipantTokenOutput = z.object({ participantToken: ParticipantToken.optional() });

export const DisconnectParticipantInput = input({
  stageArn: StageArn,
  /** A token participant id: underscore allowed, unlike GetParticipant's. */
  participantId: ParticipantTokenId,
  reason: DisconnectParticipantReason.optional(),
});
export const DisconnectParticipantOutput = empty();

export const GetStageSessionInput = input({ stageArn: StageArn, sessionId: StageSessionId });
export const GetStageSessionOutput = z.object({ stageSession: StageSession.optional() });

export const ListStageSessionsInput = input({ stageArn: StageArn, ...page() });
export const ListStageSessionsOutput = listOutput("stageSessions", StageSessionSummary);

export const GetParticipantInput = input({
  stageArn: StageArn,
  sessionId: StageSessionId,
  participantId: ParticipantId,
});
export const GetParticipantOutput = z.object({ participant: Participant.optional() });

const participantFilters = ["filterByUserId", "filterByPublished", "filterByState", "filterByRecordingState"] as const;

export const ListParticipantsInput = input({
  stageArn: StageArn,
  sessionId: StageSessionId,
  filterByUserId: UserId.optional(),
  filterByPublished: bool().optional(),
  filterByState: ParticipantState.optional(),
  filterByRecordingState: ParticipantRecordingFilterByRecordingState.optional(),
  ...page(),
}).superRefine(atMostOneOf(participantFilters));
export const ListParticipantsOutput = listOutput("participants", ParticipantSummary);

export const ListParticipantEventsInput = input({
  stageArn: StageArn,
  sessionId: StageSessionId,
  participantId: ParticipantId,
  ...page(),
});
export const ListParticipantEventsOutput = listOutput("events", Event);

// ---------------------------------------------------------------------------------------------------------
// Participant replication

const replicationPair = { sourceStageArn: StageArn, destinationStageArn: StageArn, participantId: ParticipantId };

/**
 * Security headers that the model binds as output members of the two replication operations (§1.3). They
 * travel as HTTP response headers, not in the JSON body; a client copies them from the headers named here.
 */
export const replicationResponseHeaders = {
  accessControlAllowOrigin: "Access-Control-Allow-Origin",
  accessControlExposeHeaders: "Access-Control-Expose-Headers",
  cacheControl: "Cache-Control",
  contentSecurityPolicy: "Content-Security-Policy",
  strictTransportSecurity: "Strict-Transport-Security",
  xContentTypeOptions: "X-Content-Type-Options",
  xFrameOptions: "X-Frame-Options",
} as const;

const replicationOutput = () =>
  z.object({
    accessControlAllowOrigin: outString.optional(),
    accessControlExposeHeaders: outString.optional(),
    cacheControl: outString.optional(),
    contentSecurityPolicy: outString.optional(),
    strictTransportSecurity: outString.optional(),
    xContentTypeOptions: outString.optional(),
    xFrameOptions: outString.optional(),
  } satisfies Record<keyof typeof replicationResponseHeaders, z.ZodType>);

export const StartParticipantReplicationInput = input({
  ...replicationPair,
  reconnectWindowSeconds: ReconnectWindowSeconds.optional(),
  attributes: Attributes.optional(),
});
export const StartParticipantReplicationOutput = replicationOutput();

export const StopParticipantReplicationInput = input({ ...replicationPair });
export const StopParticipantReplicationOutput = replicationOutput();

export const ListParticipantReplicasInput = input({
  sourceStageArn: StageArn,
  participantId: ParticipantId,
  ...page(50),
});
export const ListParticipantReplicasOutput = listOutput("replicas", ParticipantReplica);

// ---------------------------------------------------------------------------------------------------------
// Compositions

export const StartCompositionInput = input({
  stageArn: StageArn,
  /** The AWS SDK fills a random UUID when omitted; replay semantics are undocumented. */
  idempotencyToken: CompositionClientToken.optional(),
  layout: LayoutConfigurationInput.optional(),
  destinations: DestinationConfigurationList,
  tags: Tags.optional(),
});
export const StartCompositionOutput = z.object({ composition: Composition.optional() });

export const GetCompositionInput = input({ arn: CompositionArn });
export const GetCompositionOutput = z.object({ composition: Composition.optional() });

export const StopCompositionInput = input({ arn: CompositionArn });
export const StopCompositionOutput = empty();

export const ListCompositionsInput = input({
  filterByStageArn: StageArn.optional(),
  filterByEncoderConfigurationArn: EncoderConfigurationArn.optional(),
  ...page(),
});
export const ListCompositionsOutput = listOutput("compositions", CompositionSummary);

// ---------------------------------------------------------------------------------------------------------
// Encoder configurations

export const CreateEncoderConfigurationInput = input({
  name: EncoderConfigurationName.optional(),
  video: VideoInput.optional(),
  tags: Tags.optional(),
});
export const CreateEncoderConfigurationOutput = z.object({ encoderConfiguration: EncoderConfiguration.optional() });

export const GetEncoderConfigurationInput = input({ arn: EncoderConfigurationArn });
export const GetEncoderConfigurationOutput = z.object({ encoderConfiguration: EncoderConfiguration.optional() });

export const DeleteEncoderConfigurationInput = input({ arn: EncoderConfigurationArn });
export const DeleteEncoderConfigurationOutput = empty();

export const ListEncoderConfigurationsInput = input({ ...page() });
export const ListEncoderConfigurationsOutput = listOutput("encoderConfigurations", EncoderConfigurationSummary);

// ---------------------------------------------------------------------------------------------------------
// Storage configurations

export const CreateStorageConfigurationInput = input({
  name: StorageConfigurationName.optional(),
  s3: S3StorageConfigurationInput,
  tags: Tags.optional(),
});
export const CreateStorageConfigurationOutput = z.object({ storageConfiguration: StorageConfiguration.optional() });

export const GetStorageConfigurationInput = input({ arn: StorageConfigurationArn });
export const GetStorageConfigurationOutput = z.object({ storageConfiguration: StorageConfiguration.optional() });

export const DeleteStorageConfigurationInput = input({ arn: StorageConfigurationArn });
export const DeleteStorageConfigurationOutput = empty();

export const ListStorageConfigurationsInput = input({ ...page() });
export const ListStorageConfigurationsOutput = listOutput("storageConfigurations", StorageConfigurationSummary);

// ---------------------------------------------------------------------------------------------------------
// Ingest configurations

/** RTMP (unencrypted) ingest must be opted into with `insecureIngest: true`. */
export const CreateIngestConfigurationInput = input({
  name: IngestConfigurationName.optional(),
  stageArn: IngestConfigurationStageArn.optional(),
  userId: UserId.optional(),
  attributes: Attributes.optional(),
  ingestProtocol: IngestProtocol,
  insecureIngest: bool().optional(),
  redundantIngest: bool().optional(),
  tags: Tags.optional(),
}).superRefine((request, ctx) => {
  if (request.ingestProtocol === "RTMP" && request.insecureIngest !== true) {
    ctx.addIssue({
      code: "custom",
      path: ["insecureIngest"],
      message: "Member must be true when ingestProtocol is RTMP",
    });
  }
});
export const CreateIngestConfigurationOutput = z.object({ ingestConfiguration: IngestConfiguration.optional() });

export const GetIngestConfigurationInput = input({ arn: IngestConfigurationArn });
export const GetIngestConfigurationOutput = z.object({ ingestConfiguration: IngestConfiguration.optional() });

export const UpdateIngestConfigurationInput = input({
  arn: IngestConfigurationArn,
  stageArn: IngestConfigurationStageArn.optional(),
  redundantIngest: bool().optional(),
});
export const UpdateIngestConfigurationOutput = z.object({ ingestConfiguration: IngestConfiguration.optional() });

export const DeleteIngestConfigurationInput = input({
  arn: IngestConfigurationArn,
  /** Disconnect an actively publishing participant first instead of failing. */
  force: bool().optional(),
});
export const DeleteIngestConfigurationOutput = empty();

export const ListIngestConfigurationsInput = input({
  filterByStageArn: StageArn.optional(),
  filterByState: IngestConfigurationState.optional(),
  ...page(),
}).superRefine(atMostOneOf(["filterByStageArn", "filterByState"]));
export const ListIngestConfigurationsOutput = listOutput("ingestConfigurations", IngestConfigurationSummary);

// ---------------------------------------------------------------------------------------------------------
// Public keys

export const ImportPublicKeyInput = input({
  publicKeyMaterial: PublicKeyMaterial,
  name: PublicKeyName.optional(),
  tags: Tags.optional(),
});
export const ImportPublicKeyOutput = z.object({ publicKey: PublicKey.optional() });

export const GetPublicKeyInput = input({ arn: PublicKeyArn });
export const GetPublicKeyOutput = z.object({ publicKey: PublicKey.optional() });

export const DeletePublicKeyInput = input({ arn: PublicKeyArn });
export const DeletePublicKeyOutput = empty();

export const ListPublicKeysInput = input({ ...page() });
export const ListPublicKeysOutput = listOutput("publicKeys", PublicKeySummary);

// ---------------------------------------------------------------------------------------------------------
// Tags (`resourceArn` is a path label; UntagResource's `tagKeys` a repeated query parameter)

export const ListTagsForResourceInput = input({ resourceArn: ResourceArn });
export const ListTagsForResourceOutput = z.object({ tags: outStringMap });

export const TagResourceInput = input({ resourceArn: ResourceArn, tags: Tags });
export const TagResourceOutput = empty();

export const UntagResourceInput = input({ resourceArn: ResourceArn, tagKeys: TagKeyList });
export const UntagResourceOutput = empty();

// =========================================================================================================
// The table

/** `POST /<Name>`: the route of 36 of the 39 operations. */
function post<const Name extends string>(name: Name) {
  return { name, method: "POST", path: `/${name}` } as const;
}

export const operations = {
  // Stages
  CreateStage: defineOperation({
    ...post("CreateStage"),
    input: CreateStageInput,
    output: CreateStageOutput,
    tps: 5,
    mutating: true,
  }),
  GetStage: defineOperation({
    ...post("GetStage"),
    input: GetStageInput,
    output: GetStageOutput,
    tps: 5,
    mutating: false,
  }),
  UpdateStage: defineOperation({
    ...post("UpdateStage"),
    input: UpdateStageInput,
    output: UpdateStageOutput,
    tps: 5,
    mutating: true,
  }),
  DeleteStage: defineOperation({
    ...post("DeleteStage"),
    input: DeleteStageInput,
    output: DeleteStageOutput,
    tps: 5,
    mutating: true,
  }),
  ListStages: defineOperation({
    ...post("ListStages"),
    input: ListStagesInput,
    output: ListStagesOutput,
    items: "stages",
    tps: 5,
    mutating: false,
  }),

  // Tokens, sessions, participants, events
  CreateParticipantToken: defineOperation({
    ...post("CreateParticipantToken"),
    input: CreateParticipantTokenInput,
    output: CreateParticipantTokenOutput,
    tps: 50,
    mutating: true,
  }),
  DisconnectParticipant: defineOperation({
    ...post("DisconnectParticipant"),
    input: DisconnectParticipantInput,
    output: DisconnectParticipantOutput,
    tps: 5,
    mutating: true,
  }),
  GetStageSession: defineOperation({
    ...post("GetStageSession"),
    input: GetStageSessionInput,
    output: GetStageSessionOutput,
    tps: 5,
    mutating: false,
  }),
  ListStageSessions: defineOperation({
    ...post("ListStageSessions"),
    input: ListStageSessionsInput,
    output: ListStageSessionsOutput,
    items: "stageSessions",
    tps: 5,
    mutating: false,
  }),
  GetParticipant: defineOperation({
    ...post("GetParticipant"),
    input: GetParticipantInput,
    output: GetParticipantOutput,
    tps: 5,
    mutating: false,
  }),
  ListParticipants: defineOperation({
    ...post("ListParticipants"),
    input: ListParticipantsInput,
    output: ListParticipantsOutput,
    items: "participants",
    tps: 5,
    mutating: false,
  }),
  ListParticipantEvents: defineOperation({
    ...post("ListParticipantEvents"),
    input: ListParticipantEventsInput,
    output: ListParticipantEventsOutput,
    items: "events",
    tps: 5,
    mutating: false,
  }),

  // Participant replication (rate quotas undocumented)
  StartParticipantReplication: defineOperation({
    ...post("StartParticipantReplication"),
    input: StartParticipantReplicationInput,
    output: StartParticipantReplicationOutput,
    responseHeaders: replicationResponseHeaders,
    mutating: true,
  }),
  StopParticipantReplication: defineOperation({
    ...post("StopParticipantReplication"),
    input: StopParticipantReplicationInput,
    output: StopParticipantReplicationOutput,
    responseHeaders: replicationResponseHeaders,
    mutating: true,
  }),
  ListParticipantReplicas: defineOperation({
    ...post("ListParticipantReplicas"),
    input: ListParticipantReplicasInput,
    output: ListParticipantReplicasOutput,
    items: "replicas",
    mutating: false,
  }),

  // Compositions
  StartComposition: defineOperation({
    ...post("StartComposition"),
    input: StartCompositionInput,
    output: StartCompositionOutput,
    tps: 5,
    mutating: true,
  }),
  GetComposition: defineOperation({
    ...post("GetComposition"),
    input: GetCompositionInput,
    output: GetCompositionOutput,
    tps: 5,
    mutating: false,
  }),
  StopComposition: defineOperation({
    ...post("StopComposition"),
    input: StopCompositionInput,
    output: StopCompositionOutput,
    tps: 5,
    mutating: true,
  }),
  ListCompositions: defineOperation({
    ...post("ListCompositions"),
    input: ListCompositionsInput,
    output: ListCompositionsOutput,
    items: "compositions",
    tps: 5,
    mutating: false,
  }),

  // Encoder configurations
  CreateEncoderConfiguration: defineOperation({
    ...post("CreateEncoderConfiguration"),
    input: CreateEncoderConfigurationInput,
    output: CreateEncoderConfigurationOutput,
    tps: 5,
    mutating: true,
  }),
  GetEncoderConfiguration: defineOperation({
    ...post("GetEncoderConfiguration"),
    input: GetEncoderConfigurationInput,
    output: GetEncoderConfigurationOutput,
    tps: 5,
    mutating: false,
  }),
  DeleteEncoderConfiguration: defineOperation({
    ...post("DeleteEncoderConfiguration"),
    input: DeleteEncoderConfigurationInput,
    output: DeleteEncoderConfigurationOutput,
    tps: 5,
    mutating: true,
  }),
  ListEncoderConfigurations: defineOperation({
    ...post("ListEncoderConfigurations"),
    input: ListEncoderConfigurationsInput,
    output: ListEncoderConfigurationsOutput,
    items: "encoderConfigurations",
    tps: 5,
    mutating: false,
  }),

  // Storage configurations
  CreateStorageConfiguration: defineOperation({
    ...post("CreateStorageConfiguration"),
    input: CreateStorageConfigurationInput,
    output: CreateStorageConfigurationOutput,
    tps: 5,
    mutating: true,
  }),
  GetStorageConfiguration: defineOperation({
    ...post("GetStorageConfiguration"),
    input: GetStorageConfigurationInput,
    output: GetStorageConfigurationOutput,
    tps: 5,
    mutating: false,
  }),
  DeleteStorageConfiguration: defineOperation({
    ...post("DeleteStorageConfiguration"),
    input: DeleteStorageConfigurationInput,
    output: DeleteStorageConfigurationOutput,
    tps: 5,
    mutating: true,
  }),
  ListStorageConfigurations: defineOperation({
    ...post("ListStorageConfigurations"),
    input: ListStorageConfigurationsInput,
    output: ListStorageConfigurationsOutput,
    items: "storageConfigurations",
    tps: 5,
    mutating: false,
  }),

  // Ingest configurations
  CreateIngestConfiguration: defineOperation({
    ...post("CreateIngestConfiguration"),
    input: CreateIngestConfigurationInput,
    output: CreateIngestConfigurationOutput,
    tps: 5,
    mutating: true,
  }),
  GetIngestConfiguration: defineOperation({
    ...post("GetIngestConfiguration"),
    input: GetIngestConfigurationInput,
    output: GetIngestConfigurationOutput,
    tps: 5,
    mutating: false,
  }),
  UpdateIngestConfiguration: defineOperation({
    ...post("UpdateIngestConfiguration"),
    input: UpdateIngestConfigurationInput,
    output: UpdateIngestConfigurationOutput,
    tps: 5,
    mutating: true,
  }),
  DeleteIngestConfiguration: defineOperation({
    ...post("DeleteIngestConfiguration"),
    input: DeleteIngestConfigurationInput,
    output: DeleteIngestConfigurationOutput,
    tps: 5,
    mutating: true,
  }),
  ListIngestConfigurations: defineOperation({
    ...post("ListIngestConfigurations"),
    input: ListIngestConfigurationsInput,
    output: ListIngestConfigurationsOutput,
    items: "ingestConfigurations",
    tps: 5,
    mutating: false,
  }),

  // Public keys
  ImportPublicKey: defineOperation({
    ...post("ImportPublicKey"),
    input: ImportPublicKeyInput,
    output: ImportPublicKeyOutput,
    tps: 3,
    mutating: true,
  }),
  GetPublicKey: defineOperation({
    ...post("GetPublicKey"),
    input: GetPublicKeyInput,
    output: GetPublicKeyOutput,
    tps: 3,
    mutating: false,
  }),
  DeletePublicKey: defineOperation({
    ...post("DeletePublicKey"),
    input: DeletePublicKeyInput,
    output: DeletePublicKeyOutput,
    tps: 3,
    mutating: true,
  }),
  ListPublicKeys: defineOperation({
    ...post("ListPublicKeys"),
    input: ListPublicKeysInput,
    output: ListPublicKeysOutput,
    items: "publicKeys",
    tps: 3,
    mutating: false,
  }),

  // Tags
  ListTagsForResource: defineOperation({
    name: "ListTagsForResource",
    method: "GET",
    path: "/tags/{resourceArn}",
    input: ListTagsForResourceInput,
    output: ListTagsForResourceOutput,
    tps: 10,
    mutating: false,
  }),
  TagResource: defineOperation({
    name: "TagResource",
    method: "POST",
    path: "/tags/{resourceArn}",
    input: TagResourceInput,
    output: TagResourceOutput,
    tps: 10,
    mutating: true,
  }),
  UntagResource: defineOperation({
    name: "UntagResource",
    method: "DELETE",
    path: "/tags/{resourceArn}",
    query: ["tagKeys"],
    input: UntagResourceInput,
    output: UntagResourceOutput,
    tps: 10,
    mutating: true,
  }),
} as const;

export type OperationName = keyof typeof operations;
export const operationNames = Object.keys(operations) as OperationName[];

/** What a caller passes (before parsing). */
export type InputOf<N extends OperationName> = z.input<(typeof operations)[N]["input"]>;
/** What a response holds after parsing (timestamps normalised). */
export type OutputOf<N extends OperationName> = z.output<(typeof operations)[N]["output"]>;

/** The 10 paginated List operations (those with `items`); ListTagsForResource is not paginated. */
export type ListOperationName = Exclude<Extract<OperationName, `List${string}`>, "ListTagsForResource">;
export const listOperationNames = operationNames.filter(
  (name): name is ListOperationName => operations[name].items !== undefined,
);
