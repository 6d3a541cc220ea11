import { NextResponse, type NextRequest } from "next/server";
import { signInUrl } from "@/lib/auth/next-path";
import { contentSecurityPolicy } from "@/lib/auth/csp";
import { secureSessionCookie, sessionCookie } from "@/server/auth/cookie-names";
import { env } from "@/server/env";

/** Paths that answer signed-out requests themselves (the sign-in page; route handlers answer 401/403 JSON). */
const answersSignedOut = /^\/(sign-in|sign-out|api\/|audit\/export)/;

/**
 * Per-request headers: a fresh CSP nonce (Next.js reads it from the request's Content-Security-Policy header
 * and applies it to its scripts), the CSP on the response, and `x-console-path` (the page asked for, so a page
 * that needs sign-in can come back to it). This is NOT the sign-in gate: every page, route handler and server
 * action checks the session in its own server code (proxies can be skipped: CVE-2025-29927). As a courtesy, a
 * page request without any session cookie is redirected to the sign-in page here (a plain 307 instead of a
 * streamed redirect); an expired or forged cookie is caught by the page itself.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const vars = env();
  const https = vars.CONSOLE_SECURE_COOKIES || request.headers.get("x-forwarded-proto") === "https";
  const csp = contentSecurityPolicy({ nonce, dev: vars.NODE_ENV === "development", https });

  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc");
  const hasSession = request.cookies.has(sessionCookie) || request.cookies.has(secureSessionCookie);
  if (!hasSession && !answersSignedOut.test(url.pathname) && !request.headers.has("next-action")) {
    const response = NextResponse.redirect(new URL(signInUrl(`${url.pathname}${url.search}`), request.nextUrl), 307);
    response.headers.set("cache-control", "no-store");
    return response;
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-console-path", `${url.pathname}${url.search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    // Everything but build assets (immutable, no HTML) and the icon.
    "/((?!_next/static|_next/image|icon.svg|favicon.ico).*)",
  ],
};
