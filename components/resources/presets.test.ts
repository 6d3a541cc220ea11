import { describe, expect, it } from "vitest";
import { operations } from "@/lib/ivs/operations";
import { VideoInput } from "@/lib/ivs/structures";
import {
  defaultVideo,
  encoderPresets,
  exceedsPublishLimit,
  fieldsOf,
  formatBitrate,
  formatFramerate,
  formatSize,
  presetMatching,
  videoFromFields,
} from "./presets";

describe("encoder presets", () => {
  it("are all valid CreateEncoderConfiguration video members, with unique ids", () => {
    for (const preset of encoderPresets) {
      expect(VideoInput.safeParse(preset.video).success, preset.id).toBe(true);
      expect(operations.CreateEncoderConfiguration.input.safeParse({ name: "x", video: preset.video }).success).toBe(
        true,
      );
    }
    expect(new Set(encoderPresets.map((p) => p.id)).size).toBe(encoderPresets.length);
  });

  it("include the documented sizes", () => {
    const sizes = Object.fromEntries(encoderPresets.map((p) => [p.id, p.video]));
    expect(sizes["720p30"]).toEqual({ width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 });
    expect(sizes["1080p30"]).toEqual({ width: 1920, height: 1080, framerate: 30, bitrate: 3_500_000 });
    expect(sizes["portrait-720"]).toMatchObject({ width: 720, height: 1280 });
    expect(sizes["portrait-1080"]).toMatchObject({ width: 1080, height: 1920 });
    expect(sizes["audio-first"]?.bitrate).toBeLessThan(1_000_000);
  });

  it("round-trips through the form fields and is recognised again", () => {
    for (const preset of encoderPresets) {
      const fields = fieldsOf(preset.video);
      expect(videoFromFields(fields)).toEqual(preset.video);
      expect(presetMatching(fields)).toBe(preset.id);
    }
    expect(presetMatching({ ...fieldsOf(defaultVideo), bitrate: "2500001" })).toBe("custom");
  });

  it("omits blank fields and keeps non-numbers as NaN so the shared schema reports them", () => {
    expect(videoFromFields({ width: "", height: " 720 ", framerate: "", bitrate: "" })).toEqual({ height: 720 });
    const video = videoFromFields({ width: "abc", height: "720", framerate: "30", bitrate: "1" });
    expect(Number.isNaN(video.width)).toBe(true);
    expect(VideoInput.safeParse(video).success).toBe(false);
  });

  it("lets the shared schema catch odd sizes and the pixel budget", () => {
    const odd = operations.CreateEncoderConfiguration.input.safeParse({
      video: videoFromFields({ width: "1279", height: "720", framerate: "30", bitrate: "1" }),
    });
    expect(odd.success).toBe(false);
    const tooBig = operations.CreateEncoderConfiguration.input.safeParse({ video: { width: 1920, height: 1920 } });
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0]?.path).toEqual(["video"]);
  });

  it("flags outputs above the 720p publish limit", () => {
    expect(exceedsPublishLimit({ width: 1920, height: 1080 })).toBe(true);
    expect(exceedsPublishLimit({ width: 720, height: 1280 })).toBe(false);
    expect(exceedsPublishLimit({})).toBe(false);
  });

  it("formats video values", () => {
    expect(formatBitrate(2_500_000)).toBe("2.5 Mbps");
    expect(formatBitrate(500_000)).toBe("500 kbps");
    expect(formatBitrate(900)).toBe("900 bps");
    expect(formatBitrate(undefined)).toBe("—");
    expect(formatFramerate(29.97)).toBe("29.97 fps");
    expect(formatSize({ width: 1280, height: 720 })).toBe("1280×720");
    expect(formatSize(undefined)).toBe("—");
  });
});
