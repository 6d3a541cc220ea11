import { describe, expect, it } from "vitest";
import { quotas } from "./quotas";
import { ACCOUNT, REGION, createEncoder, createStage, createStorage, listAll, must, setup } from "./test-kit";

const channelArn = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/Channel12345`;
const missing = (kind: string) => `arn:aws:ivs:${REGION}:${ACCOUNT}:${kind}/AAAAAAAAAAAA`;

describe("encoder configurations", () => {
  it("defaults video to 1280×720, 2.5 Mbps, 30 fps and keeps given members", async () => {
    const kit = setup();
    const { encoderConfiguration } = await kit.call("CreateEncoderConfiguration", {});
    expect(encoderConfiguration).toEqual({
      arn: expect.stringMatching(
        new RegExp(`^arn:aws:ivs:${REGION}:${ACCOUNT}:encoder-configuration/[A-Za-z0-9]{12}$`),
      ),
      name: "",
      tags: {},
      video: { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 },
    });
    const custom = await kit.call("CreateEncoderConfiguration", {
      name: "hd",
      video: { width: 1920, height: 1080 },
      tags: { k: "v" },
    });
    expect(must(custom.encoderConfiguration).video).toEqual({
      width: 1920,
      height: 1080,
      framerate: 30,
      bitrate: 2_500_000,
    });
    const arn = must(custom.encoderConfiguration).arn;
    expect((await kit.call("GetEncoderConfiguration", { arn })).encoderConfiguration).toEqual(
      custom.encoderConfiguration,
    );
    const { encoderConfigurations } = await kit.call("ListEncoderConfigurations", {});
    expect(must(encoderConfigurations[1])).toEqual({ arn, name: "hd", tags: { k: "v" } });
  });

  it("enforces the quota of 20 (402)", async () => {
    const kit = setup();
    for (let i = 0; i < quotas.encoderConfigurations; i++) await createEncoder(kit);
    await kit.fails("CreateEncoderConfiguration", {}, "ServiceQuotaExceededException");
  });

  it("cannot be deleted while a running composition uses it (409); can once stopped", async () => {
    const kit = setup();
    const encoder = await createEncoder(kit);
    const stage = await createStage(kit);
    const c = must(
      (
        await kit.call("StartComposition", {
          stageArn: stage.arn,
          destinations: [{ channel: { channelArn, encoderConfigurationArn: encoder } }],
        })
      ).composition,
    );
    await kit.fails("DeleteEncoderConfiguration", { arn: encoder }, "ConflictException");
    await kit.call("StopComposition", { arn: c.arn });
    await kit.call("DeleteEncoderConfiguration", { arn: encoder });
    await kit.fails("GetEncoderConfiguration", { arn: encoder }, "ResourceNotFoundException");
    await kit.fails("DeleteEncoderConfiguration", { arn: encoder }, "ResourceNotFoundException");
  });

  it("pages 100 by default", async () => {
    const kit = setup({ quotas: "off" });
    for (let i = 0; i < 105; i++) await createEncoder(kit);
    const first = await kit.call("ListEncoderConfigurations", {});
    expect(first.encoderConfigurations).toHaveLength(100);
    const all = await listAll(kit, "ListEncoderConfigurations", {}, (o) => o.encoderConfigurations);
    expect(all).toMatchObject({ pages: 2 });
    expect(new Set(all.items.map((e) => e.arn)).size).toBe(105);
  });
});

describe("storage configurations", () => {
  it("creates, gets and lists (summary = full shape)", async () => {
    const kit = setup();
    const { storageConfiguration } = await kit.call("CreateStorageConfiguration", {
      name: "rec",
      s3: { bucketName: "my-bucket" },
      tags: { a: "b" },
    });
    expect(storageConfiguration).toEqual({
      arn: expect.stringMatching(
        new RegExp(`^arn:aws:ivs:${REGION}:${ACCOUNT}:storage-configuration/[A-Za-z0-9]{12}$`),
      ),
      name: "rec",
      s3: { bucketName: "my-bucket" },
      tags: { a: "b" },
    });
    const arn = must(storageConfiguration).arn;
    expect((await kit.call("GetStorageConfiguration", { arn })).storageConfiguration).toEqual(storageConfiguration);
    expect((await kit.call("ListStorageConfigurations", {})).storageConfigurations).toEqual([storageConfiguration]);
  });

  it("enforces the quota of 5 (402), which is also the default page size", async () => {
    const kit = setup();
    for (let i = 0; i < quotas.storageConfigurations; i++) await createStorage(kit);
    await kit.fails("CreateStorageConfiguration", { s3: { bucketName: "abc" } }, "ServiceQuotaExceededException");
    const relaxed = setup({ quotas: "off" });
    for (let i = 0; i < 7; i++) await createStorage(relaxed);
    const page = await relaxed.call("ListStorageConfigurations", {});
    expect(page.storageConfigurations).toHaveLength(5);
    expect(page.nextToken).toBeDefined();
  });

  it("409 while used by a running composition or a stage's auto-recording", async () => {
    const kit = setup();
    const storage = await createStorage(kit);
    const encoder = await createEncoder(kit);
    const stage = await createStage(kit);
    const c = must(
      (
        await kit.call("StartComposition", {
          stageArn: stage.arn,
          destinations: [{ s3: { storageConfigurationArn: storage, encoderConfigurationArns: [encoder] } }],
        })
      ).composition,
    );
    await kit.fails("DeleteStorageConfiguration", { arn: storage }, "ConflictException");
    await kit.call("StopComposition", { arn: c.arn });
    await kit.call("UpdateStage", {
      arn: stage.arn,
      autoParticipantRecordingConfiguration: { storageConfigurationArn: storage },
    });
    await kit.fails("DeleteStorageConfiguration", { arn: storage }, "ConflictException");
    await kit.call("UpdateStage", {
      arn: stage.arn,
      autoParticipantRecordingConfiguration: { storageConfigurationArn: "" },
    });
    await kit.call("DeleteStorageConfiguration", { arn: storage });
    await kit.fails("GetStorageConfiguration", { arn: storage }, "ResourceNotFoundException");
  });

  it("404s for unknown ARNs", async () => {
    const kit = setup();
    await kit.fails("GetStorageConfiguration", { arn: missing("storage-configuration") }, "ResourceNotFoundException");
    await kit.fails(
      "DeleteStorageConfiguration",
      { arn: missing("storage-configuration") },
      "ResourceNotFoundException",
    );
  });
});
