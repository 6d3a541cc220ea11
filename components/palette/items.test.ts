import { describe, expect, it } from "vitest";
import { compositionItems, pageItems, paletteFilter, regionItems, sessionItems, stageItems } from "./items";

const context = { region: "us-east-1", profile: "prod" };
const stageArn = (id: string) => `arn:aws:ivs:us-east-1:123456789012:stage/${id}`;
const stages = [
  { arn: stageArn("aaaaAAAAaaaa"), name: "morning-show", activeSessionId: "st-1234567890abc" },
  { arn: stageArn("bbbbBBBBbbbb"), name: "" },
];

describe("palette items", () => {
  it("links every page with the context", () => {
    const items = pageItems(context);
    expect(items.map((i) => i.label)).toEqual([
      "Overview",
      "Stages",
      "Compositions",
      "Configurations",
      "Public keys",
      "Find a user",
      "Composition designer",
    ]);
    expect(items[3]?.href).toBe("/configurations?region=us-east-1&profile=prod");
  });

  it("offers stages by name or id, and the active session of live stages", () => {
    const items = stageItems(context, stages);
    expect(items[0]).toMatchObject({ label: "morning-show", detail: "aaaaAAAAaaaa", live: true });
    expect(items[0]?.href).toBe(
      `/stages/${encodeURIComponent(stageArn("aaaaAAAAaaaa"))}?region=us-east-1&profile=prod`,
    );
    expect(items[1]).toMatchObject({
      label: "(unnamed stage)",
      keywords: ["bbbbBBBBbbbb", "bbbbBBBBbbbb", "stage"],
      live: false,
    });

    const sessions = sessionItems(context, stages);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ label: "st-1234567890abc", detail: "live on morning-show" });
    expect(sessions[0]?.href).toContain("/sessions/st-1234567890abc?region=us-east-1");
  });

  it("offers compositions with their state and stage name", () => {
    const items = compositionItems(
      context,
      [
        {
          arn: "arn:aws:ivs:us-east-1:123456789012:composition/cccc",
          stageArn: stageArn("aaaaAAAAaaaa"),
          state: "ACTIVE",
          destinations: [],
        },
      ],
      new Map([[stageArn("aaaaAAAAaaaa"), "morning-show"]]),
    );
    expect(items[0]).toMatchObject({ label: "cccc", detail: "ACTIVE · stage morning-show" });
    expect(items[0]?.href).toMatch(/^\/compositions\/arn%3Aaws%3Aivs/);
  });

  it("switches region to the current section's list, keeping the profile", () => {
    const items = regionItems(context, ["us-east-1", "us-west-2", "eu-west-1"], "/stages/arn%3Aaws/sessions/st-1");
    expect(items.map((i) => i.href)).toEqual([
      "/stages?region=us-west-2&profile=prod",
      "/stages?region=eu-west-1&profile=prod",
    ]);
    expect(regionItems({ region: "us-east-1" }, ["us-west-2"], "/")[0]?.href).toBe("/?region=us-west-2");
  });
});

describe("palette filter", () => {
  it("hides items that do not contain every word", () => {
    expect(paletteFilter("x", "morning", ["morning-show", "aaaa"])).toBeGreaterThan(0);
    expect(paletteFilter("x", "evening", ["morning-show", "aaaa"])).toBe(0);
    expect(paletteFilter("x", "morning aaaa", ["morning-show", "aaaa"])).toBeGreaterThan(0);
    expect(paletteFilter("x", "", [])).toBe(1);
  });

  it("ranks the stage named exactly like the search above its session and compositions", () => {
    const [stage] = stageItems(context, stages);
    const [session] = sessionItems(context, stages);
    const score = (keywords: readonly string[] | undefined) =>
      paletteFilter("x", "Morning-Show", [...(keywords ?? [])]);
    expect(score(stage?.keywords)).toBe(1);
    expect(score(session?.keywords)).toBeLessThan(score(stage?.keywords));
    expect(paletteFilter("x", "morn", ["morning-show"])).toBeGreaterThan(
      paletteFilter("x", "morn", ["st-1", "morning-show session"]),
    );
    expect(paletteFilter("x", "show", ["morning-show"])).toBe(0.5);
  });
});
