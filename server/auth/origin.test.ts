import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./origin";

const headers = (init: Record<string, string>) => new Headers(init);

describe("origin check for route handlers that change anything", () => {
  it("accepts the console's own pages", () => {
    expect(
      isSameOriginRequest(
        headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }),
      ),
    ).toBe(true);
    expect(
      isSameOriginRequest(
        headers({
          host: "internal:3000",
          "x-forwarded-host": "console.example.com",
          origin: "https://console.example.com",
        }),
      ),
    ).toBe(true);
  });

  it("refuses other sites, sandboxed frames and requests that do not say where they come from", () => {
    expect(
      isSameOriginRequest(
        headers({ host: "127.0.0.1:3000", origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
      ),
    ).toBe(false);
    expect(
      isSameOriginRequest(
        headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-site" }),
      ),
    ).toBe(false);
    expect(isSameOriginRequest(headers({ host: "127.0.0.1:3000", origin: "https://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: "127.0.0.1:3000", origin: "null" }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: "127.0.0.1:3000" }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: "127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: "127.0.0.1:3000", origin: "not a url" }))).toBe(false);
  });
});
