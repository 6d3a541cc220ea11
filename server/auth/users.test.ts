import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "@/server/db/testing";
import { createSessionStore } from "./sessions";
import { createUserStore, toListedUser } from "./users";

describe.each(testEngines)("user store on %s", (engine) => {
  let handle: TestDatabase;
  let users: ReturnType<typeof createUserStore>;

  async function make(username: string, role: "viewer" | "operator" | "admin") {
    const created = await users.create(username, role, "scrypt$15$8$1$salt$key");
    if (!created.ok) throw new Error(created.message);
    return created.user;
  }

  beforeEach(async () => {
    handle = await openTestDatabase(engine);
    users = createUserStore(
      async () => handle,
      () => Date.UTC(2026, 10, 25),
    );
  });
  afterEach(() => handle.close());

  it("refuses a second user with the same name (any case)", async () => {
    await make("jane", "viewer");
    expect(await users.create("JANE", "admin", "h")).toMatchObject({ ok: false, code: "UserExists" });
    expect((await users.credentials("Jane"))?.user.username).toBe("jane");
  });

  it("refuses the same name when the check races with another instance (the unique index decides)", async () => {
    const outcomes = await Promise.all([users.create("race", "admin", "h1"), users.create("RACE", "admin", "h2")]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([expect.objectContaining({ code: "UserExists" })]);
    expect(await users.count()).toBe(1);
  });

  it("never demotes or disables the last active admin", async () => {
    const admin = await make("root", "admin");
    expect(await users.setRole(admin.id, "operator")).toMatchObject({ ok: false, code: "LastAdmin" });
    expect(await users.setDisabled(admin.id, true)).toMatchObject({ ok: false, code: "LastAdmin" });
    const second = await make("second", "admin");
    expect(await users.setRole(admin.id, "operator")).toMatchObject({ ok: true, user: { role: "operator" } });
    expect(await users.setDisabled(second.id, true)).toMatchObject({ ok: false, code: "LastAdmin" });
    // A disabled admin does not count as active.
    await make("third", "admin");
    const third = (await users.credentials("third"))?.user;
    expect(third && (await users.setDisabled(third.id, true))).toMatchObject({ ok: true });
    expect(await users.setRole(second.id, "viewer")).toMatchObject({ ok: false, code: "LastAdmin" });
  });

  it("ends every session of a user who is disabled or whose password is reset", async () => {
    const sessions = createSessionStore(async () => handle, {
      now: () => Date.UTC(2026, 10, 25),
      idleMs: 60_000,
      absoluteMs: 3_600_000,
    });
    await make("root", "admin");
    const jane = await make("jane", "operator");
    const a = (await sessions.create(jane.id)).id;
    await users.setPassword(jane.id, "scrypt$15$8$1$new$key");
    expect(await sessions.validate(a)).toBeUndefined();
    const b = (await sessions.create(jane.id)).id;
    await users.setDisabled(jane.id, true);
    expect(await sessions.validate(b)).toBeUndefined();
    await users.setDisabled(jane.id, false);
    expect(await sessions.validate(b)).toBeUndefined();
  });

  it("reports unknown users and lists without password hashes", async () => {
    expect(await users.setRole(999, "viewer")).toMatchObject({ ok: false, code: "UserNotFound" });
    await make("jane", "viewer");
    await make("Bob", "viewer");
    const listed = (await users.list()).map(toListedUser);
    expect(listed.map((user) => user.username)).toEqual(["Bob", "jane"]);
    expect(listed[1]).toEqual(expect.objectContaining({ username: "jane", role: "viewer", disabled: false }));
    expect(listed[1]?.createdAt).toBe("2026-11-25T00:00:00.000Z");
    expect(JSON.stringify(listed)).not.toContain("scrypt");
  });
});
