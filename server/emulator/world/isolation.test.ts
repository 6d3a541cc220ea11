import { describe, expect, it } from "vitest";
import { samplePublicKeyPem } from "@/lib/ivs/samples";
import { joinParticipant } from "./live/participants";
import { ACCOUNT, REGION, createEncoder, createStage, createStorage, must, setup, type Kit } from "./test-kit";
import type { Scope } from "./ids";

const otherRegion: Scope = { account: ACCOUNT, region: "eu-west-1" };
const otherAccount: Scope = { account: "210987654321", region: REGION };
const channelArn = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/Channel12345`;

async function populate(kit: Kit) {
  const stage = await createStage(kit, { tags: { a: "b" } });
  const participant = joinParticipant(kit.store(), stage.record);
  const encoder = await createEncoder(kit);
  const storage = await createStorage(kit);
  const composition = must(
    (await kit.call("StartComposition", { stageArn: stage.arn, destinations: [{ channel: { channelArn } }] }))
      .composition,
  );
  const ingest = must((await kit.call("CreateIngestConfiguration", { ingestProtocol: "RTMPS" })).ingestConfiguration);
  const key = must((await kit.call("ImportPublicKey", { publicKeyMaterial: samplePublicKeyPem })).publicKey);
  return { stage, participant, encoder, storage, composition: composition.arn, ingest: ingest.arn, key: must(key.arn) };
}

describe("isolation between accounts and regions", () => {
  for (const [label, scope] of [
    ["another region", otherRegion],
    ["another account", otherAccount],
  ] as const) {
    it(`nothing created in ${REGION}/${ACCOUNT} is visible from ${label}`, async () => {
      const kit = setup();
      const made = await populate(kit);
      const sessionId = made.participant.sessionId;
      const lists = await Promise.all([
        kit.call("ListStages", {}, scope).then((o) => o.stages),
        kit.call("ListCompositions", {}, scope).then((o) => o.compositions),
        kit.call("ListEncoderConfigurations", {}, scope).then((o) => o.encoderConfigurations),
        kit.call("ListStorageConfigurations", {}, scope).then((o) => o.storageConfigurations),
        kit.call("ListIngestConfigurations", {}, scope).then((o) => o.ingestConfigurations),
        kit.call("ListPublicKeys", {}, scope).then((o) => o.publicKeys),
        kit.call("ListStageSessions", { stageArn: made.stage.arn }, scope).then((o) => o.stageSessions),
        kit.call("ListParticipants", { stageArn: made.stage.arn, sessionId }, scope).then((o) => o.participants),
      ]);
      for (const list of lists) expect(list).toEqual([]);
      const notFound = "ResourceNotFoundException";
      await kit.fails("GetStage", { arn: made.stage.arn }, notFound, scope);
      await kit.fails("GetStageSession", { stageArn: made.stage.arn, sessionId }, notFound, scope);
      await kit.fails("GetComposition", { arn: made.composition }, notFound, scope);
      await kit.fails("GetEncoderConfiguration", { arn: made.encoder }, notFound, scope);
      await kit.fails("GetStorageConfiguration", { arn: made.storage }, notFound, scope);
      await kit.fails("GetIngestConfiguration", { arn: made.ingest }, notFound, scope);
      await kit.fails("GetPublicKey", { arn: made.key }, notFound, scope);
      await kit.fails("ListTagsForResource", { resourceArn: made.stage.arn }, notFound, scope);
      await kit.fails("CreateParticipantToken", { stageArn: made.stage.arn }, notFound, scope);
      await kit.fails("DeleteStage", { arn: made.stage.arn }, notFound, scope);
      await kit.fails(
        "StartComposition",
        { stageArn: made.stage.arn, destinations: [{ channel: { channelArn } }] },
        notFound,
        scope,
      );
      // quotas are per account and region too: the same key imports fine elsewhere
      await kit.call("ImportPublicKey", { publicKeyMaterial: samplePublicKeyPem }, scope);
    });
  }
});

describe("seeded worlds", () => {
  it("repeat: the same seed gives the same ids, endpoints and tokens", async () => {
    const outputs = [];
    for (let i = 0; i < 2; i++) {
      const kit = setup({ seed: 1234 });
      outputs.push(await kit.call("CreateStage", { participantTokenConfigurations: [{ userId: "u" }] }));
    }
    expect(outputs[1]).toEqual(outputs[0]);
    const different = await setup({ seed: 99 }).call("CreateStage", {});
    expect(must(different.stage).arn).not.toBe(must(must(outputs[0]).stage).arn);
  });
});
