import { beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/server/auth/audit";
import { sessions } from "@/server/auth/sessions";
import { ensureUser, fakeRequest, signOutFake, testPassword } from "@/server/auth/testing";
import { users } from "@/server/auth/users";
import { signInAction } from "./auth";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

/** Where a successful sign-in redirected (Next's redirect() throws an error whose digest names the URL). */
async function signInRedirect(values: Record<string, string>): Promise<string> {
  try {
    const state = await signInAction({}, form(values));
    throw new Error(`no redirect: ${JSON.stringify(state)}`);
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2] ?? "";
  }
}

const cookie = () => fakeRequest.cookies.get("control-room-session");
let ipCounter = 0;

beforeEach(() => {
  signOutFake();
  // A different client address per test, so that per-address throttling of one test does not leak into another.
  fakeRequest.headers.set("x-forwarded-for", `198.51.100.${++ipCounter}`);
});

describe("sign-in", () => {
  it("signs in with a new session id (the id a browser brought along is revoked: no fixation) and goes on to `next`", async () => {
    const user = await ensureUser("jane", "operator");
    const planted = (await sessions().create(user.id)).id; // e.g. an id an attacker managed to plant in the browser
    fakeRequest.cookies.set("control-room-session", planted);
    const to = await signInRedirect({ username: "Jane", password: testPassword, next: "/stages?region=eu-west-1" });
    expect(to).toBe("/stages?region=eu-west-1");
    const issued = cookie();
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    expect(await sessions().validate(planted)).toBeUndefined();
    expect(await sessions().validate(issued)).toMatchObject({ username: "jane", role: "operator" });
    expect((await auditLog().query({ user: "jane", operation: "SignIn", limit: 1 }))[0]).toMatchObject({
      outcome: "success",
      role: "operator",
    });
  });

  it("never redirects off the console", async () => {
    await ensureUser("jane", "operator");
    expect(await signInRedirect({ username: "jane", password: testPassword, next: "https://evil.example/" })).toBe("/");
    expect(await signInRedirect({ username: "jane", password: testPassword, next: "//evil.example/" })).toBe("/");
  });

  it("gives the same answer for an unknown user and a wrong password, and sets no cookie", async () => {
    await ensureUser("jane", "operator");
    const wrong = await signInAction({}, form({ username: "jane", password: "not the password" }));
    const unknown = await signInAction({}, form({ username: "nobody-here", password: "whatever it is" }));
    expect(wrong.error).toBe("That user name and password do not match an active account.");
    expect(unknown.error).toBe(wrong.error);
    expect(wrong.username).toBe("jane");
    expect(cookie()).toBeUndefined();
    const [last] = await auditLog().query({ operation: "SignIn", limit: 1 });
    expect(last).toMatchObject({
      username: "nobody-here",
      outcome: "failure",
      errorCode: "InvalidCredentials",
      userId: null,
    });
    expect(JSON.stringify(await auditLog().query({ limit: 1000 }))).not.toContain("whatever it is");
  });

  it("locks a user name after 5 failures, even against the right password, with a message saying how long", async () => {
    await ensureUser("locked-out", "viewer");
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++)
      answers.push((await signInAction({}, form({ username: "locked-out", password: `guess-${i}` }))).error);
    expect(answers.slice(0, 4).every((error) => error?.startsWith("That user name"))).toBe(true);
    expect(answers[4]).toBe("Too many failed sign-ins. Sign-in is locked for this account: try again in 15 minutes.");
    fakeRequest.headers.set("x-forwarded-for", "192.0.2.200"); // another address does not help
    const right = await signInAction({}, form({ username: "locked-out", password: testPassword }));
    expect(right.error).toMatch(/^Too many failed sign-ins/);
    expect(cookie()).toBeUndefined();
    expect((await auditLog().query({ user: "locked-out", limit: 1 }))[0]).toMatchObject({
      outcome: "denied",
      errorCode: "LockedOut",
    });
  });

  it("refuses a disabled account (after a correct password) and empty fields", async () => {
    const user = await ensureUser("gone", "viewer");
    await ensureUser("keeper", "admin");
    await users().setDisabled(user.id, true);
    expect((await signInAction({}, form({ username: "gone", password: testPassword }))).error).toBe(
      "This account is disabled. Ask an admin to enable it.",
    );
    expect((await signInAction({}, form({ username: "", password: "" }))).error).toBe(
      "Enter your user name and your password.",
    );
    expect(cookie()).toBeUndefined();
  });
});
