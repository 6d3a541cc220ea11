import { describe, expect, it } from "vitest";
import { joinParticipant, setPublishing } from "./live/participants";
import { quotas } from "./quotas";
import { participantKey } from "./store";
import { ACCOUNT, REGION, createStage, must, setup, type Kit } from "./test-kit";

async function twoStages(kit: Kit) {
  const source = await createStage(kit, { name: "source" });
  const destination = await createStage(kit, { name: "destination" });
  const participant = joinParticipant(kit.store(), source.record, { userId: "star", attributes: { a: "1", b: "1" } });
  setPublishing(kit.store(), participant, true);
  return { source, destination, participant, id: participant.data.participantId };
}

describe("participant replication", () => {
  it("starts: REPLICA in the destination session, SOURCE marker, REPLICATION_STARTED event, listed as ACTIVE", async () => {
    const kit = setup();
    const { source, destination, participant, id } = await twoStages(kit);
    const output = await kit.call("StartParticipantReplication", {
      sourceStageArn: source.arn,
      destinationStageArn: destination.arn,
      participantId: id,
      attributes: { b: "2" },
    });
    expect(output).toEqual({});
    const destinationSession = must(destination.record.activeSessionId);
    const replica = must(
      (
        await kit.call("GetParticipant", {
          stageArn: destination.arn,
          sessionId: destinationSession,
          participantId: id,
        })
      ).participant,
    );
    expect(replica).toMatchObject({
      state: "CONNECTED",
      userId: "star",
      attributes: { a: "1", b: "2" },
      published: true,
      replicationType: "REPLICA",
      replicationState: "ACTIVE",
      sourceStageArn: source.arn,
      sourceSessionId: participant.sessionId,
    });
    const sourceView = must(
      (await kit.call("GetParticipant", { stageArn: source.arn, sessionId: participant.sessionId, participantId: id }))
        .participant,
    );
    expect(sourceView).toMatchObject({ replicationType: "SOURCE", replicationState: "ACTIVE" });
    const { events } = await kit.call("ListParticipantEvents", {
      stageArn: source.arn,
      sessionId: participant.sessionId,
      participantId: id,
    });
    expect(must(events[0])).toMatchObject({
      name: "REPLICATION_STARTED",
      destinationStageArn: destination.arn,
      destinationSessionId: destinationSession,
    });
    const replicaEvents = await kit.call("ListParticipantEvents", {
      stageArn: destination.arn,
      sessionId: destinationSession,
      participantId: id,
    });
    expect(replicaEvents.events.map((e) => [e.name, e.replica])).toEqual([
      ["PUBLISH_STARTED", true],
      ["JOINED", true],
    ]);
    const { replicas } = await kit.call("ListParticipantReplicas", { sourceStageArn: source.arn, participantId: id });
    expect(replicas).toEqual([
      {
        sourceStageArn: source.arn,
        participantId: id,
        sourceSessionId: participant.sessionId,
        destinationStageArn: destination.arn,
        destinationSessionId: destinationSession,
        replicationState: "ACTIVE",
      },
    ]);
  });

  it("stops: STOPPED replica (still listed), replica leaves, REPLICATION_STOPPED on the source", async () => {
    const kit = setup();
    const { source, destination, participant, id } = await twoStages(kit);
    const request = { sourceStageArn: source.arn, destinationStageArn: destination.arn, participantId: id };
    await kit.call("StartParticipantReplication", request);
    expect(await kit.call("StopParticipantReplication", request)).toEqual({});
    const copy = must(kit.store().participants.get(participantKey(must(destination.record.activeSessionId), id)));
    expect(copy.data).toMatchObject({ state: "DISCONNECTED", replicationState: "STOPPED" });
    expect(participant.data.replicationState).toBe("STOPPED");
    const { events } = await kit.call("ListParticipantEvents", {
      stageArn: source.arn,
      sessionId: participant.sessionId,
      participantId: id,
    });
    expect(must(events[0]).name).toBe("REPLICATION_STOPPED");
    const { replicas } = await kit.call("ListParticipantReplicas", { sourceStageArn: source.arn, participantId: id });
    expect(replicas.map((r) => r.replicationState)).toEqual(["STOPPED"]);
    await kit.fails("StopParticipantReplication", request, "ResourceNotFoundException");
  });

  it("stops when the source disconnects", async () => {
    const kit = setup();
    const { source, destination, id } = await twoStages(kit);
    await kit.call("StartParticipantReplication", {
      sourceStageArn: source.arn,
      destinationStageArn: destination.arn,
      participantId: id,
    });
    await kit.call("DisconnectParticipant", { stageArn: source.arn, participantId: id });
    const { replicas } = await kit.call("ListParticipantReplicas", { sourceStageArn: source.arn, participantId: id });
    expect(must(replicas[0]).replicationState).toBe("STOPPED");
  });

  it("404s for unknown stages or a participant not in the source's active session; 409 when not CONNECTED or already replicated", async () => {
    const kit = setup();
    const { source, destination, id } = await twoStages(kit);
    const missing = `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AAAAAAAAAAAA`;
    const request = { sourceStageArn: source.arn, destinationStageArn: destination.arn, participantId: id };
    await kit.fails(
      "StartParticipantReplication",
      { ...request, sourceStageArn: missing },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "StartParticipantReplication",
      { ...request, destinationStageArn: missing },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "StartParticipantReplication",
      { ...request, participantId: "nobody" },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "StartParticipantReplication",
      { ...request, destinationStageArn: source.arn },
      "ValidationException",
    );
    await kit.fails("StopParticipantReplication", { ...request, sourceStageArn: missing }, "ResourceNotFoundException");
    await kit.call("StartParticipantReplication", request);
    await kit.fails("StartParticipantReplication", request, "ConflictException");
    joinParticipant(kit.store(), source.record); // keeps the session active
    await kit.call("DisconnectParticipant", { stageArn: source.arn, participantId: id });
    await kit.fails("StartParticipantReplication", request, "ConflictException");
  });

  it("allows 5 concurrent replications per participant (402)", async () => {
    const kit = setup();
    const { source, id } = await twoStages(kit);
    for (let i = 0; i < quotas.replicationsPerParticipant; i++) {
      const destination = await createStage(kit);
      await kit.call("StartParticipantReplication", {
        sourceStageArn: source.arn,
        destinationStageArn: destination.arn,
        participantId: id,
      });
    }
    const sixth = await createStage(kit);
    await kit.fails(
      "StartParticipantReplication",
      { sourceStageArn: source.arn, destinationStageArn: sixth.arn, participantId: id },
      "ServiceQuotaExceededException",
    );
  });

  it("lists replicas in creation order, paged (max 50)", async () => {
    const kit = setup({ quotas: "off" });
    const { source, id } = await twoStages(kit);
    const destinations: string[] = [];
    for (let i = 0; i < 3; i++) {
      const destination = await createStage(kit);
      destinations.push(destination.arn);
      await kit.call("StartParticipantReplication", {
        sourceStageArn: source.arn,
        destinationStageArn: destination.arn,
        participantId: id,
      });
    }
    const page1 = await kit.call("ListParticipantReplicas", {
      sourceStageArn: source.arn,
      participantId: id,
      maxResults: 2,
    });
    const page2 = await kit.call("ListParticipantReplicas", {
      sourceStageArn: source.arn,
      participantId: id,
      maxResults: 2,
      nextToken: must(page1.nextToken),
    });
    expect([...page1.replicas, ...page2.replicas].map((r) => r.destinationStageArn)).toEqual(destinations);
  });
});
