import { setRecordingState } from "../world/live/recording";
import type { ParticipantRecord, RecordingLocation, RegionStore, WorldLifecycle } from "../world/store";
import { nameIn, type SimContext } from "./context";

/**
 * Individual participant recording on the clock: STARTING when a participant starts publishing, ACTIVE
 * `recordingStartDelayMs` later; STOPPING when it stops publishing or leaves, STOPPED after the stage's
 * `recordingReconnectWindowSeconds` plus `recordingStopDelayMs`. Publishing again within the window (same
 * session, same storage configuration) resumes the same recording: ACTIVE again, same S3 prefix.
 */

interface StopInfo {
  readonly storageConfigurationArn: string;
  /** Publishing again up to this time merges into the same recording. */
  readonly mergeUntilMs: number;
}

const timerName = (store: RegionStore, participant: ParticipantRecord, phase: "start" | "stop") =>
  nameIn(store, "recording", participant.sessionId, participant.data.participantId, phase);

export function recordingHooks(
  ctx: SimContext,
): Pick<WorldLifecycle, "recordingStartRequested" | "recordingStopRequested"> {
  const storageOf = new WeakMap<ParticipantRecord, string>();
  const stopping = new WeakMap<ParticipantRecord, StopInfo>();

  function resumable(store: RegionStore, participant: ParticipantRecord, location: RecordingLocation): boolean {
    const info = stopping.get(participant);
    return (
      participant.data.recordingState === "STOPPING" &&
      ctx.timers.has(timerName(store, participant, "stop")) &&
      info !== undefined &&
      info.storageConfigurationArn === location.storageConfigurationArn &&
      ctx.clock.now() <= info.mergeUntilMs
    );
  }

  function start(store: RegionStore, participant: ParticipantRecord, location: RecordingLocation): void {
    const resume = resumable(store, participant, location);
    ctx.timers.clear(timerName(store, participant, "stop"));
    stopping.delete(participant);
    if (resume) {
      setRecordingState(store, participant, "ACTIVE");
      return;
    }
    storageOf.set(participant, location.storageConfigurationArn);
    setRecordingState(store, participant, "STARTING", location);
    ctx.timers.set(timerName(store, participant, "start"), ctx.clock.now() + ctx.timing.recordingStartDelayMs, () => {
      if (participant.data.recordingState === "STARTING") setRecordingState(store, participant, "ACTIVE");
    });
  }

  function stop(store: RegionStore, participant: ParticipantRecord): void {
    ctx.timers.clear(timerName(store, participant, "start"));
    const windowMs =
      (store.stages.get(participant.stageArn)?.autoParticipantRecordingConfiguration.recordingReconnectWindowSeconds ??
        0) * 1000;
    const now = ctx.clock.now();
    const storage = storageOf.get(participant);
    if (windowMs > 0 && storage !== undefined)
      stopping.set(participant, { storageConfigurationArn: storage, mergeUntilMs: now + windowMs });
    setRecordingState(store, participant, "STOPPING");
    ctx.timers.set(timerName(store, participant, "stop"), now + windowMs + ctx.timing.recordingStopDelayMs, () => {
      stopping.delete(participant);
      if (participant.data.recordingState === "STOPPING") setRecordingState(store, participant, "STOPPED");
    });
  }

  return { recordingStartRequested: start, recordingStopRequested: stop };
}
