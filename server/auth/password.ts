import "server-only";
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Password hashes: scrypt (memory-hard) with N = 2^15, r = 8, p = 1, a 16-byte random salt and a 32-byte key,
 * stored as `scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>`. Comparison is constant-time.
 */
const defaults = { log2N: 15, r: 8, p: 1 } as const;
const saltBytes = 16;
const keyBytes = 32;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  // 128·N·r bytes of memory; give scrypt twice that as its ceiling.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r * p };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, defaults.log2N, defaults.r, defaults.p);
  return ["scrypt", defaults.log2N, defaults.r, defaults.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2NText, rText, pText, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !saltText || !keyText) return false;
  const log2N = Number(log2NText);
  const r = Number(rText);
  const p = Number(pText);
  // Bounded so that a tampered row cannot make one sign-in cost minutes or gigabytes.
  if (!Number.isInteger(log2N) || log2N < 15 || log2N > 20 || !Number.isInteger(r) || r < 8 || r > 16 || p !== 1)
    return false;
  const expected = Buffer.from(keyText, "base64");
  if (expected.length !== keyBytes) return false;
  const actual = await derive(password, Buffer.from(saltText, "base64"), log2N, r, p);
  return timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/** Spends the same time as a real check, for unknown or locked users (no user-existence timing oracle). */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(18).toString("base64url"));
  await verifyPassword(password, await dummy);
}

/** A random password of 20 URL-safe characters (~120 bits), for first admins and resets. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
