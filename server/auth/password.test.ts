import { describe, expect, it } from "vitest";
import { burnPasswordCheck, generatePassword, hashPassword, verifyPassword } from "./password";

describe("password hashing (scrypt)", () => {
  it("stores scrypt N=2^15, r=8, p=1 with a 16-byte salt and verifies", async () => {
    const hash = await hashPassword("correct horse battery staple");
    const [scheme, log2N, r, p, salt, key] = hash.split("$");
    expect([scheme, log2N, r, p]).toEqual(["scrypt", "15", "8", "1"]);
    expect(Buffer.from(salt ?? "", "base64")).toHaveLength(16);
    expect(Buffer.from(key ?? "", "base64")).toHaveLength(32);
    expect(hash).not.toContain("horse");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("refuses malformed or weakened hashes", async () => {
    const hash = await hashPassword("pw-123456789012");
    expect(await verifyPassword("pw-123456789012", hash.replace("scrypt$15$", "scrypt$10$"))).toBe(false);
    expect(await verifyPassword("pw-123456789012", hash.replace("scrypt$15$8$1$", "scrypt$15$8$4$"))).toBe(false);
    expect(await verifyPassword("pw-123456789012", "plain-text")).toBe(false);
    expect(await verifyPassword("pw-123456789012", "")).toBe(false);
  });

  it("generates long random passwords and can spend a check's time without a user", async () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(generatePassword()).not.toBe(a);
    await expect(burnPasswordCheck("anything")).resolves.toBeUndefined();
  });
});
