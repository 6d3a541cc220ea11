import "server-only";
import type Database from "better-sqlite3";
import type { Role } from "@/lib/auth/roles";
import { authDb } from "./schema";

type Db = Database.Database;

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
export function createUserStore(db: Db, now: () => number = Date.now) {
  const byName = db.prepare<[string], UserRow>("SELECT * FROM users WHERE username = ?");
  const byId = db.prepare<[number], UserRow>("SELECT * FROM users WHERE id = ?");
  const all = db.prepare<[], UserRow>("SELECT * FROM users ORDER BY username");
  const count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM users");
  const otherActiveAdmins = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?",
  );
  const insert = db.prepare(
    "INSERT INTO users (username, password_hash, role, disabled, created_at, updated_at, password_changed_at) VALUES (?, ?, ?, 0, ?, ?, ?)",
  );
  const updateRole = db.prepare("UPDATE users SET role = ?, updated_at = ? WHERE id = ?");
  const updateDisabled = db.prepare("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?");
  const updatePassword = db.prepare(
    "UPDATE users SET password_hash = ?, updated_at = ?, password_changed_at = ? WHERE id = ?",
  );
  const endSessions = db.prepare("DELETE FROM sessions WHERE user_id = ?");

  function find(id: number): UserRow | undefined {
    return byId.get(id);
  }

  /** Would this change leave no active admin? */
  function removesLastAdmin(row: UserRow, next: { role: Role; disabled: boolean }): boolean {
    const isActiveAdmin = row.role === "admin" && row.disabled === 0;
    const staysActiveAdmin = next.role === "admin" && !next.disabled;
    return isActiveAdmin && !staysActiveAdmin && (otherActiveAdmins.get(row.id)?.n ?? 0) === 0;
  }

  return {
    count: (): number => count.get()?.n ?? 0,
    list: (): UserRecord[] => all.all().map(record),
    byId: (id: number): UserRecord | undefined => {
      const row = find(id);
      return row ? record(row) : undefined;
    },
    /** The user and their password hash, for the sign-in check only. */
    credentials: (username: string): { user: UserRecord; passwordHash: string } | undefined => {
      const row = byName.get(username);
      return row ? { user: record(row), passwordHash: row.password_hash } : undefined;
    },

    create: db.transaction((username: string, role: Role, passwordHash: string): UserChange => {
      if (byName.get(username))
        return { ok: false, code: "UserExists", message: `A user named "${username}" already exists.` };
      const at = now();
      const id = Number(insert.run(username, passwordHash, role, at, at, at).lastInsertRowid);
      return { ok: true, user: record(find(id) as UserRow) };
    }),

    setRole: db.transaction((id: number, role: Role): UserChange => {
      const row = find(id);
      if (!row) return { ok: false, code: "UserNotFound", message: "That user does not exist." };
      if (removesLastAdmin(row, { role, disabled: row.disabled === 1 })) return lastAdmin;
      updateRole.run(role, now(), id);
      return { ok: true, user: record(find(id) as UserRow) };
    }),

    setDisabled: db.transaction((id: number, disabled: boolean): UserChange => {
      const row = find(id);
      if (!row) return { ok: false, code: "UserNotFound", message: "That user does not exist." };
      if (removesLastAdmin(row, { role: row.role, disabled })) return lastAdmin;
      updateDisabled.run(disabled ? 1 : 0, now(), id);
      if (disabled) endSessions.run(id);
      return { ok: true, user: record(find(id) as UserRow) };
    }),

    setPassword: db.transaction((id: number, passwordHash: string): UserChange => {
      const row = find(id);
      if (!row) return { ok: false, code: "UserNotFound", message: "That user does not exist." };
      const at = now();
      updatePassword.run(passwordHash, at, at, id);
      endSessions.run(id);
      return { ok: true, user: record(find(id) as UserRow) };
    }),
  };
}

export type UserStore = ReturnType<typeof createUserStore>;

const stores = new WeakMap<Db, UserStore>();

/** The console's user store (process-wide database). */
export function users(): UserStore {
  const db = authDb();
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createUserStore(db)));
  return store;
}
