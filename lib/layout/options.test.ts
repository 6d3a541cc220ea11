import { describe, expect, it } from "vitest";
import { canvasOf, layoutDefaults, resolveLayout } from "./options";

describe("resolveLayout: documented defaults (api §8)", () => {
  it("grid: gap 2, VIDEO tiles, fill mode unset (COVER tiles / CONTAIN featured), nothing omitted", () => {
    expect(resolveLayout({ grid: {} })).toEqual({
      kind: "grid",
      omitStoppedVideo: false,
      aspectRatio: "VIDEO",
      gap: 2,
    });
    expect(resolveLayout(undefined)).toEqual(resolveLayout({}));
    expect(resolveLayout({})).toEqual(resolveLayout({ grid: {} }));
    expect(layoutDefaults.grid.videoFillMode).toEqual({ tiles: "COVER", featured: "CONTAIN" });
  });

  it("PiP: gap 0, COVER, STATIC, BOTTOM_RIGHT, offset 0, size derived", () => {
    expect(resolveLayout({ pip: {} })).toEqual({
      kind: "pip",
      omitStoppedVideo: false,
      fillMode: "COVER",
      gap: 0,
      behavior: "STATIC",
      position: "BOTTOM_RIGHT",
      offset: 0,
    });
  });

  it("reads IVS echoes: empty strings are unset, PiP wins next to grid", () => {
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
    expect(resolveLayout(echoed)).toEqual(resolveLayout({ grid: {} }));
    const both = { grid: { gridGap: 9 }, pip: { pipParticipantAttribute: "pip", pipWidth: 100 } };
    expect(resolveLayout(both)).toMatchObject({ kind: "pip", pipAttribute: "pip", width: 100, gap: 0 });
  });

  it("keeps every set option", () => {
    expect(
      resolveLayout({
        pip: {
          featuredParticipantAttribute: "f",
          participantOrderAttribute: "o",
          pipParticipantAttribute: "p",
          omitStoppedVideo: true,
          videoFillMode: "CONTAIN",
          gridGap: 4,
          pipBehavior: "DYNAMIC",
          pipPosition: "TOP_LEFT",
          pipOffset: 12,
          pipWidth: 400,
          pipHeight: 300,
        },
      }),
    ).toEqual({
      kind: "pip",
      featuredAttribute: "f",
      orderAttribute: "o",
      pipAttribute: "p",
      omitStoppedVideo: true,
      fillMode: "CONTAIN",
      gap: 4,
      behavior: "DYNAMIC",
      position: "TOP_LEFT",
      offset: 12,
      width: 400,
      height: 300,
    });
    expect(
      resolveLayout({
        grid: { videoAspectRatio: "PORTRAIT", videoFillMode: "FILL", gridGap: 0, omitStoppedVideo: true },
      }),
    ).toEqual({
      kind: "grid",
      omitStoppedVideo: true,
      aspectRatio: "PORTRAIT",
      fillMode: "FILL",
      gap: 0,
    });
  });

  it("ignores values outside the enums and non-numbers", () => {
    expect(resolveLayout({ grid: { videoAspectRatio: "WIDE", videoFillMode: "STRETCH", gridGap: -3 } })).toEqual(
      resolveLayout({ grid: {} }),
    );
    expect(resolveLayout({ pip: { pipWidth: 0, pipHeight: Number.NaN, pipOffset: -1 } })).toEqual(
      resolveLayout({ pip: {} }),
    );
  });

  it("canvas from an encoder configuration's video, 1280×720 by default", () => {
    expect(canvasOf(undefined)).toEqual({ width: 1280, height: 720 });
    expect(canvasOf({ width: 1920 })).toEqual({ width: 1920, height: 720 });
    expect(canvasOf({ width: 720, height: 1280 })).toEqual({ width: 720, height: 1280 });
  });
});
