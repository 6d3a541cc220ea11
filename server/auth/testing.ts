/**
 * Vitest support for code that reads the request through `next/headers` (sessions, server actions). Not used by
 * the app. In a test file:
 *   vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());
 * then `await actAs("viewer")` to run the next calls as a signed-in viewer, `signOutFake()` to run signed out.
 * The console database is in memory (set before anything opens it).
 */
import { NextRequest } from "next/server";
import type { Role } from "@/lib/auth/roles";
import { hashPassword } from "./password";
import { sessionCookie } from "./cookie-names";
import { sessions, type SessionUser } from "./sessions";
import { users } from "./users";

process.env.CONSOLE_DB_PATH = ":memory:";

export const fakeRequest = {
  cookies: new Map<string, string>(),
  /** Options of the last cookie set, by name. */
  cookieOptions: new Map<string, Record<string, unknown>>(),
  headers: new Headers({ host: "console.test", "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "http" }),
};

export function nextHeadersMock() {
  return {
    cookies: async () => ({
      get: (name: string) => {
        const value = fakeRequest.cookies.get(name);
        return value === undefined ? undefined : { name, value };
      },
      set: (name: string, value: string, options: Record<string, unknown> = {}) => {
        fakeRequest.cookies.set(name, value);
        fakeRequest.cookieOptions.set(name, options);
      },
      delete: (target: string | { name: string }) => {
        fakeRequest.cookies.delete(typeof target === "string" ? target : target.name);
      },
    }),
    headers: async () => fakeRequest.headers,
  };
}

export const testPassword = "correct horse battery staple";
let hash: Promise<string> | undefined;

/** A user with `testPassword` (created once per database), e.g. `ensureUser("test-viewer", "viewer")`. */
export async function ensureUser(username: string, role: Role): Promise<SessionUser> {
  const store = users();
  const existing = (await store.credentials(username))?.user;
  if (existing) {
    if (existing.role !== role) await store.setRole(existing.id, role);
    if (existing.disabled) await store.setDisabled(existing.id, false);
    return { id: existing.id, username, role };
  }
  hash ??= hashPassword(testPassword);
  const created = await store.create(username, role, await hash);
  if (!created.ok) throw new Error(created.message);
  return { id: created.user.id, username, role };
}

/** The next calls run as a signed-in user of `role` (user `test-<role>`), with a fresh session cookie. */
export async function actAs(role: Role, username = `test-${role}`): Promise<SessionUser> {
  const user = await ensureUser(username, role);
  const { id } = await sessions().create(user.id);
  fakeRequest.cookies.clear();
  fakeRequest.cookies.set(sessionCookie, id);
  return user;
}

/** The next calls run signed out. */
export function signOutFake(): void {
  fakeRequest.cookies.clear();
}

/** A request for a route handler, carrying this fake request's session cookie (if any) and `headers`. */
export function routeRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): NextRequest {
  const cookie = [...fakeRequest.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  return new NextRequest(url, {
    method: init.method ?? "GET",
    headers: { ...(cookie ? { cookie } : {}), ...init.headers },
  });
}
