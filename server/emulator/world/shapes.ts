import type { HandlerInput, HandlerOutput } from "../contract";

/**
 * IVS shapes as the world uses them, all derived from the operation table in lib/ivs (never redeclared).
 * Output shapes are the wire form (`z.input` of the output schemas: timestamps are ISO-8601 strings).
 */

type Present<T> = Exclude<T, undefined | null>;
type Item<T> = T extends readonly (infer U)[] ? U : never;

export type Stage = Present<HandlerOutput<"GetStage">["stage"]>;
export type StageSummary = Item<HandlerOutput<"ListStages">["stages"]>;
export type AutoParticipantRecordingConfiguration = Present<Stage["autoParticipantRecordingConfiguration"]>;
export type StageEndpoints = Present<Stage["endpoints"]>;
export type ParticipantToken = Present<HandlerOutput<"CreateParticipantToken">["participantToken"]>;
export type ParticipantTokenCapabilities = Present<ParticipantToken["capabilities"]>;
export type ParticipantTokenConfiguration = Item<
  Present<HandlerInput<"CreateStage">["participantTokenConfigurations"]>
>;

export type StageSession = Present<HandlerOutput<"GetStageSession">["stageSession"]>;
export type StageSessionSummary = Item<HandlerOutput<"ListStageSessions">["stageSessions"]>;
export type Participant = Present<HandlerOutput<"GetParticipant">["participant"]>;
export type ParticipantSummary = Item<HandlerOutput<"ListParticipants">["participants"]>;
export type ParticipantEvent = Item<HandlerOutput<"ListParticipantEvents">["events"]>;
export type ParticipantReplica = Item<HandlerOutput<"ListParticipantReplicas">["replicas"]>;

export type Composition = Present<HandlerOutput<"GetComposition">["composition"]>;
export type CompositionSummary = Item<HandlerOutput<"ListCompositions">["compositions"]>;
export type Destination = Item<Composition["destinations"]>;
export type DestinationSummary = Item<CompositionSummary["destinations"]>;
export type LayoutConfiguration = Composition["layout"];
export type DestinationConfigurationInput = Item<HandlerInput<"StartComposition">["destinations"]>;
export type LayoutConfigurationInput = HandlerInput<"StartComposition">["layout"];

export type EncoderConfiguration = Present<HandlerOutput<"GetEncoderConfiguration">["encoderConfiguration"]>;
export type EncoderConfigurationSummary = Item<HandlerOutput<"ListEncoderConfigurations">["encoderConfigurations"]>;
export type Video = Present<EncoderConfiguration["video"]>;
export type StorageConfiguration = Present<HandlerOutput<"GetStorageConfiguration">["storageConfiguration"]>;
export type StorageConfigurationSummary = Item<HandlerOutput<"ListStorageConfigurations">["storageConfigurations"]>;
export type IngestConfiguration = Present<HandlerOutput<"GetIngestConfiguration">["ingestConfiguration"]>;
export type IngestConfigurationSummary = Item<HandlerOutput<"ListIngestConfigurations">["ingestConfigurations"]>;
export type RedundantIngestCredential = Item<Present<IngestConfiguration["redundantIngestCredentials"]>>;
export type PublicKey = Present<HandlerOutput<"GetPublicKey">["publicKey"]>;
export type PublicKeySummary = Item<HandlerOutput<"ListPublicKeys">["publicKeys"]>;

export type Tags = Record<string, string>;
