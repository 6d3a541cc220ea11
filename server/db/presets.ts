import "server-only";
import { sql } from "kysely";
import { PresetLayout, type LayoutPreset } from "@/lib/layout/presets";
import { consoleDb, type DbSource } from "./database";

/**
 * Layout presets, shared by everyone using this console (table `layout_presets`). Names are unique ignoring
 * case; layouts are stored as JSON and validated with the shared LayoutConfiguration shape on the way in and out
 * (a row that no longer validates is skipped rather than handed to the designer).
 */
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

/** `lower(name) = lower(?)`: the same on both engines (names are ASCII-folded like SQLite's NOCASE). */
const nameIs = (name: string) => sql<boolean>`lower(name) = lower(${name})`;

export function createPresetStore(source: DbSource) {
  const columns = ["name", "layout", "created_at", "updated_at"] as const;
  return {
    /** Every preset, by name (case-insensitive). */
    async list(): Promise<LayoutPreset[]> {
      const { db } = await source();
      const rows = await db
        .selectFrom("layout_presets")
        .select(columns)
        .orderBy(sql`lower(name)`)
        .execute();
      return rows.flatMap((row) => fromRow(row) ?? []);
    },

    async get(name: string): Promise<LayoutPreset | undefined> {
      const { db } = await source();
      const row = await db.selectFrom("layout_presets").select(columns).where(nameIs(name)).executeTakeFirst();
      return row ? fromRow(row) : undefined;
    },

    /**
     * Saves a validated preset. A name taken (ignoring case) is refused unless `replace`; replacing keeps the
     * stored spelling of the name and its creation time. Runs in one transaction (no lost update between check and write).
     */
    async save(
      input: { name: string; layout: LayoutPreset["layout"]; replace?: boolean; by?: string },
      now: Date = new Date(),
    ): Promise<SaveOutcome> {
      const layout = JSON.stringify(PresetLayout.parse(input.layout));
      const at = now.toISOString();
      const { db } = await source();
      return db.transaction().execute(async (trx): Promise<SaveOutcome> => {
        const existing = await trx
          .selectFrom("layout_presets")
          .select("name")
          .where(nameIs(input.name))
          .executeTakeFirst();
        if (existing && !input.replace) return { ok: false, reason: "exists", existing: existing.name };
        if (existing) {
          await trx.updateTable("layout_presets").set({ layout, updated_at: at }).where(nameIs(input.name)).execute();
        } else {
          await trx
            .insertInto("layout_presets")
            .values({ name: input.name, layout, created_at: at, updated_at: at, created_by: input.by ?? null })
            .execute();
        }
        const row = await trx.selectFrom("layout_presets").select(columns).where(nameIs(input.name)).executeTakeFirst();
        const saved = row && fromRow(row);
        if (!saved) throw new Error("preset vanished after save");
        return { ok: true, preset: saved, replaced: Boolean(existing) };
      });
    },

    /** Deletes by name (ignoring case); false when there was none. */
    async delete(name: string): Promise<boolean> {
      const { db } = await source();
      const result = await db.deleteFrom("layout_presets").where(nameIs(name)).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type PresetStore = ReturnType<typeof createPresetStore>;

/** The console's presets (process-wide database). */
export const presetStore: PresetStore = createPresetStore(consoleDb);
