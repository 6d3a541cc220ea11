import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { validation } from "../errors";

/**
 * Public keys for self-signed participant tokens must be ECDSA P-384 (secp384r1). The fingerprint is the
 * MD5 digest of the key's DER-encoded SubjectPublicKeyInfo, as 16 colon-separated lowercase hex bytes
 * (IVS documents the format, `98:0d:1a:…`, but not the algorithm).
 */
export interface ParsedPublicKey {
  readonly fingerprint: string;
  /** base64 of the DER SubjectPublicKeyInfo: identifies the key regardless of PEM line wrapping. */
  readonly spki: string;
}

function loadKey(pem: string): KeyObject {
  try {
    return createPublicKey({ key: pem, format: "pem" });
  } catch {
    throw validation("publicKeyMaterial is not a valid PEM-encoded public key.");
  }
}

export function parsePublicKeyMaterial(pem: string): ParsedPublicKey {
  const key = loadKey(pem);
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "secp384r1") {
    throw validation("publicKeyMaterial must be an ECDSA public key on curve P-384 (secp384r1).");
  }
  const der = key.export({ type: "spki", format: "der" });
  return { fingerprint: md5Fingerprint(der), spki: der.toString("base64") };
}

function md5Fingerprint(der: Buffer): string {
  const hex = createHash("md5").update(der).digest("hex");
  return hex.match(/../g)?.join(":") ?? hex;
}
