import "server-only";
import { CompiledQuery, type Kysely } from "kysely";
import type { ConsoleDb, Engine } from "./database";
import type { Tables } from "./tables";

/**
 * SQL text with parameters, run through Kysely on either engine, for the stores whose queries are tuned SQL
 * rather than builder chains (observation, metrics, alerts). Parameters are `?` (positional, an array) or
 * `@name` (named, an object); this turns them into the engine's placeholders (`?` for SQLite, `$n` for
 * PostgreSQL). The text must work on both engines; where they differ, the store picks the text by `engine`.
 * PostgreSQL cannot type a bare parameter that is only compared with NULL: write `CAST(@x AS TEXT) IS NULL`.
 */
export interface Runner {
  readonly engine: Engine;
  /** The query builder on the same connection (inside the transaction, when the runner is a transaction's). */
  readonly db: Kysely<Tables>;
  all<T>(text: string, params?: Params): Promise<T[]>;
  get<T>(text: string, params?: Params): Promise<T | undefined>;
  /** Rows changed. */
  run(text: string, params?: Params): Promise<number>;
  /** `work` in one transaction (the runner it gets runs inside it). */
  transaction<T>(work: (runner: Runner) => Promise<T>): Promise<T>;
}

export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

interface Compiled {
  readonly text: string;
  /** Named parameters in placeholder order (undefined for positional text). */
  readonly names: readonly string[] | undefined;
}

const compiledTexts = new Map<string, Compiled>();

function compile(text: string, engine: Engine): Compiled {
  const key = `${engine}\u0000${text}`;
  let compiled = compiledTexts.get(key);
  if (!compiled) {
    let n = 0;
    const names: string[] = [];
    const named = /@[A-Za-z_]\w*/.test(text);
    const out = text.replace(/\?|@([A-Za-z_]\w*)/g, (_match, name: string | undefined) => {
      if (name !== undefined) names.push(name);
      n += 1;
      return engine === "postgres" ? `$${n}` : "?";
    });
    compiled = { text: out, names: named ? names : undefined };
    compiledTexts.set(key, compiled);
  }
  return compiled;
}

function values(compiled: Compiled, params: Params | undefined): unknown[] {
  if (params === undefined) return [];
  // Text without named parameters: positional values, or none (a filter object that named nothing).
  if (compiled.names === undefined) return Array.isArray(params) ? [...(params as readonly unknown[])] : [];
  const record = params as Readonly<Record<string, unknown>>;
  return compiled.names.map((name) => {
    if (!(name in record)) throw new Error(`SQL parameter @${name} has no value`);
    return record[name];
  });
}

export function runner(db: Kysely<Tables>, engine: Engine): Runner {
  const execute = async <T>(text: string, params?: Params) => {
    const compiled = compile(text, engine);
    return db.executeQuery<T>(CompiledQuery.raw(compiled.text, values(compiled, params)));
  };
  return {
    engine,
    db,
    all: async <T>(text: string, params?: Params) => (await execute<T>(text, params)).rows,
    get: async <T>(text: string, params?: Params) => (await execute<T>(text, params)).rows[0],
    run: async (text: string, params?: Params) => Number((await execute(text, params)).numAffectedRows ?? 0),
    transaction: (work) => db.transaction().execute((trx) => work(runner(trx, engine))),
  };
}

/**
 * `<head> VALUES (?, …), (?, …) <tail>` for `count` rows of `width` values: many rows in one statement, without
 * the query builder's per-call compilation (the collector writes thousands of rows a minute). Bound `count` so
 * that count × width stays under SQLite's 32,766 parameters.
 */
export function valuesSql(head: string, width: number, count: number, tail = ""): string {
  const row = `(${Array.from({ length: width }, () => "?").join(", ")})`;
  return `${head} VALUES ${Array.from({ length: count }, () => row).join(", ")} ${tail}`;
}

/** The runner of a console database. */
export function runnerOf(handle: ConsoleDb): Runner {
  return runner(handle.db, handle.engine);
}
