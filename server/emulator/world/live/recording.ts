import type { ParticipantRecordingState } from "@/lib/ivs/enums";
import { nowIso, type ParticipantRecord, type RecordingLocation, type RegionStore, type StageRecord } from "../store";
import { activeSession, sessionParticipants } from "./sessions";

/**
 * Individual participant recording: where a publisher is recorded and its recording state (the lifecycle moves it).
 */
const recordingLive = (state: ParticipantRecordingState) => state === "STARTING" || state === "ACTIVE";

/** Whether any participant of the stage's active session is being recorded right now. */
export function hasActiveRecording(store: RegionStore, stage: StageRecord): boolean {
  const session = activeSession(store, stage);
  if (!session) return false;
  return sessionParticipants(store, session.sessionId).some((p) => recordingLive(p.data.recordingState));
}

export function setRecordingState(
  store: RegionStore,
  participant: ParticipantRecord,
  state: ParticipantRecordingState,
  location?: { readonly bucketName: string; readonly prefix: string },
): void {
  participant.data.recordingState = state;
  if (location) {
    participant.data.recordingS3BucketName = location.bucketName;
    participant.data.recordingS3Prefix = location.prefix;
  }
}

/** `2024-01-01T12-00-55Z`: the timestamp component of a participant recording prefix. */
const prefixTimestamp = (iso: string) => iso.replace(/:/g, "-").replace(/\.\d+Z$/, "Z");

/**
 * Where the participant would be recorded if it published now: the stage's auto-recording storage, under
 * `<stageId>/<sessionId>/<participantId>/<timestamp>`. Undefined when the stage does not record (or the
 * participant is a replica and `recordParticipantReplicas` is false).
 */
export function recordingLocation(store: RegionStore, participant: ParticipantRecord): RecordingLocation | undefined {
  const stage = store.stages.get(participant.stageArn);
  const recording = stage?.autoParticipantRecordingConfiguration;
  const storage = recording?.storageConfigurationArn
    ? store.storageConfigurations.get(recording.storageConfigurationArn)
    : undefined;
  const skipReplica = participant.data.replicationType === "REPLICA" && recording?.recordParticipantReplicas === false;
  if (!stage || !recording || !storage || skipReplica) return undefined;
  return {
    storageConfigurationArn: recording.storageConfigurationArn,
    bucketName: storage.s3.bucketName,
    prefix: `${stage.id}/${participant.sessionId}/${participant.data.participantId}/${prefixTimestamp(nowIso(store))}`,
  };
}

export function startRecordingIfEnabled(store: RegionStore, participant: ParticipantRecord): void {
  const location = recordingLocation(store, participant);
  if (location) store.world.lifecycle.recordingStartRequested(store, participant, location);
}

export function stopRecordingIfLive(store: RegionStore, participant: ParticipantRecord): void {
  if (recordingLive(participant.data.recordingState)) store.world.lifecycle.recordingStopRequested(store, participant);
}
