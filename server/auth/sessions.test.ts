import { beforeEach, describe, expect, it } from "vitest";
import { createSessionStore, hashSessionId } from "./sessions";
import { freshAuthDb } from "./test-db";
import { createUserStore } from "./users";

const minute = 60_000;
let now = 0;
const clock = () => now;
let db: ReturnType<typeof freshAuthDb>;
let store: ReturnType<typeof createSessionStore>;
let userId: number;

beforeEach(() => {
  now = Date.UTC(2026, 10, 25, 9, 0, 0);
  db = freshAuthDb();
  store = createSessionStore(db, { now: clock, idleMs: 30 * minute, absoluteMs: 12 * 60 * minute });
  const created = createUserStore(db, clock).create("jane", "operator", "scrypt$15$8$1$x$y");
  if (!created.ok) throw new Error(created.message);
  userId = created.user.id;
});

describe("sessions", () => {
  it("issue an opaque random id and store only its SHA-256", () => {
    const { id, expiresAt } = store.create(userId);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(now + 12 * 60 * minute);
    const rows = db.prepare("SELECT id_hash FROM sessions").all() as { id_hash: string }[];
    expect(rows).toEqual([{ id_hash: hashSessionId(id) }]);
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(store.validate(id)).toEqual({ id: userId, username: "jane", role: "operator" });
  });

  it("give every sign-in a new id (no fixation), and a revoked id never works again", () => {
    const first = store.create(userId).id;
    const second = store.create(userId).id;
    expect(second).not.toBe(first);
    store.revoke(first);
    expect(store.validate(first)).toBeUndefined();
    expect(store.validate(second)).toBeDefined();
  });

  it("refuse unknown, malformed and hash-as-cookie ids", () => {
    const { id } = store.create(userId);
    expect(store.validate(undefined)).toBeUndefined();
    expect(store.validate("")).toBeUndefined();
    expect(store.validate(`${id}x`)).toBeUndefined();
    expect(store.validate(hashSessionId(id))).toBeUndefined();
  });

  it("end after 30 minutes without a request (idle timeout), and each request restarts that timer", () => {
    const { id } = store.create(userId);
    now += 29 * minute;
    expect(store.validate(id)).toBeDefined();
    now += 29 * minute; // 58 minutes after sign-in, 29 after the last request
    expect(store.validate(id)).toBeDefined();
    now += 30 * minute;
    expect(store.validate(id)).toBeUndefined();
    now -= 30 * minute; // even if the clock came back, the expired session was forgotten
    expect(store.validate(id)).toBeUndefined();
  });

  it("do not count background polling (touch: false) as activity", () => {
    const { id } = store.create(userId);
    now += 20 * minute;
    expect(store.validate(id, { touch: false })).toBeDefined();
    now += 11 * minute; // 31 minutes after the last real request
    expect(store.validate(id, { touch: false })).toBeUndefined();
  });

  it("end 12 hours after sign-in however active (absolute timeout)", () => {
    const { id } = store.create(userId);
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      now += 20 * minute;
      expect(store.validate(id), `after ${elapsed + 20} min`).toBeDefined();
    }
    now += 20 * minute;
    expect(store.validate(id)).toBeUndefined();
  });

  it("end when the user is disabled, and see role changes at once", () => {
    const users = createUserStore(db, clock);
    const { id } = store.create(userId);
    users.setRole(userId, "viewer");
    expect(store.validate(id)?.role).toBe("viewer");
    const other = store.create(userId).id;
    db.prepare("UPDATE users SET disabled = 1 WHERE id = ?").run(userId);
    expect(store.validate(other)).toBeUndefined();
  });

  it("purge what can no longer be valid", () => {
    store.create(userId);
    now += 31 * minute;
    store.create(userId);
    expect(store.purgeExpired()).toBe(1);
  });
});
