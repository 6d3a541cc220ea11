"use server";

import { ChangeRoleInput, CreateUserInput, ResetPasswordInput, SetDisabledInput } from "@/lib/auth/accounts";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import type { Result } from "@/lib/result";
import { requestIp } from "@/server/actions/run";
import { audit } from "@/server/auth/audit";
import { generatePassword, hashPassword } from "@/server/auth/password";
import { authorize } from "@/server/auth/request";
import type { SessionUser } from "@/server/auth/sessions";
import { toListedUser, users, type ListedUser, type UserChange } from "@/server/auth/users";

type Operation = "CreateUser" | "ChangeUserRole" | "DisableUser" | "EnableUser" | "ResetUserPassword";
type Parser<I> = {
  safeParse(input: unknown): { success: true; data: I } | { success: false; error: Parameters<typeof fieldErrors>[0] };
};

function targetOf(input: unknown): string | undefined {
  const record = input && typeof input === "object" ? (input as { username?: unknown; userId?: unknown }) : {};
  if (typeof record.username === "string") return `user:${record.username.slice(0, 64)}`;
  if (typeof record.userId === "number") {
    const user = users().byId(record.userId);
    return user ? `user:${user.username}` : `user-id:${record.userId}`;
  }
  return undefined;
}

const selfChange = (message: string): UserChange => ({ ok: false, code: "SelfChange", message });

/**
 * The frame of every user-management action: admin only (`ManageUsers`), input validated with the shared shape,
 * one audit record per attempt (success / failure / denied / invalid) — never a password.
 */
interface Managed {
  readonly user: ListedUser;
  /** A generated password, in the answer to the admin who created or reset the account — shown once. */
  readonly password?: string;
}

async function manage<I>(
  operation: Operation,
  schema: Parser<I>,
  rawInput: unknown,
  perform: (input: I, admin: SessionUser) => Promise<{ change: UserChange; password?: string; operation?: Operation }>,
): Promise<Result<Managed>> {
  const access = await authorize("ManageUsers");
  const ip = await requestIp();
  const base = {
    actor: access.user,
    kind: "user" as const,
    operation,
    target: targetOf(rawInput),
    input: rawInput,
    ip,
  };
  if (!access.ok) {
    if (access.user) audit({ ...base, outcome: "denied", errorCode: access.error.code });
    return { ok: false, error: access.error };
  }
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) {
    audit({ ...base, outcome: "invalid", errorCode: "ValidationException" });
    return {
      ok: false,
      error: {
        code: "ValidationException",
        message: formatValidationError(parsed.error),
        fields: fieldErrors(parsed.error),
        retryable: false,
      },
    };
  }
  const done = await perform(parsed.data, access.user);
  const recorded = {
    ...base,
    operation: done.operation ?? operation,
    input: parsed.data,
    target: done.change.ok ? `user:${done.change.user.username}` : base.target,
  };
  if (!done.change.ok) {
    audit({ ...recorded, outcome: "failure", errorCode: done.change.code });
    return { ok: false, error: { code: done.change.code, message: done.change.message, retryable: false } };
  }
  audit({ ...recorded, outcome: "success" });
  return {
    ok: true,
    data: { user: toListedUser(done.change.user), ...(done.password ? { password: done.password } : {}) },
  };
}

/** Creates a user with a generated password, shown once in the answer (only its hash is stored). */
export async function createUserAction(input: unknown): Promise<Result<Managed>> {
  return manage("CreateUser", CreateUserInput, input, async ({ username, role }) => {
    const password = generatePassword();
    return { change: users().create(username, role, await hashPassword(password)), password };
  });
}

/** Changes a role; refuses to demote the last active admin. Takes effect on the user's next request. */
export async function changeUserRoleAction(input: unknown): Promise<Result<Managed>> {
  return manage("ChangeUserRole", ChangeRoleInput, input, async ({ userId, role }) => ({
    change: users().setRole(userId, role),
  }));
}

/** Disables (ending every session of the user) or enables an account; never the last active admin, never oneself. */
export async function setUserDisabledAction(input: unknown): Promise<Result<Managed>> {
  return manage("DisableUser", SetDisabledInput, input, async ({ userId, disabled }, admin) => ({
    operation: disabled ? "DisableUser" : "EnableUser",
    change:
      disabled && userId === admin.id
        ? selfChange("You cannot disable your own account.")
        : users().setDisabled(userId, disabled),
  }));
}

/** Replaces a user's password with a generated one, shown once; ends every session of that user. */
export async function resetUserPasswordAction(input: unknown): Promise<Result<Managed>> {
  return manage("ResetUserPassword", ResetPasswordInput, input, async ({ userId }, admin) => {
    if (userId === admin.id)
      return {
        change: selfChange("Ask another admin to reset your password: a reset ends every session of the account."),
      };
    const password = generatePassword();
    return { change: users().setPassword(userId, await hashPassword(password)), password };
  });
}
