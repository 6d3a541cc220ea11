import "server-only";
import type { InputOf, OperationName, OutputOf } from "@/lib/ivs/operations";
import { transport, type CallOptions } from "./transport";

/* One function per IVS Real-Time operation. Each is a thin, typed call through the shared transport. */

function verb<N extends OperationName>(name: N) {
  return (input: InputOf<N>, options?: CallOptions): Promise<OutputOf<N>> => transport().call(name, input, options);
}

export const createEncoderConfiguration = verb("CreateEncoderConfiguration");
export const createIngestConfiguration = verb("CreateIngestConfiguration");
export const createParticipantToken = verb("CreateParticipantToken");
export const createStage = verb("CreateStage");
export const createStorageConfiguration = verb("CreateStorageConfiguration");
export const deleteEncoderConfiguration = verb("DeleteEncoderConfiguration");
export const deleteIngestConfiguration = verb("DeleteIngestConfiguration");
export const deletePublicKey = verb("DeletePublicKey");
export const deleteStage = verb("DeleteStage");
export const deleteStorageConfiguration = verb("DeleteStorageConfiguration");
export const disconnectParticipant = verb("DisconnectParticipant");
export const getComposition = verb("GetComposition");
export const getEncoderConfiguration = verb("GetEncoderConfiguration");
export const getIngestConfiguration = verb("GetIngestConfiguration");
export const getParticipant = verb("GetParticipant");
export const getPublicKey = verb("GetPublicKey");
export const getStage = verb("GetStage");
export const getStageSession = verb("GetStageSession");
export const getStorageConfiguration = verb("GetStorageConfiguration");
export const importPublicKey = verb("ImportPublicKey");
export const listCompositions = verb("ListCompositions");
export const listEncoderConfigurations = verb("ListEncoderConfigurations");
export const listIngestConfigurations = verb("ListIngestConfigurations");
export const listParticipantEvents = verb("ListParticipantEvents");
export const listParticipantReplicas = verb("ListParticipantReplicas");
export const listParticipants = verb("ListParticipants");
export const listPublicKeys = verb("ListPublicKeys");
export const listStageSessions = verb("ListStageSessions");
export const listStages = verb("ListStages");
export const listStorageConfigurations = verb("ListStorageConfigurations");
export const listTagsForResource = verb("ListTagsForResource");
export const startComposition = verb("StartComposition");
export const startParticipantReplication = verb("StartParticipantReplication");
export const stopComposition = verb("StopComposition");
export const stopParticipantReplication = verb("StopParticipantReplication");
export const tagResource = verb("TagResource");
export const untagResource = verb("UntagResource");
export const updateIngestConfiguration = verb("UpdateIngestConfiguration");
export const updateStage = verb("UpdateStage");
