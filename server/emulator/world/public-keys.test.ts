import { createHash, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { samplePublicKeyPem } from "@/lib/ivs/samples";
import { quotas } from "./quotas";
import { ACCOUNT, REGION, must, publicKeyPem, setup } from "./test-kit";

function md5Fingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ type: "spki", format: "der" });
  return must(createHash("md5").update(der).digest("hex").match(/../g)).join(":");
}

describe("public keys", () => {
  it("imports a P-384 key with an MD5-of-SPKI fingerprint, then gets, lists and deletes it", async () => {
    const kit = setup();
    const { publicKey } = await kit.call("ImportPublicKey", {
      publicKeyMaterial: samplePublicKeyPem,
      name: "signer",
      tags: { t: "1" },
    });
    expect(publicKey).toEqual({
      arn: expect.stringMatching(new RegExp(`^arn:aws:ivs:${REGION}:${ACCOUNT}:public-key/[A-Za-z0-9]{12}$`)),
      name: "signer",
      publicKeyMaterial: samplePublicKeyPem,
      fingerprint: md5Fingerprint(samplePublicKeyPem),
      tags: { t: "1" },
    });
    expect(must(publicKey).fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const arn = must(must(publicKey).arn);
    expect((await kit.call("GetPublicKey", { arn })).publicKey).toEqual(publicKey);
    expect((await kit.call("ListPublicKeys", {})).publicKeys).toEqual([{ arn, name: "signer", tags: { t: "1" } }]);
    await kit.call("DeletePublicKey", { arn });
    await kit.fails("GetPublicKey", { arn }, "ResourceNotFoundException");
    await kit.fails("DeletePublicKey", { arn }, "ResourceNotFoundException");
  });

  it("rejects keys that are not EC P-384 (400)", async () => {
    const kit = setup();
    const p256 = await kit.fails(
      "ImportPublicKey",
      { publicKeyMaterial: publicKeyPem("prime256v1") },
      "ValidationException",
    );
    expect(p256.message).toMatch(/P-384/);
    const garbage = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    const invalid = await kit.fails("ImportPublicKey", { publicKeyMaterial: garbage }, "ValidationException");
    expect(invalid.message).toMatch(/PEM/);
  });

  it("409s on the same key twice and 402s beyond 3 keys", async () => {
    const kit = setup();
    await kit.call("ImportPublicKey", { publicKeyMaterial: samplePublicKeyPem });
    const rewrapped = samplePublicKeyPem.replace(/\n/g, "\r\n");
    await kit.fails("ImportPublicKey", { publicKeyMaterial: rewrapped }, "ConflictException");
    for (let i = 1; i < quotas.publicKeys; i++)
      await kit.call("ImportPublicKey", { publicKeyMaterial: publicKeyPem() });
    await kit.fails("ImportPublicKey", { publicKeyMaterial: publicKeyPem() }, "ServiceQuotaExceededException");
  });
});
