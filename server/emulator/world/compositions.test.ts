import { describe, expect, it } from "vitest";
import { quotas } from "./quotas";
import { finishCompositionStop, removeComposition } from "./store";
import {
  ACCOUNT,
  REGION,
  createEncoder,
  createStage,
  createStorage,
  must,
  setup,
  type Kit,
  type RequestOf,
} from "./test-kit";

const channelArn = `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/Channel12345`;
const missing = (kind: string) => `arn:aws:ivs:${REGION}:${ACCOUNT}:${kind}/AAAAAAAAAAAA`;

async function fixtures(kit: Kit) {
  const stage = await createStage(kit);
  return { stage, encoder: await createEncoder(kit), storage: await createStorage(kit) };
}

const s3Destination = (storage: string, encoder: string) => ({
  s3: { storageConfigurationArn: storage, encoderConfigurationArns: [encoder] },
});

describe("StartComposition", () => {
  it("echoes the grid layout, S3 defaults, destination ids, prefix, STARTING state and tags", async () => {
    const kit = setup();
    const { stage, encoder, storage } = await fixtures(kit);
    const { composition } = await kit.call("StartComposition", {
      stageArn: stage.arn,
      destinations: [s3Destination(storage, encoder), { name: "live", channel: { channelArn } }],
    });
    const c = must(composition);
    const compositionId = must(c.arn.split("/")[1]);
    expect(c.arn).toMatch(new RegExp(`^arn:aws:ivs:${REGION}:${ACCOUNT}:composition/[A-Za-z0-9]{12}$`));
    expect(c.state).toBe("STARTING");
    expect(c.startTime).toBe("2026-01-01T00:00:00.000Z");
    expect(c.endTime).toBeUndefined();
    expect(c.tags).toEqual({});
    expect(c.layout).toEqual({
      grid: {
        featuredParticipantAttribute: "",
        gridGap: 2,
        omitStoppedVideo: false,
        participantOrderAttribute: "",
        videoAspectRatio: "VIDEO",
        videoFillMode: "",
      },
    });
    const [s3, channel] = c.destinations;
    expect(must(s3)).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
      state: "STARTING",
      configuration: {
        name: "",
        s3: {
          storageConfigurationArn: storage,
          encoderConfigurationArns: [encoder],
          recordingConfiguration: { format: "HLS", hlsConfiguration: { targetSegmentDurationSeconds: 2 } },
          thumbnailConfigurations: [{ targetIntervalSeconds: 60, storage: ["SEQUENTIAL"] }],
        },
      },
      detail: {
        s3: {
          recordingPrefix: expect.stringMatching(
            new RegExp(`^[A-Za-z0-9]{12}/${compositionId}/${must(s3).id}/composite$`),
          ),
        },
      },
    });
    expect(must(channel)).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
      state: "STARTING",
      configuration: { name: "live", channel: { channelArn } },
    });
  });

  it("echoes PiP defaults and keeps given values", async () => {
    const kit = setup();
    const { stage } = await fixtures(kit);
    const { composition } = await kit.call("StartComposition", {
      stageArn: stage.arn,
      layout: { pip: { pipParticipantAttribute: "pip", pipWidth: 320 } },
      destinations: [{ channel: { channelArn } }],
      tags: { show: "morning" },
    });
    expect(must(composition).layout).toEqual({
      pip: {
        featuredParticipantAttribute: "",
        gridGap: 0,
        omitStoppedVideo: false,
        participantOrderAttribute: "",
        pipBehavior: "STATIC",
        pipOffset: 0,
        pipParticipantAttribute: "pip",
        pipPosition: "BOTTOM_RIGHT",
        videoFillMode: "COVER",
        pipWidth: 320,
      },
    });
    expect(must(composition).tags).toEqual({ show: "morning" });
  });

  it("404s when the stage, an encoder configuration or the storage configuration does not exist", async () => {
    const kit = setup();
    const { stage, encoder, storage } = await fixtures(kit);
    await kit.fails(
      "StartComposition",
      { stageArn: missing("stage"), destinations: [{ channel: { channelArn } }] },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "StartComposition",
      { stageArn: stage.arn, destinations: [s3Destination(storage, missing("encoder-configuration"))] },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "StartComposition",
      {
        stageArn: stage.arn,
        destinations: [{ channel: { channelArn, encoderConfigurationArn: missing("encoder-configuration") } }],
      },
      "ResourceNotFoundException",
    );
    await kit.fails(
      "StartComposition",
      { stageArn: stage.arn, destinations: [s3Destination(missing("storage-configuration"), encoder)] },
      "ResourceNotFoundException",
    );
  });

  it("allows 5 running compositions per stage and 20 per account and region (402), counting only STARTING/ACTIVE", async () => {
    const kit = setup();
    const start = (stageArn: string) =>
      kit.call("StartComposition", { stageArn, destinations: [{ channel: { channelArn } }] });
    const stages = [];
    const stageCount = quotas.compositions / quotas.compositionsPerStage; // 4 stages × 5 = the account quota of 20
    for (let i = 0; i < stageCount; i++) stages.push(await createStage(kit));
    const first = must(stages[0]);
    const started = [];
    for (let i = 0; i < quotas.compositionsPerStage; i++) started.push(must((await start(first.arn)).composition));
    await kit.fails(
      "StartComposition",
      { stageArn: first.arn, destinations: [{ channel: { channelArn } }] },
      "ServiceQuotaExceededException",
    );
    await kit.call("StopComposition", { arn: must(started[0]).arn });
    await start(first.arn); // a stopped one no longer counts
    for (const stage of stages.slice(1)) for (let i = 0; i < quotas.compositionsPerStage; i++) await start(stage.arn);
    const extra = await createStage(kit);
    await kit.fails(
      "StartComposition",
      { stageArn: extra.arn, destinations: [{ channel: { channelArn } }] },
      "ServiceQuotaExceededException",
    );
  });
});

describe("StartComposition idempotency", () => {
  it("returns the same composition for the same token and input; 409 for the same token with another input", async () => {
    const kit = setup();
    const { stage, encoder } = await fixtures(kit);
    const request: RequestOf<"StartComposition"> = {
      stageArn: stage.arn,
      idempotencyToken: "token-1",
      destinations: [{ channel: { channelArn, encoderConfigurationArn: encoder } }],
    };
    const first = must((await kit.call("StartComposition", request)).composition);
    const again = must((await kit.call("StartComposition", { ...request })).composition);
    expect(again).toEqual(first);
    expect((await kit.call("ListCompositions", {})).compositions).toHaveLength(1);
    await kit.fails("StartComposition", { ...request, tags: { changed: "yes" } }, "ConflictException");
    const other = must((await kit.call("StartComposition", { ...request, idempotencyToken: "token-2" })).composition);
    expect(other.arn).not.toBe(first.arn);
  });

  it("forgets a token once its composition is removed", async () => {
    const kit = setup();
    const { stage } = await fixtures(kit);
    const request = { stageArn: stage.arn, idempotencyToken: "t", destinations: [{ channel: { channelArn } }] };
    const first = must((await kit.call("StartComposition", request)).composition);
    removeComposition(kit.store(), first.arn);
    await kit.fails("GetComposition", { arn: first.arn }, "ResourceNotFoundException");
    const second = must((await kit.call("StartComposition", request)).composition);
    expect(second.arn).not.toBe(first.arn);
  });
});

describe("StopComposition / GetComposition / ListCompositions", () => {
  it("stops (STOPPED with endTime on composition and destinations) and keeps listing it", async () => {
    const kit = setup();
    const { stage, encoder, storage } = await fixtures(kit);
    const c = must(
      (await kit.call("StartComposition", { stageArn: stage.arn, destinations: [s3Destination(storage, encoder)] }))
        .composition,
    );
    kit.clock.advance(10_000);
    await kit.call("StopComposition", { arn: c.arn });
    const stopped = must((await kit.call("GetComposition", { arn: c.arn })).composition);
    expect(stopped.state).toBe("STOPPED");
    expect(stopped.endTime).toBe("2026-01-01T00:00:10.000Z");
    expect(stopped.destinations.map((d) => [d.state, d.endTime])).toEqual([["STOPPED", "2026-01-01T00:00:10.000Z"]]);
    const [summary] = (await kit.call("ListCompositions", {})).compositions;
    expect(must(summary)).toEqual({
      arn: c.arn,
      stageArn: stage.arn,
      state: "STOPPED",
      startTime: c.startTime,
      endTime: "2026-01-01T00:00:10.000Z",
      tags: {},
      destinations: [{ id: must(c.destinations[0]).id, state: "STOPPED", endTime: "2026-01-01T00:00:10.000Z" }],
    });
    await kit.call("StopComposition", { arn: c.arn }); // stopping a stopped composition is a no-op
  });

  it("uses the lifecycle hook: a simulation may finish the stop later", async () => {
    const kit = setup();
    const { stage } = await fixtures(kit);
    const pending: (() => void)[] = [];
    kit.world.lifecycle = {
      ...kit.world.lifecycle,
      compositionStopRequested: (store, composition) => pending.push(() => finishCompositionStop(store, composition)),
    };
    const c = must(
      (await kit.call("StartComposition", { stageArn: stage.arn, destinations: [{ channel: { channelArn } }] }))
        .composition,
    );
    await kit.call("StopComposition", { arn: c.arn });
    expect(must((await kit.call("GetComposition", { arn: c.arn })).composition).state).toBe("STOPPING");
    pending.forEach((finish) => finish());
    expect(must((await kit.call("GetComposition", { arn: c.arn })).composition).state).toBe("STOPPED");
  });

  it("filters by stage and by encoder configuration", async () => {
    const kit = setup();
    const { stage, encoder, storage } = await fixtures(kit);
    const other = await createStage(kit);
    const a = must(
      (await kit.call("StartComposition", { stageArn: stage.arn, destinations: [s3Destination(storage, encoder)] }))
        .composition,
    );
    const b = must(
      (await kit.call("StartComposition", { stageArn: other.arn, destinations: [{ channel: { channelArn } }] }))
        .composition,
    );
    const arns = async (filters: RequestOf<"ListCompositions">) =>
      (await kit.call("ListCompositions", filters)).compositions.map((c) => c.arn);
    expect(await arns({})).toEqual([a.arn, b.arn]);
    expect(await arns({ filterByStageArn: other.arn })).toEqual([b.arn]);
    expect(await arns({ filterByEncoderConfigurationArn: encoder })).toEqual([a.arn]);
  });

  it("404s for unknown compositions", async () => {
    const kit = setup();
    await kit.fails("GetComposition", { arn: missing("composition") }, "ResourceNotFoundException");
    await kit.fails("StopComposition", { arn: missing("composition") }, "ResourceNotFoundException");
  });
});
