"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInInput } from "@/lib/auth/accounts";
import { safeNextPath } from "@/lib/auth/next-path";
import { audit } from "@/server/auth/audit";
import { burnPasswordCheck, verifyPassword } from "@/server/auth/password";
import { describeWait, signInLimiter } from "@/server/auth/rate-limit";
import { clientIp, sessionIdFrom, setSessionCookie } from "@/server/auth/request";
import { sessions } from "@/server/auth/sessions";
import { users } from "@/server/auth/users";

export interface SignInState {
  readonly error?: string;
  readonly username?: string;
}

const wrongCredentials = "That user name and password do not match an active account.";

function lockedOut(ms: number): string {
  return `Too many failed sign-ins. Sign-in is locked for this account: try again in ${describeWait(ms)}.`;
}

/**
 * Sign-in: throttled per user name and per client address; the same answer (and the same time spent) for an
 * unknown user and a wrong password; a brand-new session id on success (any session the browser brought along
 * ends first: no fixation); every attempt recorded in the audit trail (never the password).
 */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const ip = clientIp(await headers());
  const parsed = SignInInput.safeParse({
    username: form.get("username") ?? "",
    password: form.get("password") ?? "",
    next: typeof form.get("next") === "string" ? form.get("next") : undefined,
  });
  const typed = typeof form.get("username") === "string" ? String(form.get("username")).slice(0, 64) : "";
  if (!parsed.success) return { error: "Enter your user name and your password.", username: typed };
  const { username, password, next } = parsed.data;

  const limiter = signInLimiter();
  const lock = await limiter.check(username, ip);
  if (lock.locked) {
    await audit({ username, kind: "auth", operation: "SignIn", outcome: "denied", errorCode: "LockedOut", ip });
    return { error: lockedOut(lock.retryAfterMs), username };
  }

  const found = await users().credentials(username);
  let valid = false;
  if (found) valid = await verifyPassword(password, found.passwordHash);
  else await burnPasswordCheck(password);

  if (!found || !valid) {
    await limiter.recordFailure(username, ip);
    await audit({
      username,
      kind: "auth",
      operation: "SignIn",
      outcome: "failure",
      errorCode: "InvalidCredentials",
      ip,
    });
    const after = await limiter.check(username, ip);
    return { error: after.locked ? lockedOut(after.retryAfterMs) : wrongCredentials, username };
  }
  if (found.user.disabled) {
    await audit({ username, kind: "auth", operation: "SignIn", outcome: "denied", errorCode: "UserDisabled", ip });
    return { error: "This account is disabled. Ask an admin to enable it.", username };
  }

  await limiter.recordSuccess(username);
  const store = sessions();
  await store.revoke(sessionIdFrom(await cookies()));
  const { id } = await store.create(found.user.id);
  await setSessionCookie(id);
  await audit({ actor: found.user, kind: "auth", operation: "SignIn", outcome: "success", ip });
  redirect(safeNextPath(next));
}
