import { describe, expect, it } from "vitest";
import {
  buildStartRequest,
  destinationsFromForm,
  emptyDestinations,
  emptyLayoutForm,
  emptyPipForm,
  formFromLayout,
  layoutErrors,
  layoutFromForm,
  messagesUnder,
  requestErrors,
  type DestinationsForm,
} from "./model";

const region = "us-east-1";
const stageArn = `arn:aws:ivs:${region}:123456789012:stage/AbCdEfGhIjKl`;
const encoderArn = `arn:aws:ivs:${region}:123456789012:encoder-configuration/EnCoDeR12345`;
const storageArn = `arn:aws:ivs:${region}:123456789012:storage-configuration/StOrAgE12345`;
const channelArn = `arn:aws:ivs:${region}:123456789012:channel/ChAnNeL12345`;

const both: DestinationsForm = {
  channel: { ...emptyDestinations.channel, enabled: true, channelArn },
  s3: { ...emptyDestinations.s3, enabled: true, storageArn, encoderArn },
};

describe("layout form", () => {
  it("sends only what the producer set", () => {
    expect(layoutFromForm(emptyLayoutForm)).toEqual({ grid: {} });
    expect(layoutFromForm({ ...emptyLayoutForm, kind: "pip" })).toEqual({ pip: {} });
    const pip = {
      ...emptyPipForm,
      pipParticipantAttribute: " pip ",
      pipWidth: "320",
      pipPosition: "TOP_LEFT" as const,
      omitStoppedVideo: true,
      gridGap: "",
    };
    expect(layoutFromForm({ ...emptyLayoutForm, kind: "pip", pip })).toEqual({
      pip: { pipParticipantAttribute: "pip", pipWidth: 320, pipPosition: "TOP_LEFT", omitStoppedVideo: true },
    });
  });

  it("round-trips through formFromLayout, also from IVS echoes", () => {
    const layout = {
      grid: {
        featuredParticipantAttribute: "f",
        gridGap: 8,
        videoAspectRatio: "SQUARE" as const,
        videoFillMode: "CONTAIN" as const,
        omitStoppedVideo: true,
      },
    };
    expect(layoutFromForm(formFromLayout(layout))).toEqual(layout);
    const echoed = {
      grid: {
        featuredParticipantAttribute: "",
        gridGap: 2,
        omitStoppedVideo: false,
        participantOrderAttribute: "",
        videoAspectRatio: "VIDEO",
        videoFillMode: "",
      },
    };
    expect(layoutFromForm(formFromLayout(echoed))).toEqual({ grid: { gridGap: 2, videoAspectRatio: "VIDEO" } });
  });

  it("reports invalid values with the shared shape's messages, keyed by field", () => {
    const form = {
      ...emptyLayoutForm,
      kind: "pip" as const,
      pip: { ...emptyPipForm, pipWidth: "0", pipOffset: "-3", gridGap: "wide", pipParticipantAttribute: "has space" },
    };
    const errors = layoutErrors(layoutFromForm(form));
    expect(Object.keys(errors).sort()).toEqual([
      "pip.gridGap",
      "pip.pipOffset",
      "pip.pipParticipantAttribute",
      "pip.pipWidth",
    ]);
    expect(errors["pip.pipWidth"]?.[0]).toMatch(/greater than or equal to 1/);
  });
});

describe("destinations", () => {
  it("builds a channel and an S3 destination with defaults left out", () => {
    expect(destinationsFromForm(both)).toEqual([
      { channel: { channelArn } },
      { s3: { storageConfigurationArn: storageArn, encoderConfigurationArns: [encoderArn] } },
    ]);
  });

  it("carries segment duration, thumbnails (or none) and names", () => {
    const s3 = { ...both.s3, name: "archive", segmentSeconds: "6", thumbnailInterval: "30", latest: true };
    expect(destinationsFromForm({ channel: emptyDestinations.channel, s3 })).toEqual([
      {
        name: "archive",
        s3: {
          storageConfigurationArn: storageArn,
          encoderConfigurationArns: [encoderArn],
          recordingConfiguration: { hlsConfiguration: { targetSegmentDurationSeconds: 6 } },
          thumbnailConfigurations: [{ targetIntervalSeconds: 30, storage: ["SEQUENTIAL", "LATEST"] }],
        },
      },
    ]);
    expect(
      destinationsFromForm({ channel: emptyDestinations.channel, s3: { ...both.s3, thumbnails: false } })[0]?.s3
        ?.thumbnailConfigurations,
    ).toEqual([]);
  });
});

describe("the StartComposition request", () => {
  it("is valid for a complete design", () => {
    const request = buildStartRequest({
      stageArn,
      layout: { pip: { pipParticipantAttribute: "pip" } },
      destinations: both,
      tags: { show: "x" },
    });
    expect(request).toEqual({
      stageArn,
      layout: { pip: { pipParticipantAttribute: "pip" } },
      destinations: [
        { channel: { channelArn } },
        { s3: { storageConfigurationArn: storageArn, encoderConfigurationArns: [encoderArn] } },
      ],
      tags: { show: "x" },
    });
    expect(requestErrors(request, both, region)).toEqual({});
  });

  it("explains every missing piece, once per field", () => {
    const none = buildStartRequest({ stageArn: "", layout: { grid: {} }, destinations: emptyDestinations });
    const errors = requestErrors(none, emptyDestinations, region);
    expect(errors.stageArn).toEqual(["Choose a stage."]);
    expect(errors.destinations).toEqual(["Choose at least one destination: an IVS channel, S3, or both."]);

    const incomplete: DestinationsForm = {
      channel: {
        ...emptyDestinations.channel,
        enabled: true,
        channelArn: "arn:aws:ivs:eu-west-1:123456789012:channel/ChAnNeL12345",
      },
      s3: { ...emptyDestinations.s3, enabled: true, segmentSeconds: "11", thumbnails: true, sequential: false },
    };
    const request = buildStartRequest({ stageArn, layout: { grid: {} }, destinations: incomplete });
    const found = requestErrors(request, incomplete, region);
    expect(found["destinations.0.channel.channelArn"]?.[0]).toMatch(/must be in this region \(us-east-1\)/);
    expect(found["destinations.1.s3.storageConfigurationArn"]).toEqual(["Choose a storage configuration."]);
    expect(found["destinations.1.s3.encoderConfigurationArns"]).toEqual([
      "An S3 destination needs exactly one encoder configuration.",
    ]);
    expect(
      found["destinations.1.s3.recordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds"]?.[0],
    ).toMatch(/less than or equal to 10/);
    expect(found["destinations.1.s3.thumbnailConfigurations.0.storage"]?.[0]).toMatch(/Choose where thumbnails go/);
    expect(messagesUnder(found, "destinations.1.s3")).toHaveLength(4);
  });

  it("rejects a malformed channel ARN with the shape's pattern message", () => {
    const form: DestinationsForm = {
      ...emptyDestinations,
      channel: { ...emptyDestinations.channel, enabled: true, channelArn: "my-channel" },
    };
    const errors = requestErrors(
      buildStartRequest({ stageArn, layout: { grid: {} }, destinations: form }),
      form,
      region,
    );
    expect(errors["destinations.0.channel.channelArn"]?.[0]).toMatch(/regular expression pattern/);
  });
});
