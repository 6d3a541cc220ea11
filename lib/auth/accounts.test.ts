import { describe, expect, it } from "vitest";
import { CreateUserInput, Username } from "./accounts";
import { safeNextPath, signInUrl } from "./next-path";

describe("safeNextPath", () => {
  it("keeps local paths with their query", () => {
    expect(safeNextPath("/stages?region=eu-west-1")).toBe("/stages?region=eu-west-1");
    expect(safeNextPath("/stages/arn%3Aaws%3Aivs%3Aus-east-1%3A123456789012%3Astage%2Fabc")).toBe(
      "/stages/arn%3Aaws%3Aivs%3Aus-east-1%3A123456789012%3Astage%2Fabc",
    );
  });

  it("turns everything that could leave the console into /", () => {
    for (const raw of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      undefined,
      42,
      "/ok\nSet-Cookie: x",
      "/sign-in?next=/stages",
      "/sign-out",
      `/${"a".repeat(3000)}`,
    ]) {
      expect(safeNextPath(raw), String(raw)).toBe("/");
    }
  });

  it("builds the sign-in URL that comes back", () => {
    expect(signInUrl("/stages?region=eu-west-1")).toBe("/sign-in?next=%2Fstages%3Fregion%3Deu-west-1");
    expect(signInUrl("/")).toBe("/sign-in");
    expect(signInUrl("https://evil.example")).toBe("/sign-in");
  });
});

describe("user names", () => {
  it("are lower-cased, trimmed and restricted", () => {
    expect(Username.parse("  Jane.Doe ")).toBe("jane.doe");
    expect(Username.safeParse("ab").success).toBe(false);
    expect(Username.safeParse("has space").success).toBe(false);
    expect(Username.safeParse("-leading").success).toBe(false);
    expect(Username.safeParse("ops@example.com").success).toBe(true);
    expect(CreateUserInput.safeParse({ username: "jane", role: "root" }).success).toBe(false);
  });
});
