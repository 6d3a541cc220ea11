"use server";

import { ChangeRoleInput, CreateUserInput, ResetPasswordInput, SetDisabledInput } from "@/lib/auth/accounts";
import { ActionError, defineAction, type ActionContext } from "@/server/actions/client";
import { generatePassword, hashPassword } from "@/server/auth/password";
import { toListedUser, users, type ListedUser, type UserChange } from "@/server/auth/users";

// User management: admin only (`ManageUsers`), one audit record per attempt (kind `user`) — never a password.

interface Managed {
  readonly user: ListedUser;
  /** A generated password, in the answer to the admin who created or reset the account — shown once. */
  readonly password?: string;
}

async function targetOf(input: unknown): Promise<string | undefined> {
  const record = input && typeof input === "object" ? (input as { username?: unknown; userId?: unknown }) : {};
  if (typeof record.username === "string") return `user:${record.username.slice(0, 64)}`;
  if (typeof record.userId === "number") {
    const user = await users().byId(record.userId);
    return user ? `user:${user.username}` : `user-id:${record.userId}`;
  }
  return undefined;
}

/** The answer of a change that went through; a refused one (last admin, taken name, …) is an ActionError. */
function managed(change: UserChange, { note }: ActionContext, password?: string): Managed {
  if (!change.ok) throw new ActionError(change.code, change.message);
  note({ target: `user:${change.user.username}` });
  return { user: toListedUser(change.user), ...(password ? { password } : {}) };
}

const userAction = { permission: "ManageUsers", kind: "user", target: targetOf } as const;

/** Creates a user with a generated password, shown once in the answer (only its hash is stored). */
export const createUserAction = defineAction({
  ...userAction,
  operation: "CreateUser",
  input: CreateUserInput,
  handler: async ({ username, role }, context) => {
    const password = generatePassword();
    return managed(await users().create(username, role, await hashPassword(password)), context, password);
  },
});

/** Changes a role; refuses to demote the last active admin. Takes effect on the user's next request. */
export const changeUserRoleAction = defineAction({
  ...userAction,
  operation: "ChangeUserRole",
  input: ChangeRoleInput,
  handler: async ({ userId, role }, context) => managed(await users().setRole(userId, role), context),
});

/** Disables (ending every session of the user) or enables an account; never the last active admin, never oneself. */
export const setUserDisabledAction = defineAction({
  ...userAction,
  operation: "DisableUser",
  input: SetDisabledInput,
  handler: async ({ userId, disabled }, context) => {
    context.note({ operation: disabled ? "DisableUser" : "EnableUser" });
    if (disabled && userId === context.user.id)
      throw new ActionError("SelfChange", "You cannot disable your own account.");
    return managed(await users().setDisabled(userId, disabled), context);
  },
});

/** Replaces a user's password with a generated one, shown once; ends every session of that user. */
export const resetUserPasswordAction = defineAction({
  ...userAction,
  operation: "ResetUserPassword",
  input: ResetPasswordInput,
  handler: async ({ userId }, context) => {
    if (userId === context.user.id)
      throw new ActionError(
        "SelfChange",
        "Ask another admin to reset your password: a reset ends every session of the account.",
      );
    const password = generatePassword();
    return managed(await users().setPassword(userId, await hashPassword(password)), context, password);
  },
});
