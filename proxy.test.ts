import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";

const request = (path: string, headers: Record<string, string> = {}) =>
  new NextRequest(`http://127.0.0.1:3000${path}`, { headers });
const session = { cookie: `control-room-session=${"a".repeat(43)}` };

describe("proxy.ts", () => {
  it("gives every answer a fresh nonce CSP and hands the nonce and the path to the page", () => {
    const first = proxy(request("/stages?region=eu-west-1&_rsc=abc", session));
    const second = proxy(request("/stages", session));
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    // NextResponse.next({ request: { headers } }) passes overridden request headers as x-middleware-request-*.
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-middleware-request-x-console-path")).toBe("/stages?region=eu-west-1");
  });

  it("sends a page request without any session cookie to the sign-in page (a courtesy: pages check again)", () => {
    const answer = proxy(request("/configurations?region=eu-west-1"));
    expect(answer.status).toBe(307);
    const location = new URL(answer.headers.get("location") ?? "", "http://x");
    expect(`${location.pathname}${location.search}`).toBe("/sign-in?next=%2Fconfigurations%3Fregion%3Deu-west-1");
  });

  it("lets through what answers signed-out requests itself: sign-in, route handlers, server actions", () => {
    for (const path of ["/sign-in?next=%2F", "/api/ivs/ListStages", "/audit/export", "/sign-out"])
      expect(proxy(request(path)).status, path).toBe(200);
    expect(proxy(request("/stages", { "next-action": "abc" })).status).toBe(200);
  });

  it("overwrites a client-supplied x-console-path", () => {
    const answer = proxy(request("/audit", { ...session, "x-console-path": "https://evil.example" }));
    expect(answer.headers.get("x-middleware-request-x-console-path")).toBe("/audit");
  });
});
