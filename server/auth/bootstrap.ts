import "server-only";
import { env } from "@/server/env";
import { audit } from "./audit";
import { generatePassword, hashPassword } from "./password";
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
  if ((await store.count()) > 0) return "exists";
  const { CONSOLE_ADMIN_USER: username, CONSOLE_ADMIN_PASSWORD: fromEnv } = env(); // checked in server/env.ts
  const password = fromEnv || generatePassword();
  const hash = await hashPassword(password);
  // Two processes starting together (instances sharing a database): the name is unique, one creates it and
  // only that one prints; the other finds it taken.
  const created = await store.create(username, "admin", hash);
  if (!created.ok) return "exists";
  await audit({
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
