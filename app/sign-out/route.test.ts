import { describe, expect, it, vi } from "vitest";
import { auditLog } from "@/server/auth/audit";
import { sessions } from "@/server/auth/sessions";
import { actAs, fakeRequest, routeRequest } from "@/server/auth/testing";
import { POST } from "./route";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

const url = "http://console.test/sign-out";
const sameSite = { host: "console.test", origin: "http://console.test", "sec-fetch-site": "same-origin" };

describe("POST /sign-out", () => {
  it("refuses a request from another site (no CSRF sign-out) and keeps the session", async () => {
    await actAs("viewer");
    const id = fakeRequest.cookies.get("control-room-session");
    const attempts: Record<string, string>[] = [
      { host: "console.test", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { host: "console.test" },
    ];
    for (const headers of attempts) {
      const answer = await POST(routeRequest(url, { method: "POST", headers }));
      expect(answer.status).toBe(403);
    }
    expect(await sessions().validate(id)).toBeDefined();
  });

  it("ends the session on the server, expires the cookie, goes to the sign-in page, and is audited", async () => {
    const user = await actAs("operator");
    const id = fakeRequest.cookies.get("control-room-session");
    const answer = await POST(routeRequest(url, { method: "POST", headers: sameSite }));
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe("/sign-in?signed-out=1");
    expect(answer.headers.get("set-cookie")).toMatch(/control-room-session=;.*Max-Age=0/i);
    expect(await sessions().validate(id)).toBeUndefined();
    expect((await auditLog().query({ user: user.username, limit: 1 }))[0]).toMatchObject({
      operation: "SignOut",
      outcome: "success",
    });
  });
});
