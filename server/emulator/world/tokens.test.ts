import { describe, expect, it } from "vitest";
import { createRandom } from "./random";
import { mintParticipantToken, verifyParticipantToken, type ParticipantTokenClaims } from "./tokens";
import { createWorld } from "./store";
import { arnOf, newResourceId, newSessionId } from "./ids";

const secret = Buffer.alloc(32, 1);
const claims: ParticipantTokenClaims = {
  exp: 2_000_000_000,
  iat: 1_900_000_000,
  jti: "abcdABCD1234",
  resource: "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh",
  topic: "abcdABCDefgh",
  events_url: "wss://global.events.live-video.net",
  whip_url: "https://abc.global-bm.whip.live-video.net",
  capabilities: { allow_publish: true, allow_subscribe: false },
  user_id: "alice",
  version: "1.0",
};

describe("participant tokens", () => {
  it("are JWT-shaped with a KMS header and verify with the same secret", () => {
    const token = mintParticipantToken(secret, claims);
    expect(token.split(".")).toHaveLength(3);
    expect(verifyParticipantToken(secret, token, 1_950_000_000_000)).toEqual({ ok: true, claims });
  });

  it("reject another secret, tampering, expiry and garbage", () => {
    const token = mintParticipantToken(secret, claims);
    expect(verifyParticipantToken(Buffer.alloc(32, 2), token, 0)).toEqual({ ok: false, reason: "bad-signature" });
    const [header, , signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...claims, user_id: "mallory" })).toString("base64url");
    expect(verifyParticipantToken(secret, `${header}.${forged}.${signature}`, 0)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyParticipantToken(secret, token, 2_000_000_000_000)).toEqual({ ok: false, reason: "expired" });
    expect(verifyParticipantToken(secret, "not-a-token", 0)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("randomness and ids", () => {
  it("a seed makes ids repeat; ids have the documented forms", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const ids = [newResourceId(a), newSessionId(a)];
    expect([newResourceId(b), newSessionId(b)]).toEqual(ids);
    expect(ids[0]).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(ids[1]).toMatch(/^st-[A-Za-z0-9]{13}$/);
    expect(newResourceId(createRandom(8))).not.toBe(newResourceId(createRandom(7)));
  });

  it("seeded worlds share their secret; unseeded worlds do not", () => {
    const clock = { now: () => 0 };
    expect(createWorld({ clock, seed: 1 }).secret).toEqual(createWorld({ clock, seed: 1 }).secret);
    expect(createWorld({ clock }).secret).not.toEqual(createWorld({ clock }).secret);
  });

  it("builds ARNs as arn:aws:ivs:<region>:<account>:<kind>/<id>", () => {
    expect(arnOf({ account: "123456789012", region: "us-west-2" }, "ingest-configuration", "AbCd1234EfGh")).toBe(
      "arn:aws:ivs:us-west-2:123456789012:ingest-configuration/AbCd1234EfGh",
    );
  });
});
