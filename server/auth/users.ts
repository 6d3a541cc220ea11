import "server-only";
import { sql, type Kysely } from "kysely";
import type { Role } from "@/lib/auth/roles";
import { consoleDb, type DbSource, type Tables } from "@/server/db/database";
import { sameName } from "./schema";

export interface UserRecord {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly passwordChangedAt: number;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  disabled: 0 | 1;
  created_at: number;
  updated_at: number;
  password_changed_at: number;
}

export type UserChange =
  | { readonly ok: true; readonly user: UserRecord }
  | {
      readonly ok: false;
      readonly code: "UserNotFound" | "UserExists" | "LastAdmin" | "SelfChange";
      readonly message: string;
    };

/** A user as the admin page shows it (never the password hash). */
export interface ListedUser {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly passwordChangedAt: string;
}

export function toListedUser(user: UserRecord): ListedUser {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabled,
    createdAt: new Date(user.createdAt).toISOString(),
    passwordChangedAt: new Date(user.passwordChangedAt).toISOString(),
  };
}

function record(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordChangedAt: row.password_changed_at,
  };
}

const lastAdmin = {
  ok: false,
  code: "LastAdmin",
  message:
    "This is the last active admin: make another user admin first, or the console would have nobody to manage it.",
} as const;

/** Local accounts. Every change that ends a user's access (disable, password reset) also ends their sessions. */
export function createUserStore(source: DbSource, now: () => number = Date.now) {
  type Db = Kysely<Tables>;
  const find = (db: Db, id: number): Promise<UserRow | undefined> =>
    db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  const byName = (db: Db, username: string): Promise<UserRow | undefined> =>
    db.selectFrom("users").selectAll().where(sameName("username", username)).executeTakeFirst();

  /** Would this change leave no active admin? */
  async function removesLastAdmin(db: Db, row: UserRow, next: { role: Role; disabled: boolean }): Promise<boolean> {
    const isActiveAdmin = row.role === "admin" && row.disabled === 0;
    const staysActiveAdmin = next.role === "admin" && !next.disabled;
    if (!isActiveAdmin || staysActiveAdmin) return false;
    const others = await db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("role", "=", "admin")
      .where("disabled", "=", 0)
      .where("id", "<>", row.id)
      .executeTakeFirst();
    return Number(others?.n ?? 0) === 0;
  }

  /** Runs `change` on the user in one transaction; the user as it is afterwards. */
  async function changeUser(
    id: number,
    change: (trx: Db, row: UserRow) => Promise<UserChange | undefined>,
  ): Promise<UserChange> {
    const { db } = await source();
    return db.transaction().execute(async (trx) => {
      const row = await find(trx, id);
      if (!row) return { ok: false, code: "UserNotFound", message: "That user does not exist." } as const;
      const refused = await change(trx, row);
      if (refused) return refused;
      return { ok: true, user: record((await find(trx, id)) as UserRow) } as const;
    });
  }

  const endSessions = (db: Db, id: number) => db.deleteFrom("sessions").where("user_id", "=", id).execute();

  return {
    async count(): Promise<number> {
      const { db } = await source();
      const row = await db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async list(): Promise<UserRecord[]> {
      const { db } = await source();
      return (
        await db
          .selectFrom("users")
          .selectAll()
          .orderBy(sql`lower(username)`)
          .execute()
      ).map(record);
    },
    async byId(id: number): Promise<UserRecord | undefined> {
      const { db } = await source();
      const row = await find(db, id);
      return row ? record(row) : undefined;
    },
    /** The user and their password hash, for the sign-in check only. */
    async credentials(username: string): Promise<{ user: UserRecord; passwordHash: string } | undefined> {
      const { db } = await source();
      const row = await byName(db, username);
      return row ? { user: record(row), passwordHash: row.password_hash } : undefined;
    },

    /** A new user; refused when the name is taken (ignoring case), also when another instance took it meanwhile. */
    async create(username: string, role: Role, passwordHash: string): Promise<UserChange> {
      const { db } = await source();
      const exists = { ok: false, code: "UserExists", message: `A user named "${username}" already exists.` } as const;
      try {
        return await db.transaction().execute(async (trx): Promise<UserChange> => {
          if (await byName(trx, username)) return exists;
          const at = now();
          const { id } = await trx
            .insertInto("users")
            .values({
              username,
              password_hash: passwordHash,
              role,
              disabled: 0,
              created_at: at,
              updated_at: at,
              password_changed_at: at,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          return { ok: true, user: record((await find(trx, Number(id))) as UserRow) };
        });
      } catch (error) {
        // The unique index on the name: another process created it between the check and the insert.
        if (await byName(db, username)) return exists;
        throw error;
      }
    },

    setRole: (id: number, role: Role): Promise<UserChange> =>
      changeUser(id, async (trx, row) => {
        if (await removesLastAdmin(trx, row, { role, disabled: row.disabled === 1 })) return lastAdmin;
        await trx.updateTable("users").set({ role, updated_at: now() }).where("id", "=", id).execute();
        return undefined;
      }),

    setDisabled: (id: number, disabled: boolean): Promise<UserChange> =>
      changeUser(id, async (trx, row) => {
        if (await removesLastAdmin(trx, row, { role: row.role, disabled })) return lastAdmin;
        await trx
          .updateTable("users")
          .set({ disabled: disabled ? 1 : 0, updated_at: now() })
          .where("id", "=", id)
          .execute();
        if (disabled) await endSessions(trx, id);
        return undefined;
      }),

    setPassword: (id: number, passwordHash: string): Promise<UserChange> =>
      changeUser(id, async (trx) => {
        const at = now();
        await trx
          .updateTable("users")
          .set({ password_hash: passwordHash, updated_at: at, password_changed_at: at })
          .where("id", "=", id)
          .execute();
        await endSessions(trx, id);
        return undefined;
      }),
  };
}

export type UserStore = ReturnType<typeof createUserStore>;

/** The console's user store (process-wide database). */
export const users: () => UserStore = (() => {
  const store = createUserStore(consoleDb);
  return () => store;
})();
