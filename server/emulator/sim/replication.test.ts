import { describe, expect, it } from "vitest";
import {
  getParticipant,
  getStage,
  join,
  must,
  names,
  newStage,
  refOf,
  simSetup,
  timeline,
  type SimKit,
} from "./test-kit";

async function replicated(kit: SimKit, reconnectWindowSeconds = 0) {
  const source = await newStage(kit, { name: "red" });
  const destination = await newStage(kit, { name: "blue" });
  const star = join(kit, source.arn, { userId: "star", publish: true });
  join(kit, source.arn); // keeps the source session open
  const request = {
    sourceStageArn: source.arn,
    destinationStageArn: destination.arn,
    participantId: star.participant.data.participantId,
  };
  await kit.call("StartParticipantReplication", { ...request, reconnectWindowSeconds });
  const copy = () => {
    const sessionId = must(destination.record.activeSessionId);
    return { participant: must(kit.store().participants.get(`${sessionId}/${request.participantId}`)), events: [] };
  };
  return { source, destination, star, request, copy };
}

describe("participant replication with the simulation", () => {
  it("creates the replica in the destination's session (opened for it), with events and fields on both sides", async () => {
    const kit = simSetup();
    const { destination, star, copy, request } = await replicated(kit);
    expect((await getStage(kit, destination.arn)).activeSessionId).toMatch(/^st-/);
    expect(await getParticipant(kit, copy())).toMatchObject({
      replicationType: "REPLICA",
      replicationState: "ACTIVE",
      sourceStageArn: request.sourceStageArn,
      sourceSessionId: star.participant.sessionId,
      userId: "star",
      published: true,
    });
    expect(await getParticipant(kit, star)).toMatchObject({ replicationType: "SOURCE", replicationState: "ACTIVE" });
    expect(names(await timeline(kit, star)).slice(-1)).toEqual(["REPLICATION_STARTED"]);
    // the copy follows the source's publishing; viewers in the destination can subscribe to it
    const viewer = join(kit, destination.arn);
    expect(kit.sim.subscribe(kit.scope, refOf(viewer), request.participantId).events).toMatchObject([
      { name: "SUBSCRIBE_STARTED", replica: true },
    ]);
    kit.sim.unpublish(kit.scope, refOf(star));
    expect(copy().participant.publishing).toBe(false);
    expect(names(await timeline(kit, viewer)).slice(-1)).toEqual(["SUBSCRIBE_STOPPED"]);
    await kit.call("StopParticipantReplication", request);
    expect(names(await timeline(kit, star)).slice(-1)).toEqual(["REPLICATION_STOPPED"]);
    expect(copy().participant.data.state).toBe("DISCONNECTED");
  });

  it("honours reconnectWindowSeconds: a source that drops and comes back in time reappears in both stages", async () => {
    const kit = simSetup();
    const { star, copy, request } = await replicated(kit, 30);
    kit.sim.drop(kit.scope, refOf(star));
    expect(copy().participant.data.state).toBe("DISCONNECTED");
    kit.clock.advance(20_000);
    const { replicas } = await kit.call("ListParticipantReplicas", {
      sourceStageArn: request.sourceStageArn,
      participantId: request.participantId,
    });
    expect(must(replicas[0]).replicationState).toBe("ACTIVE");
    kit.sim.reconnect(kit.scope, refOf(star));
    expect(copy().participant.data).toMatchObject({ state: "CONNECTED", replicationState: "ACTIVE" });
    expect(copy().participant.publishing).toBe(true);
    expect(names(await timeline(kit, copy()))).toEqual([
      "JOINED",
      "PUBLISH_STARTED",
      "LEFT",
      "JOINED",
      "PUBLISH_STARTED",
    ]);
    kit.clock.advance(60_000);
    expect(names(await timeline(kit, star))).not.toContain("REPLICATION_STOPPED");
  });

  it("stops the replication when the window runs out; the destination session waits for the window", async () => {
    const kit = simSetup({ timing: { sessionEndDelayMs: 10_000 } });
    const { star, destination, request } = await replicated(kit, 60);
    const destinationSession = must(destination.record.activeSessionId);
    kit.sim.drop(kit.scope, refOf(star));
    kit.clock.advance(30_000);
    expect(destination.record.activeSessionId).toBe(destinationSession);
    kit.clock.advance(30_000);
    const { replicas } = await kit.call("ListParticipantReplicas", {
      sourceStageArn: request.sourceStageArn,
      participantId: request.participantId,
    });
    expect(must(replicas[0]).replicationState).toBe("STOPPED");
    expect(names(await timeline(kit, star)).slice(-2)).toEqual(["LEFT", "REPLICATION_STOPPED"]);
    expect(star.participant.data.replicationState).toBe("STOPPED");
    kit.clock.advance(10_000);
    expect(destination.record.activeSessionId).toBeUndefined();
  });

  it("DisconnectParticipant stops the replication at once, whatever the window", async () => {
    const kit = simSetup();
    const { star, request } = await replicated(kit, 300);
    await kit.call("DisconnectParticipant", { stageArn: request.sourceStageArn, participantId: request.participantId });
    expect(names(await timeline(kit, star)).slice(-2)).toEqual(["LEFT", "REPLICATION_STOPPED"]);
  });

  it("without a window, dropping stops the replication at once", async () => {
    const kit = simSetup();
    const { star } = await replicated(kit, 0);
    kit.sim.drop(kit.scope, refOf(star));
    expect(names(await timeline(kit, star)).slice(-2)).toEqual(["LEFT", "REPLICATION_STOPPED"]);
  });
});
