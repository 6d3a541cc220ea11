import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { cache } from "react";
import { signInUrl } from "@/lib/auth/next-path";
import { accessDeniedMessage, can, type Permission } from "@/lib/auth/roles";
import type { ErrorInfo } from "@/lib/result";
import { env } from "@/server/env";
import { secureSessionCookie, sessionCookie } from "./cookie-names";
import { sessions, type SessionUser } from "./sessions";
import { authSettings } from "./settings";

/**
 * Sign-in checks bound to the current request: pages (`requirePageUser`, through `pageContext`), server actions
 * (`authorize`), route handlers (`requestUser`). Each is called in the server code of the page, action or
 * handler itself — never only in proxy.ts (CVE-2025-29927).
 */

export { secureSessionCookie, sessionCookie };

type HeaderBag = Pick<Headers, "get">;

/** Cookies are marked Secure when served over HTTPS or when CONSOLE_SECURE_COOKIES=1. */
export function isSecureRequest(requestHeaders: HeaderBag): boolean {
  if (env().CONSOLE_SECURE_COOKIES) return true;
  return (requestHeaders.get("x-forwarded-proto") ?? "").split(",")[0]?.trim() === "https";
}

/**
 * The client's address for per-address sign-in throttling: the last hop of X-Forwarded-For, i.e. the one the
 * nearest reverse proxy appended (or, with no header at all, the socket address Next's server fills in).
 * Without a proxy in front, a client can forge this header; the per-user-name limit does not depend on it.
 */
export function clientIp(requestHeaders: HeaderBag): string {
  const hops = (requestHeaders.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const last = hops[hops.length - 1];
  return last ? last.slice(0, 64) : "unknown";
}

type CookieReader = { get(name: string): { value: string } | undefined };

export function sessionIdFrom(jar: CookieReader): string | undefined {
  return jar.get(secureSessionCookie)?.value ?? jar.get(sessionCookie)?.value;
}

/** The signed-in user of this request (pages, layouts, server actions), or undefined. Once per render. */
export const currentUser = cache(async (): Promise<SessionUser | undefined> => {
  // Read the cookie first: during a build's prerendering `cookies()` never resolves, so the database stays closed.
  const id = sessionIdFrom(await cookies());
  return sessions().validate(id);
});

/** The path the browser asked for (set by proxy.ts; only used to come back after signing in). */
export async function requestedPath(): Promise<string> {
  return (await headers()).get("x-console-path") ?? "/";
}

/** Pages: the signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(signInUrl(await requestedPath()));
  return user;
}

export const unauthenticated: ErrorInfo = {
  code: "Unauthenticated",
  message: "You are not signed in (or your session ended). Sign in again, then retry.",
  retryable: false,
};

export function accessDenied(user: SessionUser, permission: Permission): ErrorInfo {
  return { code: "AccessDenied", message: accessDeniedMessage(user.role, permission), retryable: false };
}

export type Authorization =
  | { readonly ok: true; readonly user: SessionUser }
  | { readonly ok: false; readonly error: ErrorInfo; readonly user?: SessionUser };

/** Server actions: is someone signed in, and may their role do this? */
export async function authorize(permission: Permission): Promise<Authorization> {
  const user = await currentUser();
  if (!user) return { ok: false, error: unauthenticated };
  if (!can(user.role, permission)) return { ok: false, error: accessDenied(user, permission), user };
  return { ok: true, user };
}

/**
 * Route handlers: the signed-in user of this request, or undefined. GET handlers are what the browser polls on
 * its own, so they do not count as activity (the idle timeout still ends an unattended session); anything
 * else does.
 */
export function requestUser(request: NextRequest): Promise<SessionUser | undefined> {
  return sessions().validate(sessionIdFrom(request.cookies), {
    touch: request.method !== "GET" && request.method !== "HEAD",
  });
}

/** The 401 answer of a route handler. */
export function unauthorizedResponse(): Response {
  return Response.json({ error: unauthenticated }, { status: 401, headers: { "cache-control": "no-store" } });
}

export function forbiddenResponse(user: SessionUser, permission: Permission): Response {
  return Response.json(
    { error: accessDenied(user, permission) },
    { status: 403, headers: { "cache-control": "no-store" } },
  );
}

/** Sets the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS; lives no longer than the session can). */
export async function setSessionCookie(id: string): Promise<void> {
  const secure = isSecureRequest(await headers());
  const jar = await cookies();
  jar.set(secure ? secureSessionCookie : sessionCookie, id, {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/",
    maxAge: Math.floor(authSettings().absoluteMs / 1000),
  });
}

export async function clearSessionCookie(): Promise<void> {
  const jar = await cookies();
  for (const name of [sessionCookie, secureSessionCookie]) {
    if (jar.get(name)) jar.delete({ name, path: "/", ...(name === secureSessionCookie ? { secure: true } : {}) });
  }
}
