import { afterEach, describe, expect, it, vi } from "vitest";
import { clientIp, isSecureRequest, requirePageUser, setSessionCookie } from "./request";
import { actAs, fakeRequest, signOutFake } from "./testing";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

afterEach(() => {
  fakeRequest.headers.set("x-forwarded-proto", "http");
  fakeRequest.headers.delete("x-console-path");
  delete process.env.CONSOLE_SECURE_COOKIES;
});

describe("request helpers", () => {
  it("mark cookies Secure over HTTPS or when CONSOLE_SECURE_COOKIES=1", () => {
    expect(isSecureRequest(new Headers({ "x-forwarded-proto": "http" }))).toBe(false);
    expect(isSecureRequest(new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isSecureRequest(new Headers({ "x-forwarded-proto": "https, http" }))).toBe(true);
    process.env.CONSOLE_SECURE_COOKIES = "1";
    expect(isSecureRequest(new Headers())).toBe(true);
  });

  it("set an HttpOnly, SameSite=Lax session cookie; over HTTPS Secure with the __Host- prefix", async () => {
    fakeRequest.cookies.clear();
    await setSessionCookie("a".repeat(43));
    expect(fakeRequest.cookieOptions.get("control-room-session")).toMatchObject({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: false,
      maxAge: 12 * 3600,
    });
    fakeRequest.headers.set("x-forwarded-proto", "https");
    await setSessionCookie("b".repeat(43));
    expect(fakeRequest.cookieOptions.get("__Host-control-room-session")).toMatchObject({
      httpOnly: true,
      secure: true,
      path: "/",
    });
  });

  it("take the client address from the last X-Forwarded-For hop", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("10.0.0.2");
    expect(clientIp(new Headers())).toBe("unknown");
  });

  it("send a signed-out page request to the sign-in page, which brings the user back", async () => {
    signOutFake();
    fakeRequest.headers.set("x-console-path", "/stages?region=eu-west-1");
    const error = await requirePageUser().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect((error as { digest?: string }).digest).toContain("/sign-in?next=%2Fstages%3Fregion%3Deu-west-1");
    const user = await actAs("viewer");
    await expect(requirePageUser()).resolves.toEqual(user);
  });
});
