import { describe, expect, it } from "vitest";
import { decodeJwtPayload } from "./jwt";

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("decodeJwtPayload", () => {
  it("decodes a token's claims, including non-ASCII text", () => {
    const token = `${b64url({ alg: "KMS" })}.${b64url({ jti: "abc", user_id: "zoë", capabilities: { allow_publish: true } })}.sig`;
    expect(decodeJwtPayload(token)).toEqual({ jti: "abc", user_id: "zoë", capabilities: { allow_publish: true } });
  });

  it("returns undefined for anything that is not a JWT", () => {
    expect(decodeJwtPayload("nope")).toBeUndefined();
    expect(decodeJwtPayload("a.%%%.c")).toBeUndefined();
    expect(decodeJwtPayload(`a.${Buffer.from("[1]").toString("base64url")}.c`)).toBeUndefined();
  });
});
