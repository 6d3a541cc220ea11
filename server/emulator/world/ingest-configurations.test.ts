import { describe, expect, it } from "vitest";
import { joinParticipant } from "./live/participants";
import { quotas } from "./quotas";
import { ACCOUNT, REGION, createStage, must, setup, type Kit } from "./test-kit";

const missingStage = `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AAAAAAAAAAAA`;

async function createIngest(kit: Kit, input: { stageArn?: string; redundantIngest?: boolean } = {}) {
  return must((await kit.call("CreateIngestConfiguration", { ingestProtocol: "RTMPS", ...input })).ingestConfiguration);
}

describe("CreateIngestConfiguration", () => {
  it("pre-assigns a participant id and a stream key; stageArn and userId default to ''", async () => {
    const kit = setup();
    const ingest = await createIngest(kit);
    const id = must(ingest.arn.split("/")[1]);
    expect(ingest).toEqual({
      arn: expect.stringMatching(new RegExp(`^arn:aws:ivs:${REGION}:${ACCOUNT}:ingest-configuration/[A-Za-z0-9]{12}$`)),
      name: "",
      ingestProtocol: "RTMPS",
      streamKey: expect.stringMatching(new RegExp(`^rt_${ACCOUNT}_${REGION}_${id}_[A-Za-z0-9]{32}$`)),
      stageArn: "",
      participantId: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
      state: "INACTIVE",
      userId: "",
      redundantIngest: false,
      attributes: {},
      tags: {},
    });
  });

  it("issues two redundant-ingest credentials (the primary pair and a backup pair)", async () => {
    const kit = setup();
    const ingest = await createIngest(kit, { redundantIngest: true });
    const [primary, backup] = must(ingest.redundantIngestCredentials);
    expect(ingest.redundantIngestCredentials).toHaveLength(2);
    expect(primary).toEqual({ participantId: ingest.participantId, streamKey: ingest.streamKey });
    expect(must(backup).participantId).not.toBe(ingest.participantId);
    expect(must(backup).streamKey).not.toBe(ingest.streamKey);
  });

  it("404s for an unknown stage and enforces the quota of 100 (402)", async () => {
    const kit = setup();
    await kit.fails(
      "CreateIngestConfiguration",
      { ingestProtocol: "RTMPS", stageArn: missingStage },
      "ResourceNotFoundException",
    );
    for (let i = 0; i < quotas.ingestConfigurations; i++) await createIngest(kit);
    await kit.fails("CreateIngestConfiguration", { ingestProtocol: "RTMPS" }, "ServiceQuotaExceededException");
  });
});

describe("Update/Delete/List IngestConfiguration", () => {
  it("updates stageArn and redundantIngest while INACTIVE; 409 while ACTIVE", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const ingest = await createIngest(kit);
    const updated = must(
      (await kit.call("UpdateIngestConfiguration", { arn: ingest.arn, stageArn: stage.arn, redundantIngest: true }))
        .ingestConfiguration,
    );
    expect(updated.stageArn).toBe(stage.arn);
    expect(updated.redundantIngestCredentials).toHaveLength(2);
    await kit.fails(
      "UpdateIngestConfiguration",
      { arn: ingest.arn, stageArn: missingStage },
      "ResourceNotFoundException",
    );
    joinParticipant(kit.store(), stage.record, {
      participantId: ingest.participantId,
      protocol: "RTMPS",
      ingestConfigurationArn: ingest.arn,
    });
    await kit.fails("UpdateIngestConfiguration", { arn: ingest.arn, stageArn: "" }, "ConflictException");
    await kit.fails("UpdateIngestConfiguration", { arn: ingest.arn, redundantIngest: false }, "ConflictException");
  });

  it("deletes only with force while ACTIVE, disconnecting the publisher", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const ingest = await createIngest(kit, { stageArn: stage.arn });
    const publisher = joinParticipant(kit.store(), stage.record, {
      participantId: ingest.participantId,
      ingestConfigurationArn: ingest.arn,
    });
    await kit.fails("DeleteIngestConfiguration", { arn: ingest.arn }, "ConflictException");
    await kit.fails("DeleteIngestConfiguration", { arn: ingest.arn, force: false }, "ConflictException");
    await kit.call("DeleteIngestConfiguration", { arn: ingest.arn, force: true });
    expect(publisher.data.state).toBe("DISCONNECTED");
    await kit.fails("GetIngestConfiguration", { arn: ingest.arn }, "ResourceNotFoundException");
  });

  it("lists summaries (no stream key), filtered by stage or state", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const a = await createIngest(kit, { stageArn: stage.arn });
    const b = await createIngest(kit);
    joinParticipant(kit.store(), stage.record, { participantId: a.participantId, ingestConfigurationArn: a.arn });
    const list = async (filters: object) =>
      (await kit.call("ListIngestConfigurations", filters)).ingestConfigurations.map((i) => i.arn);
    expect(await list({})).toEqual([a.arn, b.arn]);
    expect(await list({ filterByStageArn: stage.arn })).toEqual([a.arn]);
    expect(await list({ filterByState: "INACTIVE" })).toEqual([b.arn]);
    expect(await list({ filterByState: "ACTIVE" })).toEqual([a.arn]);
    const [summary] = (await kit.call("ListIngestConfigurations", {})).ingestConfigurations;
    expect(must(summary)).not.toHaveProperty("streamKey");
  });
});
