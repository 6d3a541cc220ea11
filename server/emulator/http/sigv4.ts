/**
 * Stage (d), SigV4 verification (api §12.2/§12.3, toolchain §11).
 *
 * The signature is recomputed with `@smithy/signature-v4` (the signer the official SDK uses) from:
 * - the raw, still percent-encoded request path: the signer's `uriEscapePath` encodes it once more,
 *   which reproduces the client's double-encoded canonical URI (`/tags/arn%3A…` → `/tags/arn%253A…`);
 * - the decoded query (the signer re-encodes and sorts it);
 * - exactly the headers named in `SignedHeaders=`, with `x-amz-content-sha256` replaced by
 *   sha256(received body) so a tampered body can never verify (a received `x-amz-content-sha256`
 *   that disagrees with the body, including `UNSIGNED-PAYLOAD`, is rejected outright);
 * - region and service from the credential scope, and `X-Amz-Date` as the signing date.
 * Signatures are compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Clock } from "@/server/emulator/clock";
import type { EmulatorCredential } from "@/server/emulator/config";
import { EmulatorError } from "@/server/emulator/errors";

// Signers are reused per key and scope so the derived signing key stays cached between requests.
const signers = new Map<string, SignatureV4>();
function signerFor(accessKeyId: string, secretAccessKey: string, region: string, service: string): SignatureV4 {
  const key = [accessKeyId, secretAccessKey, region, service].join("\u0000");
  let signer = signers.get(key);
  if (!signer) {
    if (signers.size > 1000) signers.clear();
    signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey },
      region,
      service,
      sha256: Hash.bind(null, "sha256"),
      applyChecksum: false,
      uriEscapePath: true,
    });
    signers.set(key, signer);
  }
  return signer;
}

export const signingService = "ivs";
export const algorithm = "AWS4-HMAC-SHA256";
/** Allowed difference between `X-Amz-Date` and the emulator clock (IAM signing reference: 5 minutes). */
export const maxClockSkewMs = 5 * 60 * 1000;

export interface SignedRequest {
  readonly method: string;
  /** The path exactly as received, still percent-encoded, without the query string. */
  readonly rawPath: string;
  /** The query, percent-decoded; repeated keys as arrays. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** Request headers by lower-case name, every received value kept (Node's `headersDistinct`). */
  readonly headers: Readonly<Record<string, readonly string[] | undefined>>;
  readonly body: Uint8Array;
}

export interface CallerIdentity {
  readonly accessKeyId: string;
  readonly account: string;
  readonly region: string;
}

export interface SigV4VerifierOptions {
  readonly credentials: readonly EmulatorCredential[];
  readonly clock: Clock;
  /** The signing name the credential scope must name: `ivs` (default) or `monitoring` (CloudWatch). */
  readonly service?: string;
}

export type SigV4Verifier = (request: SignedRequest) => Promise<CallerIdentity>;

const authError = (code: string, message: string) => new EmulatorError(code, 403, message, "message");
const incomplete = (message: string) => authError("IncompleteSignatureException", message);
const invalid = (message: string) => authError("InvalidSignatureException", message);
const signatureMismatch = () =>
  invalid(
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );

/** Region names of the AWS form (`us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-iso-east-1`). */
const regionPattern = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const amzDatePattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Parse `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; throws IncompleteSignatureException. */
export function parseAuthorization(header: string): ParsedAuthorization {
  const trimmed = header.trim();
  const space = trimmed.indexOf(" ");
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space);
  if (scheme !== algorithm) {
    throw incomplete(`Unsupported Authorization scheme '${scheme.slice(0, 40)}': only ${algorithm} is accepted`);
  }
  const params = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq <= 0) throw incomplete(`Authorization header parameter '${item.slice(0, 40)}' is not of the form Key=Value`);
    const key = item.slice(0, eq);
    if (params.has(key)) throw incomplete(`Authorization header has more than one '${key}' parameter`);
    params.set(key, item.slice(eq + 1));
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((key) => !params.get(key));
  if (missing.length > 0) {
    throw incomplete(missing.map((key) => `Authorization header requires '${key}' parameter.`).join(" "));
  }
  const credential = params.get("Credential") ?? "";
  const parts = credential.split("/");
  if (parts.length !== 5 || parts.some((p) => p === "")) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.length} element(s)'`,
    );
  }
  const [accessKeyId = "", scopeDate = "", region = "", service = "", terminator = ""] = parts;
  const signedHeadersText = params.get("SignedHeaders") ?? "";
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+(;[!#$%&'*+.^_`|~0-9a-z-]+)*$/.test(signedHeadersText)) {
    throw incomplete("SignedHeaders must be a ';'-separated list of lower-case header names");
  }
  const signature = params.get("Signature") ?? "";
  if (!/^[0-9a-f]{64}$/.test(signature)) throw incomplete("Signature must be 64 lower-case hexadecimal characters");
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders: signedHeadersText.split(";"),
    signature,
  };
}

/** Parse an ISO-8601 basic-format `X-Amz-Date` (`20150830T123600Z`) to epoch ms, or undefined. */
export function parseAmzDate(text: string): number | undefined {
  const m = amzDatePattern.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if ([y, mo, d, h, mi, s].some((n) => n === undefined)) return undefined;
  const ms = Date.UTC(y ?? 0, (mo ?? 0) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0);
  return formatAmzDate(ms) === text ? ms : undefined;
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

function single(headers: SignedRequest["headers"], name: string): string | undefined {
  const values = headers[name];
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw incomplete(`More than one '${name}' header`);
  return values[0];
}

export function createSigV4Verifier(options: SigV4VerifierOptions): SigV4Verifier {
  const keys = new Map(options.credentials.map((credential) => [credential.accessKeyId, credential]));

  return async (request) => {
    const authorization = single(request.headers, "authorization");
    if (authorization === undefined || authorization.trim() === "") {
      throw authError("MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    const auth = parseAuthorization(authorization);

    const amzDate = single(request.headers, "x-amz-date");
    if (amzDate === undefined) {
      throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    const signedAt = parseAmzDate(amzDate);
    if (signedAt === undefined) {
      throw incomplete(
        `Date must be in ISO-8601 'basic format'. Got '${amzDate.slice(0, 40)}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    }

    if (auth.terminator !== "aws4_request") {
      throw invalid(
        `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator.slice(0, 40)}'.`,
      );
    }
    if (auth.scopeDate !== amzDate.slice(0, 8)) {
      throw invalid(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate.slice(0, 20)}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      );
    }
    if (!regionPattern.test(auth.region)) {
      throw invalid(`Credential should be scoped to a valid Region, not '${auth.region.slice(0, 40)}'.`);
    }
    const service = options.service ?? signingService;
    if (auth.service !== service) {
      throw invalid(`Credential should be scoped to correct service: '${service}'.`);
    }

    const credential = keys.get(auth.accessKeyId);
    if (credential === undefined) {
      throw authError("UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    const now = options.clock.now();
    if (signedAt < now - maxClockSkewMs) {
      const limit = formatAmzDate(now - maxClockSkewMs);
      throw invalid(`Signature expired: ${amzDate} is now earlier than ${limit} (${formatAmzDate(now)} - 5 min.)`);
    }
    if (signedAt > now + maxClockSkewMs) {
      const limit = formatAmzDate(now + maxClockSkewMs);
      throw invalid(
        `Signature not yet current: ${amzDate} is still later than ${limit} (${formatAmzDate(now)} + 5 min.)`,
      );
    }

    if (!auth.signedHeaders.includes("host")) {
      throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (!auth.signedHeaders.includes("x-amz-date")) {
      throw incomplete("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    }

    const bodyHash = createHash("sha256").update(request.body).digest("hex");
    const declaredHash = request.headers["x-amz-content-sha256"];
    if (declaredHash !== undefined && declaredHash.some((value) => value.trim() !== bodyHash)) {
      // Also rejects UNSIGNED-PAYLOAD: every request to this API has a small, signed JSON body.
      throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    const headers: Record<string, string> = {};
    for (const name of auth.signedHeaders) {
      const values = request.headers[name];
      // A header that was signed but not received cannot verify.
      if (values === undefined || values.length === 0) throw signatureMismatch();
      headers[name] = name === "x-amz-content-sha256" ? bodyHash : values.map((v) => v.trim()).join(",");
    }

    const signer = signerFor(credential.accessKeyId, credential.secretAccessKey, auth.region, auth.service);
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(request.query))
      query[key] = typeof value === "string" ? value : [...value];
    const resigned = await signer.sign(
      new HttpRequest({
        method: request.method,
        protocol: "http:",
        hostname: "localhost",
        path: request.rawPath,
        query,
        headers,
        body: request.body,
      }),
      {
        signingDate: new Date(signedAt),
        signingRegion: auth.region,
        signingService: auth.service,
        signableHeaders: new Set(auth.signedHeaders),
      },
    );
    const expected = /Signature=([0-9a-f]{64})$/.exec(String(resigned.headers.authorization ?? ""))?.[1];
    if (expected === undefined) throw signatureMismatch();
    if (!timingSafeEqual(Buffer.from(expected, "utf8"), Buffer.from(auth.signature, "utf8"))) throw signatureMismatch();

    return { accessKeyId: credential.accessKeyId, account: credential.account, region: auth.region };
  };
}
