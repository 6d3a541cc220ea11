import { describe, expect, it } from "vitest";
import { samplePublicKeyPem } from "@/lib/ivs/samples";
import { ACCOUNT, REGION, createEncoder, createStage, createStorage, must, setup, type Kit } from "./test-kit";

const channelArn = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/Channel12345`;

/** One ARN of every taggable resource kind. */
async function taggables(kit: Kit): Promise<string[]> {
  const stage = await createStage(kit);
  const composition = must(
    (await kit.call("StartComposition", { stageArn: stage.arn, destinations: [{ channel: { channelArn } }] }))
      .composition,
  );
  const ingest = must((await kit.call("CreateIngestConfiguration", { ingestProtocol: "RTMPS" })).ingestConfiguration);
  const key = must((await kit.call("ImportPublicKey", { publicKeyMaterial: samplePublicKeyPem })).publicKey);
  return [stage.arn, composition.arn, await createEncoder(kit), await createStorage(kit), ingest.arn, must(key.arn)];
}

const tagsOf = async (kit: Kit, resourceArn: string) => (await kit.call("ListTagsForResource", { resourceArn })).tags;

describe("tags", () => {
  it("tag, merge, untag and list on every taggable resource", async () => {
    const kit = setup();
    for (const arn of await taggables(kit)) {
      expect(await tagsOf(kit, arn)).toEqual({});
      await kit.call("TagResource", { resourceArn: arn, tags: { a: "1", b: "2" } });
      await kit.call("TagResource", { resourceArn: arn, tags: { b: "3", c: "4" } });
      expect(await tagsOf(kit, arn)).toEqual({ a: "1", b: "3", c: "4" });
      await kit.call("UntagResource", { resourceArn: arn, tagKeys: ["a", "missing"] });
      expect(await tagsOf(kit, arn)).toEqual({ b: "3", c: "4" });
    }
  });

  it("keeps create-time tags and shows tags in Get/List responses", async () => {
    const kit = setup();
    const stage = await createStage(kit, { tags: { env: "prod" } });
    await kit.call("TagResource", { resourceArn: stage.arn, tags: { team: "news" } });
    expect(must((await kit.call("GetStage", { arn: stage.arn })).stage).tags).toEqual({ env: "prod", team: "news" });
    expect(must((await kit.call("ListStages", {})).stages[0]).tags).toEqual({ env: "prod", team: "news" });
  });

  it("allows at most 50 tags after the merge (400)", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const tags = (from: number, count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${from + i}`, "v"]));
    await kit.call("TagResource", { resourceArn: stage.arn, tags: tags(0, 40) });
    await kit.call("TagResource", { resourceArn: stage.arn, tags: tags(30, 20) }); // 10 overlap: 50 in total
    expect(Object.keys(await tagsOf(kit, stage.arn))).toHaveLength(50);
    await kit.fails("TagResource", { resourceArn: stage.arn, tags: { extra: "x" } }, "ValidationException");
    expect(Object.keys(await tagsOf(kit, stage.arn))).toHaveLength(50);
    await kit.call("TagResource", { resourceArn: stage.arn, tags: { k0: "overwrite" } }); // overwrite: still 50
  });

  it("404s for unknown ARNs, including ARNs of other accounts and regions", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    const id = stage.arn.split("/")[1];
    for (const resourceArn of [
      `arn:aws:ivs:${REGION}:${ACCOUNT}:stage/AAAAAAAAAAAA`,
      `arn:aws:ivs:eu-west-1:${ACCOUNT}:stage/${id}`,
      `arn:aws:ivs:${REGION}:999999999999:stage/${id}`,
    ]) {
      await kit.fails("ListTagsForResource", { resourceArn }, "ResourceNotFoundException");
      await kit.fails("TagResource", { resourceArn, tags: { a: "b" } }, "ResourceNotFoundException");
      await kit.fails("UntagResource", { resourceArn, tagKeys: ["a"] }, "ResourceNotFoundException");
    }
  });
});
