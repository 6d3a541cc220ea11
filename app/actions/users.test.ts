import { describe, expect, it, vi } from "vitest";
import { auditLog } from "@/server/auth/audit";
import { verifyPassword } from "@/server/auth/password";
import { sessions } from "@/server/auth/sessions";
import { actAs, ensureUser, fakeRequest } from "@/server/auth/testing";
import { users } from "@/server/auth/users";
import { changeUserRoleAction, createUserAction, resetUserPasswordAction, setUserDisabledAction } from "./users";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

describe("user management actions", () => {
  it("refuse viewers and operators (and change nothing)", async () => {
    const target = await ensureUser("someone", "viewer");
    for (const role of ["viewer", "operator"] as const) {
      await actAs(role);
      for (const result of [
        await createUserAction({ username: `made-by-${role}`, role: "admin" }),
        await changeUserRoleAction({ userId: target.id, role: "admin" }),
        await setUserDisabledAction({ userId: target.id, disabled: true }),
        await resetUserPasswordAction({ userId: target.id }),
      ]) {
        expect(result).toMatchObject({ ok: false, error: { code: "AccessDenied" } });
      }
      expect(await users().credentials(`made-by-${role}`)).toBeUndefined();
    }
    expect(await users().byId(target.id)).toMatchObject({ role: "viewer", disabled: false });
  });

  it("create a user with a generated password shown once (stored only as a hash), validated and audited", async () => {
    const admin = await actAs("admin");
    const created = await createUserAction({ username: " New.Operator ", role: "operator" });
    expect(created.ok).toBe(true);
    if (!created.ok || !created.data.password) throw new Error("no password");
    expect(created.data.user).toMatchObject({ username: "new.operator", role: "operator", disabled: false });
    const stored = await users().credentials("new.operator");
    expect(stored?.passwordHash).not.toContain(created.data.password);
    expect(await verifyPassword(created.data.password, stored?.passwordHash ?? "")).toBe(true);
    const [record] = await auditLog().query({ user: admin.username, limit: 1 });
    expect(record).toMatchObject({
      kind: "user",
      operation: "CreateUser",
      target: "user:new.operator",
      outcome: "success",
    });
    expect(record?.input).not.toContain(created.data.password);

    expect(await createUserAction({ username: "new.operator", role: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "UserExists" },
    });
    const invalid = await createUserAction({ username: "x", role: "superuser" } as never); // deliberately invalid
    expect(invalid).toMatchObject({ ok: false, error: { code: "ValidationException" } });
    if (!invalid.ok) expect(Object.keys(invalid.error.fields ?? {}).sort()).toEqual(["role", "username"]);
  });

  it("never demote or disable the last active admin, never disable oneself", async () => {
    const admin = await actAs("admin", "only-admin");
    for (const other of await users().list())
      if (other.role === "admin" && other.id !== admin.id) await users().setRole(other.id, "viewer");
    expect(await changeUserRoleAction({ userId: admin.id, role: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "LastAdmin" },
    });
    expect(await setUserDisabledAction({ userId: admin.id, disabled: true })).toMatchObject({
      ok: false,
      error: { code: "SelfChange" },
    });
    const second = await ensureUser("second-admin", "admin");
    expect(await changeUserRoleAction({ userId: admin.id, role: "operator" })).toMatchObject({
      ok: true,
      data: { user: { role: "operator" } },
    });
    // The demotion applies to the very next request of that session.
    expect(await changeUserRoleAction({ userId: second.id, role: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "AccessDenied" },
    });
  });

  it("disable ends the user's sessions; reset shows a new password once and ends them too", async () => {
    const jane = await ensureUser("jane-sessions", "operator");
    const janeSession = (await sessions().create(jane.id)).id;
    await actAs("admin");
    expect(await setUserDisabledAction({ userId: jane.id, disabled: true })).toMatchObject({
      ok: true,
      data: { user: { disabled: true } },
    });
    expect(await sessions().validate(janeSession)).toBeUndefined();
    expect(await setUserDisabledAction({ userId: jane.id, disabled: false })).toMatchObject({
      ok: true,
      data: { user: { disabled: false } },
    });
    const again = (await sessions().create(jane.id)).id;
    const reset = await resetUserPasswordAction({ userId: jane.id });
    expect(reset.ok && reset.data.password?.length).toBe(20);
    expect(await sessions().validate(again)).toBeUndefined();
    const self = fakeRequest.cookies.get("control-room-session");
    const me = await sessions().validate(self);
    expect(await resetUserPasswordAction({ userId: me?.id ?? 0 })).toMatchObject({
      ok: false,
      error: { code: "SelfChange" },
    });
    const operations = (await auditLog().query({ limit: 4 })).map((record) => `${record.operation}:${record.outcome}`);
    expect(operations).toEqual([
      "ResetUserPassword:failure",
      "ResetUserPassword:success",
      "EnableUser:success",
      "DisableUser:success",
    ]);
  });
});
