import "server-only";
import type Database from "better-sqlite3";
import { PresetLayout, type LayoutPreset } from "@/lib/layout/presets";
import { ensureSchema } from "./database";

type Db = Database.Database;

/**
 * Layout presets, shared by everyone using this console (one SQLite table). Names are unique ignoring case;
 * layouts are stored as JSON and validated with the shared LayoutConfiguration shape on the way in and out
 * (a row that no longer validates is skipped rather than handed to the designer).
 */
const schemaSql = `
CREATE TABLE IF NOT EXISTS layout_presets (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  layout TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT
);
`;

function db(): Db {
  return ensureSchema("layout-presets", schemaSql);
}

interface Row {
  name: string;
  layout: string;
  created_at: string;
  updated_at: string;
}

function fromRow(row: Row): LayoutPreset | undefined {
  let json: unknown;
  try {
    json = JSON.parse(row.layout);
  } catch {
    return undefined;
  }
  const parsed = PresetLayout.safeParse(json);
  return parsed.success
    ? { name: row.name, layout: parsed.data, createdAt: row.created_at, updatedAt: row.updated_at }
    : undefined;
}

export type SaveOutcome =
  { ok: true; preset: LayoutPreset; replaced: boolean } | { ok: false; reason: "exists"; existing: string };

export const presetStore = {
  /** Every preset, by name (case-insensitive). */
  list(): LayoutPreset[] {
    const rows = db()
      .prepare("SELECT name, layout, created_at, updated_at FROM layout_presets ORDER BY name COLLATE NOCASE")
      .all() as Row[];
    return rows.flatMap((row) => fromRow(row) ?? []);
  },

  get(name: string): LayoutPreset | undefined {
    const row = db()
      .prepare("SELECT name, layout, created_at, updated_at FROM layout_presets WHERE name = ?")
      .get(name) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },

  /**
   * Saves a validated preset. A name taken (ignoring case) is refused unless `replace`; replacing keeps the
   * stored spelling of the name and its creation time. Runs in one transaction (no lost update between check and write).
   */
  save(
    input: { name: string; layout: LayoutPreset["layout"]; replace?: boolean; by?: string },
    now: Date = new Date(),
  ): SaveOutcome {
    const layout = PresetLayout.parse(input.layout);
    const at = now.toISOString();
    const database = db();
    return database.transaction((): SaveOutcome => {
      const existing = database.prepare("SELECT name FROM layout_presets WHERE name = ?").get(input.name) as
        { name: string } | undefined;
      if (existing && !input.replace) return { ok: false, reason: "exists", existing: existing.name };
      if (existing) {
        database
          .prepare("UPDATE layout_presets SET layout = ?, updated_at = ? WHERE name = ?")
          .run(JSON.stringify(layout), at, input.name);
      } else {
        database
          .prepare(
            "INSERT INTO layout_presets (name, layout, created_at, updated_at, created_by) VALUES (?, ?, ?, ?, ?)",
          )
          .run(input.name, JSON.stringify(layout), at, at, input.by ?? null);
      }
      const saved = this.get(input.name);
      if (!saved) throw new Error("preset vanished after save");
      return { ok: true, preset: saved, replaced: Boolean(existing) };
    })();
  },

  /** Deletes by name (ignoring case); false when there was none. */
  delete(name: string): boolean {
    return db().prepare("DELETE FROM layout_presets WHERE name = ?").run(name).changes > 0;
  },
};
