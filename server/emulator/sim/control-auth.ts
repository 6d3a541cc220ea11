import { createHash, timingSafeEqual } from "node:crypto";
import type { EmulatorCredential } from "../config";
import { EmulatorError } from "../errors";

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
