import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPresetStore, type PresetStore } from "./presets";
import { openTestDatabase, testEngines, type TestDatabase } from "./testing";

const pip = { pip: { pipParticipantAttribute: "pip", pipPosition: "TOP_LEFT" as const, pipOffset: 16 } };
const grid = { grid: { gridGap: 4, videoAspectRatio: "SQUARE" as const } };

describe.each(testEngines)("layout preset store on %s", (engine) => {
  let handle: TestDatabase;
  let presetStore: PresetStore;
  beforeEach(async () => {
    handle = await openTestDatabase(engine);
    presetStore = createPresetStore(async () => handle);
  });
  afterEach(() => handle.close());

  it("saves, lists by name and loads a preset", async () => {
    const saved = await presetStore.save({ name: "Interview", layout: pip }, new Date("2026-01-02T03:04:05.000Z"));
    expect(saved).toMatchObject({
      ok: true,
      replaced: false,
      preset: { name: "Interview", layout: pip, createdAt: "2026-01-02T03:04:05.000Z" },
    });
    await presetStore.save({ name: "a panel", layout: grid });
    expect((await presetStore.list()).map((p) => p.name)).toEqual(["a panel", "Interview"]);
    expect((await presetStore.get("interview"))?.layout).toEqual(pip);
  });

  it("keeps names unique ignoring case, and replaces only when asked", async () => {
    await presetStore.save({ name: "Show", layout: grid }, new Date("2026-01-01T00:00:00.000Z"));
    expect(await presetStore.save({ name: "SHOW", layout: pip })).toEqual({
      ok: false,
      reason: "exists",
      existing: "Show",
    });
    expect((await presetStore.get("Show"))?.layout).toEqual(grid);
    const replaced = await presetStore.save(
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
    expect(await presetStore.list()).toHaveLength(1);
  });

  it("the database itself refuses a second name differing only in case", async () => {
    await presetStore.save({ name: "Show", layout: grid });
    await expect(
      sql`INSERT INTO layout_presets (name, layout, created_at, updated_at) VALUES ('SHOW', '{}', 'x', 'x')`.execute(
        handle.db,
      ),
    ).rejects.toThrow();
  });

  it("refuses a layout the shared shape rejects", async () => {
    await expect(presetStore.save({ name: "bad", layout: { grid: { gridGap: -1 } } })).rejects.toThrow();
    await expect(presetStore.save({ name: "both", layout: { ...grid, ...pip } })).rejects.toThrow();
    expect(await presetStore.list()).toEqual([]);
  });

  it("skips rows that no longer validate", async () => {
    await handle.db
      .insertInto("layout_presets")
      .values([
        { name: "broken", layout: "{not json", created_at: "x", updated_at: "x", created_by: null },
        { name: "old", layout: '{"grid":{"gridGap":"wide"}}', created_at: "x", updated_at: "x", created_by: null },
      ])
      .execute();
    await presetStore.save({ name: "fine", layout: grid });
    expect((await presetStore.list()).map((p) => p.name)).toEqual(["fine"]);
  });

  it("deletes by name ignoring case", async () => {
    await presetStore.save({ name: "Gone", layout: grid });
    expect(await presetStore.delete("gone")).toBe(true);
    expect(await presetStore.delete("gone")).toBe(false);
    expect(await presetStore.list()).toEqual([]);
  });
});
