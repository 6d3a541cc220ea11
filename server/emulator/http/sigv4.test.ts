import { describe, expect, it } from "vitest";
import { manualClock } from "@/server/emulator/clock";
import { EmulatorError } from "@/server/emulator/errors";
import { parseQuery } from "@/server/emulator/http/router";
import { createSigV4Verifier, formatAmzDate, parseAmzDate, parseAuthorization } from "@/server/emulator/http/sigv4";
import { signRequest, toSignedRequest, type SignOptions, type WireRequest } from "@/server/emulator/http/testing";

const signingDate = new Date("2026-11-25T12:34:56Z");
const credentials = [
  { accessKeyId: "test", secretAccessKey: "test", account: "123456789012" },
  { accessKeyId: "AKIDSECOND", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", account: "210987654321" },
];
const tagPath = "/tags/arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Astage%2FabcdABCDefgh";

function verifierAt(ms: number = signingDate.getTime()) {
  return createSigV4Verifier({ credentials, clock: manualClock(ms) });
}

function asSigned(wire: WireRequest) {
  const q = wire.target.indexOf("?");
  return toSignedRequest(wire, parseQuery(q === -1 ? "" : wire.target.slice(q + 1)));
}

async function verify(wire: WireRequest, atMs?: number) {
  return verifierAt(atMs)(asSigned(wire));
}

async function rejection(wire: WireRequest, atMs?: number): Promise<EmulatorError> {
  try {
    await verify(wire, atMs);
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorError);
    return error as EmulatorError;
  }
  throw new Error("expected the request to be rejected");
}

const sign = (options: SignOptions = {}) => signRequest({ date: signingDate, ...options });

/** Replace one character of `text` at `index` (default: last) with a different one. */
function flipByte(text: string, index = text.length - 1): string {
  const c = text[index] ?? "a";
  const replacement = c === "a" ? "b" : c === "0" ? "1" : c === "Z" ? "Y" : "a";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

function withAuthorization(wire: WireRequest, authorization: string): WireRequest {
  return { ...wire, headers: { ...wire.headers, authorization } };
}

describe("SigV4 verification: accepted requests", () => {
  it("verifies a POST signed like the SDK and returns the caller's account and region", async () => {
    const wire = await sign({ region: "eu-central-1" });
    await expect(verify(wire)).resolves.toEqual({
      accessKeyId: "test",
      account: "123456789012",
      region: "eu-central-1",
    });
  });

  it("maps each access key to its account", async () => {
    const wire = await sign({ accessKeyId: "AKIDSECOND", secretAccessKey: credentials[1]?.secretAccessKey });
    await expect(verify(wire)).resolves.toMatchObject({ account: "210987654321" });
  });

  it("verifies the double-encoded tag path (raw path canonicalized once more)", async () => {
    const wire = await sign({ method: "GET", path: tagPath });
    await expect(verify(wire)).resolves.toMatchObject({ region: "us-east-1" });
  });

  it("verifies repeated query keys (UntagResource tagKeys)", async () => {
    const wire = await sign({ method: "DELETE", path: tagPath, query: { tagKeys: ["b key", "a&b", "x:y"] } });
    await expect(verify(wire)).resolves.toBeDefined();
  });

  it("rejects a signature computed over the decoded (single-encoded) path", async () => {
    const decodedPath = `/tags/${decodeURIComponent(tagPath.slice("/tags/".length))}`;
    const signedDecoded = await sign({ method: "GET", path: decodedPath });
    const sentEncoded = { ...signedDecoded, target: tagPath };
    expect((await rejection(sentEncoded)).code).toBe("InvalidSignatureException");
  });

  it("verifies an empty body and a GET without body", async () => {
    await expect(verify(await sign({ body: "" }))).resolves.toBeDefined();
    await expect(verify(await sign({ method: "GET", path: tagPath, body: "" }))).resolves.toBeDefined();
  });

  it("verifies when a normally unsignable header (user-agent) was signed on purpose", async () => {
    // A client may sign more headers than the JS SDK does; only SignedHeaders= matter.
    const wire = await sign({ headers: { "user-agent": "custom-client/1.0" }, signableHeaders: ["user-agent"] });
    expect(parseAuthorization(wire.headers.authorization ?? "").signedHeaders).toContain("user-agent");
    await expect(verify(wire)).resolves.toBeDefined();
    const tampered = { ...wire, headers: { ...wire.headers, "user-agent": "custom-client/1.1" } };
    expect((await rejection(tampered)).code).toBe("InvalidSignatureException");
  });

  it("canonicalizes header whitespace like the signer (runs of spaces collapse)", async () => {
    const wire = await sign({ headers: { "x-custom": "  one   two  " } });
    await expect(verify(wire)).resolves.toBeDefined();
  });
});

describe("SigV4 verification: tampering", () => {
  it("rejects a tampered method", async () => {
    const wire = await sign();
    expect((await rejection({ ...wire, method: flipByte(wire.method) })).code).toBe("InvalidSignatureException");
  });

  it("rejects a tampered path", async () => {
    const wire = await sign();
    expect((await rejection({ ...wire, target: flipByte(wire.target) })).code).toBe("InvalidSignatureException");
    const tags = await sign({ method: "GET", path: tagPath });
    expect((await rejection({ ...tags, target: flipByte(tags.target) })).code).toBe("InvalidSignatureException");
  });

  it("rejects a tampered query", async () => {
    const wire = await sign({ method: "DELETE", path: tagPath, query: { tagKeys: ["alpha", "beta"] } });
    expect((await rejection({ ...wire, target: flipByte(wire.target) })).code).toBe("InvalidSignatureException");
    expect((await rejection({ ...wire, target: wire.target.replace("alpha", "alphb") })).code).toBe(
      "InvalidSignatureException",
    );
    expect((await rejection({ ...wire, target: `${wire.target}&tagKeys=gamma` })).code).toBe(
      "InvalidSignatureException",
    );
  });

  it("rejects a tampered body (the verifier trap: x-amz-content-sha256 is recomputed)", async () => {
    const wire = await sign({ body: '{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"}' });
    expect((await rejection({ ...wire, body: flipByte(wire.body, 10) })).code).toBe("InvalidSignatureException");
    // Same length, only the body changed, header kept: still rejected.
    expect((await rejection({ ...wire, body: wire.body.replace("abcd", "abce") })).code).toBe(
      "InvalidSignatureException",
    );
  });

  it("rejects a body swapped together with a matching x-amz-content-sha256 header", async () => {
    const wire = await sign();
    const other = await sign({ body: '{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/zzzzABCDefgh"}' });
    const forged = {
      ...wire,
      body: other.body,
      headers: { ...wire.headers, "x-amz-content-sha256": other.headers["x-amz-content-sha256"] ?? "" },
    };
    expect((await rejection(forged)).code).toBe("InvalidSignatureException");
  });

  it("rejects single-byte tampering of each signed header", async () => {
    const wire = await sign({ headers: { "x-custom": "value" } });
    const signedHeaders = parseAuthorization(wire.headers.authorization ?? "").signedHeaders;
    expect(signedHeaders).toEqual(
      expect.arrayContaining(["host", "x-amz-date", "x-amz-content-sha256", "content-type", "x-custom"]),
    );
    for (const name of signedHeaders) {
      const value = wire.headers[name] ?? "";
      const tampered = { ...wire, headers: { ...wire.headers, [name]: flipByte(value) } };
      const error = await rejection(tampered);
      expect(error.status, name).toBe(403);
      expect(["InvalidSignatureException", "IncompleteSignatureException"], name).toContain(error.code);
    }
  });

  it("rejects a request whose signed header was removed", async () => {
    const wire = await sign({ headers: { "x-custom": "value" } });
    const headers = { ...wire.headers };
    delete headers["x-custom"];
    expect((await rejection({ ...wire, headers })).code).toBe("InvalidSignatureException");
  });

  it("ignores unsigned headers added in transit", async () => {
    const wire = await sign();
    await expect(
      verify({ ...wire, headers: { ...wire.headers, "user-agent": "proxy", "x-extra": "1" } }),
    ).resolves.toBeDefined();
  });

  it("rejects a wrong secret", async () => {
    const wire = await sign({ secretAccessKey: "not-the-secret" });
    const error = await rejection(wire);
    expect(error.code).toBe("InvalidSignatureException");
    expect(error.message).toMatch(/does not match the signature you provided/);
  });

  it("rejects a tampered signature", async () => {
    const wire = await sign();
    expect((await rejection(withAuthorization(wire, flipByte(wire.headers.authorization ?? "")))).code).toBe(
      "InvalidSignatureException",
    );
  });
});

describe("SigV4 verification: clock skew (±5 minutes, emulator clock)", () => {
  const at = signingDate.getTime();
  const s = 1000;

  it("accepts ±4:59", async () => {
    const wire = await sign();
    await expect(verify(wire, at + 299 * s)).resolves.toBeDefined();
    await expect(verify(wire, at - 299 * s)).resolves.toBeDefined();
    await expect(verify(wire, at + 300 * s)).resolves.toBeDefined();
  });

  it("rejects a signature older than 5 minutes (5:01) with the AWS text", async () => {
    const error = await rejection(await sign(), at + 301 * s);
    expect(error.code).toBe("InvalidSignatureException");
    expect(error.status).toBe(403);
    expect(error.bodyKey).toBe("message");
    expect(error.message).toBe(
      "Signature expired: 20261125T123456Z is now earlier than 20261125T123457Z (20261125T123957Z - 5 min.)",
    );
  });

  it("rejects a signature from more than 5 minutes in the future (5:01) with the AWS text", async () => {
    const error = await rejection(await sign(), at - 301 * s);
    expect(error.code).toBe("InvalidSignatureException");
    expect(error.message).toBe(
      "Signature not yet current: 20261125T123456Z is still later than 20261125T123455Z (20261125T122955Z + 5 min.)",
    );
  });

  it("accepts a request signed just before midnight and received just after (scope date = X-Amz-Date day)", async () => {
    const beforeMidnight = new Date("2026-11-25T23:59:30Z");
    const wire = await signRequest({ date: beforeMidnight });
    await expect(verify(wire, Date.parse("2026-11-26T00:01:00Z"))).resolves.toBeDefined();
  });
});

describe("SigV4 verification: scope and header errors", () => {
  it("rejects the service name ivsrealtime", async () => {
    const error = await rejection(await sign({ service: "ivsrealtime" }));
    expect(error.code).toBe("InvalidSignatureException");
    expect(error.message).toMatch(/Credential should be scoped to correct service: 'ivs'/);
  });

  it("rejects a scope date that differs from the X-Amz-Date day", async () => {
    const wire = await sign();
    const auth = (wire.headers.authorization ?? "").replace("/20261125/", "/20261124/");
    const error = await rejection(withAuthorization(wire, auth));
    expect(error.code).toBe("InvalidSignatureException");
    expect(error.message).toMatch(
      /^Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP/,
    );
  });

  it("rejects a wrong terminator and an invalid region", async () => {
    const wire = await sign();
    const terminator = await rejection(
      withAuthorization(wire, (wire.headers.authorization ?? "").replace("aws4_request", "aws4_requesx")),
    );
    expect(terminator.code).toBe("InvalidSignatureException");
    const region = await rejection(await sign({ region: "Mars" }));
    expect(region.code).toBe("InvalidSignatureException");
    expect(region.message).toMatch(/valid Region, not 'Mars'/);
  });

  it("rejects an unknown access key with UnrecognizedClientException", async () => {
    const error = await rejection(await sign({ accessKeyId: "AKIDUNKNOWN" }));
    expect(error.code).toBe("UnrecognizedClientException");
    expect(error.status).toBe(403);
    expect(error.message).toBe("The security token included in the request is invalid.");
  });

  it("answers MissingAuthenticationTokenException without an Authorization header", async () => {
    const wire = await sign();
    const headers = { ...wire.headers };
    delete headers.authorization;
    const error = await rejection({ ...wire, headers });
    expect(error.code).toBe("MissingAuthenticationTokenException");
    expect(error.message).toBe("Missing Authentication Token");
    expect(error.bodyKey).toBe("message");
  });

  it("answers IncompleteSignatureException without X-Amz-Date", async () => {
    const wire = await sign();
    const headers = { ...wire.headers };
    delete headers["x-amz-date"];
    const error = await rejection({ ...wire, headers });
    expect(error.code).toBe("IncompleteSignatureException");
    expect(error.message).toBe("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  });

  it("answers IncompleteSignatureException for a malformed X-Amz-Date", async () => {
    const wire = await sign();
    const error = await rejection({ ...wire, headers: { ...wire.headers, "x-amz-date": "2026-11-25T12:34:56Z" } });
    expect(error.code).toBe("IncompleteSignatureException");
    expect(error.message).toMatch(/ISO-8601 'basic format'/);
  });

  it("answers IncompleteSignatureException for malformed Authorization headers", async () => {
    const wire = await sign();
    const auth = wire.headers.authorization ?? "";
    const malformed = [
      "Bearer abc",
      "AWS4-HMAC-SHA256",
      "AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/ivs/aws4_request, SignedHeaders=host;x-amz-date",
      auth.replace(/Credential=[^,]+/, "Credential=test/20261125/us-east-1/aws4_request"),
      auth.replace(/Signature=[0-9a-f]+/, "Signature=xyz"),
      auth.replace(/SignedHeaders=[^,]+/, "SignedHeaders=Host;X-Amz-Date"),
      `${auth}, Signature=${"0".repeat(64)}`,
      auth.replace("Credential=", "Credential"),
    ];
    for (const value of malformed) {
      const error = await rejection(withAuthorization(wire, value));
      expect(error.code, value).toBe("IncompleteSignatureException");
      expect(error.status).toBe(403);
    }
  });

  it("requires host to be signed", async () => {
    const wire = await sign();
    const auth = (wire.headers.authorization ?? "").replace(
      "SignedHeaders=content-type;host;",
      "SignedHeaders=content-type;",
    );
    const error = await rejection(withAuthorization(wire, auth));
    expect(error.code).toBe("IncompleteSignatureException");
    expect(error.message).toMatch(/'Host' or ':authority' must be a 'SignedHeader'/);
  });

  it("rejects a payload declared UNSIGNED-PAYLOAD", async () => {
    const wire = await sign({ headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    expect((await rejection(wire)).code).toBe("InvalidSignatureException");
  });
});

describe("X-Amz-Date parsing", () => {
  it("round-trips the basic ISO-8601 format and rejects impossible dates", () => {
    const ms = Date.parse("2026-02-28T23:59:59Z");
    expect(formatAmzDate(ms)).toBe("20260228T235959Z");
    expect(parseAmzDate("20260228T235959Z")).toBe(ms);
    expect(parseAmzDate("20260230T000000Z")).toBeUndefined();
    expect(parseAmzDate("20261325T000000Z")).toBeUndefined();
    expect(parseAmzDate("20261125T123456")).toBeUndefined();
  });
});
