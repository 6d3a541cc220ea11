import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "@/server/db/testing";
import { createSessionStore, hashSessionId } from "./sessions";
import { createUserStore } from "./users";

const minute = 60_000;

describe.each(testEngines)("sessions on %s", (engine) => {
  let now = 0;
  const clock = () => now;
  let handle: TestDatabase;
  let store: ReturnType<typeof createSessionStore>;
  let userId: number;

  beforeEach(async () => {
    now = Date.UTC(2026, 10, 25, 9, 0, 0);
    handle = await openTestDatabase(engine);
    store = createSessionStore(async () => handle, { now: clock, idleMs: 30 * minute, absoluteMs: 12 * 60 * minute });
    const created = await createUserStore(async () => handle, clock).create("jane", "operator", "scrypt$15$8$1$x$y");
    if (!created.ok) throw new Error(created.message);
    userId = created.user.id;
  });
  afterEach(() => handle.close());

  it("issue an opaque random id and store only its SHA-256", async () => {
    const { id, expiresAt } = await store.create(userId);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(now + 12 * 60 * minute);
    const rows = await handle.db.selectFrom("sessions").select("id_hash").execute();
    expect(rows).toEqual([{ id_hash: hashSessionId(id) }]);
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(await store.validate(id)).toEqual({ id: userId, username: "jane", role: "operator" });
  });

  it("give every sign-in a new id (no fixation), and a revoked id never works again", async () => {
    const first = (await store.create(userId)).id;
    const second = (await store.create(userId)).id;
    expect(second).not.toBe(first);
    await store.revoke(first);
    expect(await store.validate(first)).toBeUndefined();
    expect(await store.validate(second)).toBeDefined();
  });

  it("refuse unknown, malformed and hash-as-cookie ids", async () => {
    const { id } = await store.create(userId);
    expect(await store.validate(undefined)).toBeUndefined();
    expect(await store.validate("")).toBeUndefined();
    expect(await store.validate(`${id}x`)).toBeUndefined();
    expect(await store.validate(hashSessionId(id))).toBeUndefined();
  });

  it("end after 30 minutes without a request (idle timeout), and each request restarts that timer", async () => {
    const { id } = await store.create(userId);
    now += 29 * minute;
    expect(await store.validate(id)).toBeDefined();
    now += 29 * minute; // 58 minutes after sign-in, 29 after the last request
    expect(await store.validate(id)).toBeDefined();
    now += 30 * minute;
    expect(await store.validate(id)).toBeUndefined();
    now -= 30 * minute; // even if the clock came back, the expired session was forgotten
    expect(await store.validate(id)).toBeUndefined();
  });

  it("do not count background polling (touch: false) as activity", async () => {
    const { id } = await store.create(userId);
    now += 20 * minute;
    expect(await store.validate(id, { touch: false })).toBeDefined();
    now += 11 * minute; // 31 minutes after the last real request
    expect(await store.validate(id, { touch: false })).toBeUndefined();
  });

  it("end 12 hours after sign-in however active (absolute timeout)", async () => {
    const { id } = await store.create(userId);
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      now += 20 * minute;
      expect(await store.validate(id), `after ${elapsed + 20} min`).toBeDefined();
    }
    now += 20 * minute;
    expect(await store.validate(id)).toBeUndefined();
  });

  it("end when the user is disabled, and see role changes at once", async () => {
    const users = createUserStore(async () => handle, clock);
    const { id } = await store.create(userId);
    await users.setRole(userId, "viewer");
    expect((await store.validate(id))?.role).toBe("viewer");
    const other = (await store.create(userId)).id;
    await handle.db.updateTable("users").set({ disabled: 1 }).where("id", "=", userId).execute();
    expect(await store.validate(other)).toBeUndefined();
  });

  it("purge what can no longer be valid", async () => {
    await store.create(userId);
    now += 31 * minute;
    await store.create(userId);
    expect(await store.purgeExpired()).toBe(1);
  });
});
