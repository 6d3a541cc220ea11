import { beforeEach, describe, expect, it } from "vitest";
import { createSessionStore } from "./sessions";
import { freshAuthDb } from "./test-db";
import { createUserStore, toListedUser } from "./users";

let db: ReturnType<typeof freshAuthDb>;
let users: ReturnType<typeof createUserStore>;

function make(username: string, role: "viewer" | "operator" | "admin") {
  const created = users.create(username, role, "scrypt$15$8$1$salt$key");
  if (!created.ok) throw new Error(created.message);
  return created.user;
}

beforeEach(() => {
  db = freshAuthDb();
  users = createUserStore(db, () => Date.UTC(2026, 10, 25));
});

describe("user store", () => {
  it("refuses a second user with the same name (any case)", () => {
    make("jane", "viewer");
    expect(users.create("JANE", "admin", "h")).toMatchObject({ ok: false, code: "UserExists" });
  });

  it("never demotes or disables the last active admin", () => {
    const admin = make("root", "admin");
    expect(users.setRole(admin.id, "operator")).toMatchObject({ ok: false, code: "LastAdmin" });
    expect(users.setDisabled(admin.id, true)).toMatchObject({ ok: false, code: "LastAdmin" });
    const second = make("second", "admin");
    expect(users.setRole(admin.id, "operator")).toMatchObject({ ok: true, user: { role: "operator" } });
    expect(users.setDisabled(second.id, true)).toMatchObject({ ok: false, code: "LastAdmin" });
    // A disabled admin does not count as active.
    make("third", "admin");
    const third = users.credentials("third")?.user;
    expect(third && users.setDisabled(third.id, true)).toMatchObject({ ok: true });
    expect(users.setRole(second.id, "viewer")).toMatchObject({ ok: false, code: "LastAdmin" });
  });

  it("ends every session of a user who is disabled or whose password is reset", () => {
    const sessions = createSessionStore(db, {
      now: () => Date.UTC(2026, 10, 25),
      idleMs: 60_000,
      absoluteMs: 3_600_000,
    });
    make("root", "admin");
    const jane = make("jane", "operator");
    const a = sessions.create(jane.id).id;
    users.setPassword(jane.id, "scrypt$15$8$1$new$key");
    expect(sessions.validate(a)).toBeUndefined();
    const b = sessions.create(jane.id).id;
    users.setDisabled(jane.id, true);
    expect(sessions.validate(b)).toBeUndefined();
    users.setDisabled(jane.id, false);
    expect(sessions.validate(b)).toBeUndefined();
  });

  it("reports unknown users and lists without password hashes", () => {
    expect(users.setRole(999, "viewer")).toMatchObject({ ok: false, code: "UserNotFound" });
    make("jane", "viewer");
    const listed = users.list().map(toListedUser);
    expect(listed).toEqual([expect.objectContaining({ username: "jane", role: "viewer", disabled: false })]);
    expect(JSON.stringify(listed)).not.toContain("scrypt");
  });
});
