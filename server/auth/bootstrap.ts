import "server-only";
import { env } from "@/server/env";
import { audit } from "./audit";
import { generatePassword, hashPassword } from "./password";
import { authDb } from "./schema";
import { users } from "./users";

export type FirstAdminOutcome = "exists" | "created-from-env" | "created-generated";

/**
 * First start (no user at all): creates the first admin, named CONSOLE_ADMIN_USER (default `admin`), with the
 * password CONSOLE_ADMIN_PASSWORD or, when that is unset, a random one printed here once — the only time it
 * is ever shown. Only its scrypt hash is stored. Later starts create nothing.
 */
export async function ensureFirstAdmin(
  print: (text: string) => void = (text) => process.stdout.write(text),
): Promise<FirstAdminOutcome> {
  const store = users();
  if (store.count() > 0) return "exists";
  const { CONSOLE_ADMIN_USER: username, CONSOLE_ADMIN_PASSWORD: fromEnv } = env(); // checked in server/env.ts
  const password = fromEnv || generatePassword();
  const hash = await hashPassword(password);
  // Count again inside the transaction: two processes starting together create one admin, and only one prints.
  const created = authDb().transaction(() => (store.count() > 0 ? undefined : store.create(username, "admin", hash)))();
  if (!created?.ok) return "exists";
  audit({
    actor: created.user,
    kind: "user",
    operation: "CreateFirstAdmin",
    target: `user:${created.user.username}`,
    outcome: "success",
  });
  if (fromEnv) {
    print(
      `Control Room: created the first admin "${created.user.username}" with the password from CONSOLE_ADMIN_PASSWORD.\n`,
    );
    return "created-from-env";
  }
  print(
    [
      "",
      "┌──────────────────────────────────────────────────────────────────────┐",
      "│ Control Room: first start — an admin account was created.           │",
      "└──────────────────────────────────────────────────────────────────────┘",
      `  user name: ${created.user.username}`,
      `  password:  ${password}`,
      "  This password is shown only this once and is stored only as a hash.",
      "  Sign in, then create personal accounts under Users (/admin/users).",
      "",
      "",
    ].join("\n"),
  );
  return "created-generated";
}
