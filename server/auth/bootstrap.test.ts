import { afterEach, describe, expect, it } from "vitest";
import { ensureFirstAdmin } from "./bootstrap";
import { verifyPassword } from "./password";
import { consoleDb } from "@/server/db/database";
import "./testing";
import { users } from "./users";

const saved = { user: process.env.CONSOLE_ADMIN_USER, password: process.env.CONSOLE_ADMIN_PASSWORD };
afterEach(() => {
  process.env.CONSOLE_ADMIN_USER = saved.user ?? "";
  process.env.CONSOLE_ADMIN_PASSWORD = saved.password ?? "";
});

async function wipeUsers() {
  const { db } = await consoleDb();
  await db.deleteFrom("sessions").execute();
  await db.deleteFrom("users").execute();
}

describe("first admin", () => {
  it("is created on first start with a generated password printed once, stored only as a hash", async () => {
    await wipeUsers();
    process.env.CONSOLE_ADMIN_USER = "";
    process.env.CONSOLE_ADMIN_PASSWORD = "";
    const printed: string[] = [];
    expect(await ensureFirstAdmin((text) => printed.push(text))).toBe("created-generated");
    const password = /password: {2}(\S+)/.exec(printed.join(""))?.[1] ?? "";
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const stored = await users().credentials("admin");
    expect(stored?.user.role).toBe("admin");
    expect(stored?.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, stored?.passwordHash ?? "")).toBe(true);
    // Never again: a second start prints nothing.
    expect(await ensureFirstAdmin((text) => printed.push(text))).toBe("exists");
    expect(printed).toHaveLength(1);
  });

  it("takes CONSOLE_ADMIN_USER and CONSOLE_ADMIN_PASSWORD, and never prints the password", async () => {
    await wipeUsers();
    process.env.CONSOLE_ADMIN_USER = "Ops.Lead";
    process.env.CONSOLE_ADMIN_PASSWORD = "a-long-enough-password";
    const printed: string[] = [];
    expect(await ensureFirstAdmin((text) => printed.push(text))).toBe("created-from-env");
    expect(printed.join("")).not.toContain("a-long-enough-password");
    expect(printed.join("")).toContain('"ops.lead"');
    expect(
      await verifyPassword("a-long-enough-password", (await users().credentials("ops.lead"))?.passwordHash ?? ""),
    ).toBe(true);
  });

  it("refuses a short CONSOLE_ADMIN_PASSWORD or an invalid user name", async () => {
    await wipeUsers();
    process.env.CONSOLE_ADMIN_USER = "";
    process.env.CONSOLE_ADMIN_PASSWORD = "short";
    await expect(ensureFirstAdmin(() => undefined)).rejects.toThrow(/at least 12 characters/);
    process.env.CONSOLE_ADMIN_USER = "not valid!";
    process.env.CONSOLE_ADMIN_PASSWORD = "";
    await expect(ensureFirstAdmin(() => undefined)).rejects.toThrow(/CONSOLE_ADMIN_USER/);
    expect(await users().count()).toBe(0);
  });
});
