import { describe, expect, it } from "vitest";
import { checkBrowserGuard, isLoopbackHost } from "@/server/emulator/http/browser-guard";

const allowed = new Set(["http://localhost:3000", "http://127.0.0.1:3000"]);

describe("isLoopbackHost", () => {
  it("accepts 127.0.0.1, localhost and [::1] with or without a port", () => {
    for (const host of ["127.0.0.1", "127.0.0.1:4599", "localhost", "LOCALHOST:80", "[::1]", "[::1]:4599"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it("refuses everything else", () => {
    for (const host of [
      "evil.example",
      "evil.example:4599",
      "127.0.0.1.evil.example",
      "localhost.evil.example",
      "0.0.0.0:4599",
      "192.168.1.2",
      "::1",
      "[::2]:1",
      "127.0.0.1:99999",
      "127.0.0.1:",
      "localhost:abc",
      "",
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe("checkBrowserGuard", () => {
  it("lets loopback requests without Origin through (SDK clients)", () => {
    expect(checkBrowserGuard({ host: "127.0.0.1:4599" }, allowed)).toBeUndefined();
  });

  it("lets allowed origins through", () => {
    expect(checkBrowserGuard({ host: "localhost:4599", origin: "http://localhost:3000" }, allowed)).toBeUndefined();
  });

  it("refuses a non-loopback Host with 403 (DNS rebinding)", () => {
    const error = checkBrowserGuard({ host: "rebind.evil.example:4599" }, allowed);
    expect(error?.status).toBe(403);
    expect(error?.code).toBe("AccessDeniedException");
    expect(error?.message).toMatch(/not a loopback address/);
  });

  it("refuses a missing Host", () => {
    expect(checkBrowserGuard({}, allowed)?.status).toBe(403);
  });

  it("refuses an Origin that is not allowed, including the opaque origin null", () => {
    for (const origin of ["http://evil.example", "http://localhost:3001", "https://localhost:3000", "null"]) {
      const error = checkBrowserGuard({ host: "127.0.0.1:4599", origin }, allowed);
      expect(error?.status, origin).toBe(403);
      expect(error?.message).toMatch(/--allowed-origin/);
    }
  });
});
