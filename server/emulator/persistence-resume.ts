import type { Clock } from "./clock";
import type { Simulation } from "./sim/simulation";
import type { ClientFacts } from "./world/live/participants";
import type { ParticipantRecord, RegionStore, StageRecord } from "./world/store";

/**
 * After a restore (persistence.ts), the world is as it was saved, but nothing is scheduled and the simulation
 * knows none of the simulated clients. This puts both back.
 *
 * Simulated clients. Every participant of an active session that the simulation can drive (it joined with a
 * token this world issued, still valid and not revoked, or it streams through an ingest configuration) is
 * re-admitted: the simulation learns its client again (capabilities from the token) and the control API can act
 * on it. Re-admission records nothing: the JOINED event it makes is taken out again and the participant keeps
 * its saved state, so lists and timelines are exactly as saved. Not restored: whether a dropped participant was
 * publishing when it dropped (after a restart, `reconnect` does not republish by itself), and clients of
 * participants in ended sessions (`reconnect` answers 404 for them; join again with the token instead).
 *
 * Timers, derived from the saved states and timestamps:
 * - a STARTING composition becomes ACTIVE 3 s after the restart; running compositions keep their 24 h cap
 *   (from `startTime`) and their idle rule (60 s without a publisher, counted from the restart); STOPPING ones
 *   stop 2 s after the restart; STOPPED and FAILED ones are deleted 5 minutes after their `endTime` (at once
 *   if that has passed); a RECONNECTING destination reconnects (ACTIVE) 10 s after the restart;
 * - individual recordings STARTING become ACTIVE 2 s after the restart (same S3 prefix); STOPPING ones stop
 *   after the stage's reconnect window plus 2 s;
 * - a replication waiting for its source keeps its deadline (`suspendedUntilMs`);
 * - an active session nobody is connected to ends 2 minutes (the session end delay) after the restart.
 */

export interface ResumeReport {
  /** Simulated clients the simulation can drive again. */
  readonly clients: number;
  /** Timers armed again. */
  readonly timers: number;
}

export interface ResumeTarget {
  readonly sim: Simulation;
  readonly clock: Clock;
}

const clientFactsOf = (participant: ParticipantRecord): ClientFacts => {
  const { browserName, browserVersion, osName, osVersion, sdkVersion, ispName } = participant.data;
  return Object.fromEntries(
    Object.entries({ browserName, browserVersion, osName, osVersion, sdkVersion, ispName }).filter(
      ([, value]) => value !== undefined,
    ),
  );
};

/** The stream key (and the configuration's protocol) an ingest participant publishes with. */
function streamKeyOf(store: RegionStore, participant: ParticipantRecord): string | undefined {
  const config = participant.data.ingestConfigurationArn
    ? store.ingestConfigurations.get(participant.data.ingestConfigurationArn)
    : undefined;
  if (!config) return undefined;
  if (config.participantId === participant.data.participantId) return config.streamKey;
  return config.redundantIngestCredentials?.find(
    (credential) => credential.participantId === participant.data.participantId,
  )?.streamKey;
}

/** Re-admits one participant through the simulation without leaving a trace; returns whether it worked. */
function reattach(
  target: ResumeTarget,
  store: RegionStore,
  stage: StageRecord,
  participant: ParticipantRecord,
): boolean {
  const { data } = participant;
  const saved = data.state;
  const sinceSeq = store.lastSeq;
  const ingestKey = data.ingestConfigurationArn ? streamKeyOf(store, participant) : undefined;
  const token = data.ingestConfigurationArn ? undefined : store.tokens.get(data.participantId);
  if (data.ingestConfigurationArn) {
    // An encoder is a live connection: one that was not streaming just streams again with its key.
    if (saved !== "CONNECTED" || ingestKey === undefined) return false;
  } else if (!token || token.stageArn !== stage.arn || token.revoked || token.expiresAtMs <= target.clock.now()) {
    return false;
  } else if (saved !== "CONNECTED" && data.replicationType !== "NONE") {
    return false; // rejoining a replication source would resume its replications for real
  }
  try {
    data.state = "DISCONNECTED";
    if (ingestKey !== undefined) {
      target.sim.ingestPublish(store.scope, {
        streamKey: ingestKey,
        protocol: data.protocol === "RTMP" ? "RTMP" : "RTMPS",
      });
    } else if (token) {
      target.sim.join(store.scope, {
        stageArn: stage.arn,
        token: token.data.token,
        client: clientFactsOf(participant),
      });
    }
    return true;
  } catch {
    return false;
  } finally {
    data.state = saved;
    const events = store.events.get(participant.sessionId);
    if (events) {
      const kept = events.filter((event) => event.seq <= sinceSeq);
      events.splice(0, events.length, ...kept);
    }
    // Rejoining an existing participant of an active session creates nothing but that event: the sequence
    // counter goes back too, so the restored world is the saved one exactly.
    store.lastSeq = sinceSeq;
  }
}

/** Re-admits the simulated clients and re-arms every lifecycle timer of every restored account and region. */
export function resumeWorld(target: ResumeTarget): ResumeReport {
  const { sim } = target;
  const { world } = sim;
  const lifecycle = world.lifecycle;
  let clients = 0;
  let timers = 0;
  for (const store of world.regions()) {
    const live = [...store.participants.values()].filter((participant) => {
      const stage = store.stages.get(participant.stageArn);
      return stage !== undefined && stage.activeSessionId === participant.sessionId;
    });
    for (const participant of live) {
      const stage = store.stages.get(participant.stageArn);
      if (stage && participant.data.replicationType !== "REPLICA" && reattach(target, store, stage, participant))
        clients++;
    }

    for (const composition of [...store.compositions.values()]) {
      sim.resumeComposition(store.scope, composition);
      timers++;
    }

    for (const participant of live) {
      const stage = store.stages.get(participant.stageArn);
      const storage = stage?.autoParticipantRecordingConfiguration.storageConfigurationArn ?? "";
      if (participant.data.recordingState === "STARTING") {
        lifecycle.recordingStartRequested(store, participant, {
          storageConfigurationArn: storage,
          bucketName: participant.data.recordingS3BucketName ?? "",
          prefix: participant.data.recordingS3Prefix ?? "",
        });
        timers++;
      } else if (participant.data.recordingState === "STOPPING") {
        lifecycle.recordingStopRequested(store, participant);
        timers++;
      }
    }

    for (const replica of store.replicas) {
      if (
        replica.replicationState === "ACTIVE" &&
        replica.suspendedUntilMs !== undefined &&
        lifecycle.holdReplication(store, replica)
      )
        timers++;
    }

    for (const stage of store.stages.values()) {
      const sessionId = stage.activeSessionId;
      if (sessionId === undefined) continue;
      const members = live.filter((participant) => participant.sessionId === sessionId);
      if (members.some((participant) => participant.data.state === "CONNECTED")) continue;
      const last = members.sort((a, b) => b.seq - a.seq)[0];
      if (last) {
        lifecycle.participantLeft(store, last, "left");
        timers++;
      }
    }
  }
  return { clients, timers };
}
