import { beforeAll, beforeEach, describe, expect, it } from "vitest";

process.env.CONSOLE_DB_PATH = ":memory:";
const { presetStore } = await import("./presets");
const { database } = await import("./database");

const pip = { pip: { pipParticipantAttribute: "pip", pipPosition: "TOP_LEFT" as const, pipOffset: 16 } };
const grid = { grid: { gridGap: 4, videoAspectRatio: "SQUARE" as const } };

describe("layout preset store (SQLite, :memory:)", () => {
  beforeAll(() => presetStore.list());
  beforeEach(() => database().exec("DELETE FROM layout_presets"));

  it("saves, lists by name and loads a preset", () => {
    const saved = presetStore.save({ name: "Interview", layout: pip }, new Date("2026-01-02T03:04:05.000Z"));
    expect(saved).toMatchObject({
      ok: true,
      replaced: false,
      preset: { name: "Interview", layout: pip, createdAt: "2026-01-02T03:04:05.000Z" },
    });
    presetStore.save({ name: "a panel", layout: grid });
    expect(presetStore.list().map((p) => p.name)).toEqual(["a panel", "Interview"]);
    expect(presetStore.get("interview")?.layout).toEqual(pip);
  });

  it("keeps names unique ignoring case, and replaces only when asked", () => {
    presetStore.save({ name: "Show", layout: grid }, new Date("2026-01-01T00:00:00.000Z"));
    expect(presetStore.save({ name: "SHOW", layout: pip })).toEqual({ ok: false, reason: "exists", existing: "Show" });
    expect(presetStore.get("Show")?.layout).toEqual(grid);
    const replaced = presetStore.save(
      { name: "show", layout: pip, replace: true },
      new Date("2026-02-01T00:00:00.000Z"),
    );
    expect(replaced).toMatchObject({
      ok: true,
      replaced: true,
      preset: {
        name: "Show",
        layout: pip,
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-02-01T00:00:00.000Z",
      },
    });
    expect(presetStore.list()).toHaveLength(1);
  });

  it("refuses a layout the shared shape rejects", () => {
    expect(() => presetStore.save({ name: "bad", layout: { grid: { gridGap: -1 } } })).toThrow();
    expect(() => presetStore.save({ name: "both", layout: { ...grid, ...pip } })).toThrow();
    expect(presetStore.list()).toEqual([]);
  });

  it("skips rows that no longer validate", () => {
    database()
      .prepare("INSERT INTO layout_presets (name, layout, created_at, updated_at) VALUES (?, ?, ?, ?)")
      .run("broken", "{not json", "x", "x");
    database()
      .prepare("INSERT INTO layout_presets (name, layout, created_at, updated_at) VALUES (?, ?, ?, ?)")
      .run("old", '{"grid":{"gridGap":"wide"}}', "x", "x");
    presetStore.save({ name: "fine", layout: grid });
    expect(presetStore.list().map((p) => p.name)).toEqual(["fine"]);
  });

  it("deletes by name ignoring case", () => {
    presetStore.save({ name: "Gone", layout: grid });
    expect(presetStore.delete("gone")).toBe(true);
    expect(presetStore.delete("gone")).toBe(false);
    expect(presetStore.list()).toEqual([]);
  });
});
