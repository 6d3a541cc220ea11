import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, staticSecurityHeaders } from "./csp";

describe("content security policy", () => {
  it("allows scripts only by nonce (strict-dynamic), forbids framing, objects and base changes", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123==" });
    expect(csp).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("adds eval only in development and upgrades requests only over HTTPS", () => {
    expect(contentSecurityPolicy({ nonce: "n", dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n", https: true })).toContain("upgrade-insecure-requests");
  });

  it("sends nosniff, a referrer policy, a permissions policy and no framing on every answer", () => {
    const names = staticSecurityHeaders.map((header) => header.key);
    expect(names).toEqual(
      expect.arrayContaining(["X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options"]),
    );
  });
});
