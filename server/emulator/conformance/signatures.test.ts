/**
 * SigV4 cases that server/emulator/http/sigv4.test.ts does not already cover (it covers tampering of the
 * method, path, query, each signed header and the body; ±4:59 accepted and ±5:01 rejected; a client signing
 * for `ivsrealtime`; a malformed region name). Added here, over real HTTP with the real world handlers:
 * - vectors signed with @smithy/signature-v4 (the SDK's signer) at several fixed dates, with the emulator's
 *   clock at that date, verify (leap day, end of year, midnight, the AWS test-suite date);
 * - a valid but different region or service written into the credential scope after signing is rejected;
 * - the region of the scope decides the store (a stage created in one region is not found in another).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "@/server/emulator/clock";
import { sendWire, signRequest, type WireRequest } from "@/server/emulator/http/testing";
import { startHarness, type Harness } from "./harness";

const dates = [
  "2015-08-30T12:36:00Z", // the date of the official SigV4 test suite
  "2024-02-29T23:59:59Z", // leap day, last second
  "2026-12-31T23:59:59Z", // last second of a year
  "2027-01-01T00:00:00Z", // first second of the next
  "2031-07-04T06:07:08Z",
].map((text) => Date.parse(text));

const clock = manualClock(dates[0] ?? 0);
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ clock });
});
afterAll(() => harness.close());

function sign(options: Parameters<typeof signRequest>[0] = {}): Promise<WireRequest> {
  return signRequest({
    path: "/ListStages",
    body: "{}",
    date: new Date(clock.now()),
    host: `127.0.0.1:${harness.port}`,
    region: "us-west-2",
    ...options,
  });
}

function withScope(wire: WireRequest, from: string, to: string): WireRequest {
  const authorization = wire.headers.authorization ?? "";
  expect(authorization).toContain(from);
  return { ...wire, headers: { ...wire.headers, authorization: authorization.replace(from, to) } };
}

describe("SigV4 over HTTP: fixed-date vectors", () => {
  it.each(dates.map((ms) => [new Date(ms).toISOString(), ms]))(
    "a request signed at %s verifies with the emulator clock there",
    async (_label, ms) => {
      clock.advanceTo(ms);
      const wire = await sign();
      expect(wire.headers["x-amz-date"]).toBe(
        new Date(ms)
          .toISOString()
          .replace(/[-:]/g, "")
          .replace(/\.\d{3}/, ""),
      );
      const response = await sendWire(harness.port, wire);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ stages: [] });
      expect(response.headers.date).toBe(new Date(ms).toUTCString());
    },
  );
});

describe("SigV4 over HTTP: the credential scope", () => {
  it("rejects a signature for us-west-2 presented with a scope that says eu-west-1", async () => {
    const wire = withScope(await sign(), "/us-west-2/ivs/aws4_request", "/eu-west-1/ivs/aws4_request");
    const response = await sendWire(harness.port, wire);
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
    expect(JSON.parse(response.body).message).toMatch(
      /^The request signature we calculated does not match the signature you provided/,
    );
  });

  it.each(["ivsrealtime", "ivs-realtime", "IVS", "s3"])(
    "rejects a scope naming service %s (signature computed for ivs)",
    async (service) => {
      const wire = withScope(await sign(), "/ivs/aws4_request", `/${service}/aws4_request`);
      const response = await sendWire(harness.port, wire);
      expect(response.status).toBe(403);
      expect(response.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
      expect(JSON.parse(response.body)).toEqual({ message: "Credential should be scoped to correct service: 'ivs'." });
    },
  );

  it("rejects a request signed for another region and sent with a matching (rewritten) body and scope", async () => {
    const signedForEast = await sign({ region: "us-east-1" });
    const sentAsWest = withScope(signedForEast, "/us-east-1/ivs/aws4_request", "/us-west-2/ivs/aws4_request");
    expect((await sendWire(harness.port, sentAsWest)).status).toBe(403);
  });

  it("takes the caller's region from the scope: a stage made in us-west-2 is not found from eu-west-1", async () => {
    harness.reset();
    const created = await sendWire(harness.port, await sign({ path: "/CreateStage", body: "{}" }));
    expect(created.status).toBe(200);
    const arn = (JSON.parse(created.body) as { stage: { arn: string } }).stage.arn;
    expect(arn).toMatch(/^arn:aws:ivs:us-west-2:123456789012:stage\//);
    const body = JSON.stringify({ arn });
    expect((await sendWire(harness.port, await sign({ path: "/GetStage", body }))).status).toBe(200);
    const elsewhere = await sendWire(harness.port, await sign({ path: "/GetStage", body, region: "eu-west-1" }));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers["x-amzn-errortype"]).toBe("ResourceNotFoundException");
  });
});
