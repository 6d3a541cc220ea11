import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorCredential } from "../config";
import { EmulatorError, validation } from "../errors";
import type { QueryValues } from "../http/router";

/**
 * Control API authentication: `Authorization: Bearer <accessKeyId>:<secretAccessKey>` with one of the emulator's
 * own credential pairs (IVS_EMULATOR_CREDENTIALS). The caller's account is the credential's account. Secrets
 * are compared in constant time. Errors are 403 in the form of the API's authentication errors.
 */

const authError = (code: string, message: string) => new EmulatorError(code, 403, message, "message");

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

export function authenticateControl(
  header: string | undefined,
  credentials: readonly EmulatorCredential[],
): EmulatorCredential {
  if (header === undefined || header.trim() === "") {
    throw authError(
      "MissingAuthenticationTokenException",
      "Missing Authentication Token: the control API needs the header Authorization: Bearer <accessKeyId>:<secretAccessKey>",
    );
  }
  const match = /^Bearer\s+([^:\s]+):(\S+)$/i.exec(header.trim());
  if (!match) {
    throw authError(
      "IncompleteSignatureException",
      "The Authorization header of the control API must be Bearer <accessKeyId>:<secretAccessKey>",
    );
  }
  const [, accessKeyId = "", secret = ""] = match;
  const credential = credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
  const expected = digest(credential?.secretAccessKey ?? "");
  if (!credential || !timingSafeEqual(digest(secret), expected)) {
    throw authError("UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  return credential;
}

const defaultControlRegion = "us-east-1";
const regionPattern = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const first = (value: string | readonly string[] | undefined) => (typeof value === "string" ? value : value?.[0]);

/**
 * The region a control call acts in: the body's `region`, else the `x-emulator-region` header, else the `region`
 * query parameter, else us-east-1. Anything that is not a region name is a ValidationException.
 */
export function controlRegion(body: Record<string, unknown>, headers: IncomingHttpHeaders, query: QueryValues): string {
  const given = body.region ?? first(headers["x-emulator-region"]) ?? first(query.region) ?? defaultControlRegion;
  if (typeof given !== "string" || !regionPattern.test(given)) {
    throw validation(`region must be an AWS region name such as us-east-1, got ${JSON.stringify(given).slice(0, 60)}`);
  }
  return given;
}
