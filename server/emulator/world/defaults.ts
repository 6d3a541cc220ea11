import type { HandlerInput } from "../contract";
import type {
  AutoParticipantRecordingConfiguration,
  DestinationConfigurationInput,
  LayoutConfiguration,
  LayoutConfigurationInput,
  ParticipantTokenCapabilities,
} from "./shapes";

/** Values IVS fills in when the caller leaves a member out, echoed in responses (api doc §2.3, §3.2, §5). */

export const defaultTokenDurationMinutes = 720;
export const defaultTokenCapabilities: ParticipantTokenCapabilities = ["PUBLISH", "SUBSCRIBE"];

export const defaultVideo = { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 } as const;

type VideoInput = HandlerInput<"CreateEncoderConfiguration">["video"];

export function videoWithDefaults(video: VideoInput) {
  return {
    width: video?.width ?? defaultVideo.width,
    height: video?.height ?? defaultVideo.height,
    framerate: video?.framerate ?? defaultVideo.framerate,
    bitrate: video?.bitrate ?? defaultVideo.bitrate,
  };
}

type AutoRecordingInput = HandlerInput<"CreateStage">["autoParticipantRecordingConfiguration"];

/**
 * The stored auto-recording configuration. Omitted members take their defaults; a configuration whose
 * `storageConfigurationArn` is `""` (recording disabled) is reset entirely to the defaults.
 */
export function autoRecordingWithDefaults(input: AutoRecordingInput): AutoParticipantRecordingConfiguration {
  const given = input?.storageConfigurationArn ? input : undefined;
  const thumbnail = given?.thumbnailConfiguration;
  return {
    storageConfigurationArn: given?.storageConfigurationArn ?? "",
    mediaTypes: given?.mediaTypes ?? ["AUDIO_VIDEO"],
    thumbnailConfiguration: {
      targetIntervalSeconds: thumbnail?.targetIntervalSeconds ?? 60,
      storage: thumbnail?.storage ?? ["SEQUENTIAL"],
      recordingMode: thumbnail?.recordingMode ?? "DISABLED",
    },
    recordingReconnectWindowSeconds: given?.recordingReconnectWindowSeconds ?? 0,
    hlsConfiguration: { targetSegmentDurationSeconds: given?.hlsConfiguration?.targetSegmentDurationSeconds ?? 6 },
    recordParticipantReplicas: given?.recordParticipantReplicas ?? true,
  };
}

type GridInput = NonNullable<NonNullable<LayoutConfigurationInput>["grid"]>;
type PipInput = NonNullable<NonNullable<LayoutConfigurationInput>["pip"]>;

function gridWithDefaults(grid: GridInput): NonNullable<LayoutConfiguration["grid"]> {
  return {
    featuredParticipantAttribute: grid.featuredParticipantAttribute ?? "",
    gridGap: grid.gridGap ?? 2,
    omitStoppedVideo: grid.omitStoppedVideo ?? false,
    participantOrderAttribute: grid.participantOrderAttribute ?? "",
    videoAspectRatio: grid.videoAspectRatio ?? "VIDEO",
    videoFillMode: grid.videoFillMode ?? "",
  };
}

function pipWithDefaults(pip: PipInput): NonNullable<LayoutConfiguration["pip"]> {
  return {
    featuredParticipantAttribute: pip.featuredParticipantAttribute ?? "",
    gridGap: pip.gridGap ?? 0,
    omitStoppedVideo: pip.omitStoppedVideo ?? false,
    participantOrderAttribute: pip.participantOrderAttribute ?? "",
    pipBehavior: pip.pipBehavior ?? "STATIC",
    pipOffset: pip.pipOffset ?? 0,
    pipParticipantAttribute: pip.pipParticipantAttribute ?? "",
    pipPosition: pip.pipPosition ?? "BOTTOM_RIGHT",
    videoFillMode: pip.videoFillMode ?? "COVER",
    ...(pip.pipWidth === undefined ? {} : { pipWidth: pip.pipWidth }),
    ...(pip.pipHeight === undefined ? {} : { pipHeight: pip.pipHeight }),
  };
}

/** Grid when no layout (or an empty one) is given; each given layout echoed with its defaults filled in. */
export function layoutWithDefaults(layout: LayoutConfigurationInput): LayoutConfiguration {
  const grid = layout?.grid;
  const pip = layout?.pip;
  if (!pip) return { grid: gridWithDefaults(grid ?? {}) };
  return { ...(grid ? { grid: gridWithDefaults(grid) } : {}), pip: pipWithDefaults(pip) };
}

type S3Input = NonNullable<DestinationConfigurationInput["s3"]>;

function s3WithDefaults(s3: S3Input) {
  const recording = s3.recordingConfiguration;
  return {
    storageConfigurationArn: s3.storageConfigurationArn,
    encoderConfigurationArns: [...s3.encoderConfigurationArns],
    recordingConfiguration: {
      format: recording?.format ?? "HLS",
      hlsConfiguration: {
        targetSegmentDurationSeconds: recording?.hlsConfiguration?.targetSegmentDurationSeconds ?? 2,
      },
    },
    thumbnailConfigurations: (s3.thumbnailConfigurations ?? [{}]).map((thumbnail) => ({
      targetIntervalSeconds: thumbnail.targetIntervalSeconds ?? 60,
      storage: thumbnail.storage ?? ["SEQUENTIAL"],
    })),
  };
}

/** A destination's configuration as echoed: `name` defaults to `""`, S3 recording/thumbnail defaults filled. */
export function destinationConfigurationWithDefaults(configuration: DestinationConfigurationInput) {
  return {
    name: configuration.name ?? "",
    ...(configuration.channel ? { channel: { ...configuration.channel } } : {}),
    ...(configuration.s3 ? { s3: s3WithDefaults(configuration.s3) } : {}),
  };
}
