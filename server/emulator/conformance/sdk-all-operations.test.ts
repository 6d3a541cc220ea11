/**
 * All 39 operations and every error the emulator produces, over real HTTP, with two clients sharing one
 * scenario table (scenarios.ts): the official `@aws-sdk/client-ivs-realtime` (unmodified `IVSRealTimeClient`,
 * endpoint override, credentials test/test) and the console's own signed transport (`createTransport`).
 *
 * Each scenario gets a fresh world (createWorld + createHandlers, seeded) whose clock is a manual clock at a
 * fixed instant, so timestamps are asserted exactly. State is prepared directly through the world's handlers
 * and simulation hooks (joinParticipant, setPublishing, closeSession…); the call under test goes over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationNames, type OperationName } from "@/lib/ivs/operations";
import { manualClock, type ManualClock } from "@/server/emulator/clock";
import { oursClient, sdkClient, sdkErrorClassFor, type ClientKind, type ClientUnderTest } from "./clients";
import { startHarness, type Harness } from "./harness";
import { createFixture, newWorldClock, toolsFor, type Scenario } from "./scenario-kit";
import { scenarios, successOperations } from "./scenarios";

interface Server {
  readonly harness: Harness;
  readonly clock: ManualClock;
}

let main: Server;
let throttled: Server;
const clients = new Map<string, ClientUnderTest>();

beforeAll(async () => {
  const mainClock = manualClock(Date.now());
  const throttledClock = manualClock(Date.now());
  main = { harness: await startHarness({ clock: mainClock }), clock: mainClock };
  throttled = { harness: await startHarness({ clock: throttledClock, rateLimits: true }), clock: throttledClock };
  clients.set("sdk/main", sdkClient(main.harness.url));
  clients.set("sdk/throttled", sdkClient(throttled.harness.url));
  clients.set("ours/main", oursClient(main.harness.url));
  // Our transport's backoff "sleeps" by moving the throttled emulator's clock (Retry-After 1 s refills the bucket).
  clients.set(
    "ours/throttled",
    oursClient(throttled.harness.url, (ms) => throttledClock.advance(ms)),
  );
});

afterAll(async () => {
  for (const client of clients.values()) client.close();
  await Promise.all([main.harness.close(), throttled.harness.close()]);
});

function clientFor(kind: ClientKind, server: Scenario["server"]): ClientUnderTest {
  const client = clients.get(`${kind}/${server}`);
  if (!client) throw new Error(`no ${kind} client for the ${server} server`);
  return client;
}

async function run(kind: ClientKind, s: Scenario, succeeded: Set<OperationName>, errors: Set<string>): Promise<void> {
  const server = s.server === "throttled" ? throttled : main;
  // Refill every rate bucket of the throttled emulator (capacity = TPS, refilled each second).
  if (s.server === "throttled") server.clock.advance(2_000);
  const worldClock = newWorldClock();
  const world = server.harness.reset(worldClock);
  const client = clientFor(kind, s.server);
  const { fixture, cleanup } = createFixture(world, worldClock, server.clock, client);
  try {
    const prepared = await s.prepare(fixture);
    const outcome = await client.call(s.op, prepared.input, s.options);
    const expectation = s.knownIssue?.client === kind ? s.knownIssue.expect : prepared.expect;
    if ("error" in expectation) {
      if (outcome.ok)
        throw new Error(`expected ${expectation.error}, got a success: ${JSON.stringify(outcome.output)}`);
      expect({ code: outcome.code, status: outcome.status }).toEqual({
        code: expectation.error,
        status: expectation.status,
      });
      if (typeof expectation.message === "string") expect(outcome.message).toBe(expectation.message);
      else expect(outcome.message).toMatch(expectation.message);
      if (kind === "sdk") {
        // The SDK's typed exception class (the service base class for unmodeled codes such as ThrottlingException).
        expect((outcome.error as object).constructor.name).toBe(sdkErrorClassFor(expectation.error));
        expect(outcome.typed).toBe(true);
      }
      if (expectation.attempts !== undefined) expect(outcome.attempts).toBe(expectation.attempts);
      errors.add(`${expectation.status} ${expectation.error}`);
    } else {
      if (!outcome.ok) throw new Error(`expected a success, got ${outcome.code} ${outcome.status}: ${outcome.message}`);
      if (expectation.attempts !== undefined) expect(outcome.attempts).toBe(expectation.attempts);
      await expectation.check?.(outcome.output, toolsFor(fixture, client));
      succeeded.add(s.op);
    }
    expect(server.harness.logger.errors).toEqual([]);
  } finally {
    cleanup();
  }
}

const expectedErrors = [
  "400 ValidationException",
  "402 ServiceQuotaExceededException",
  "403 InvalidSignatureException",
  "403 UnrecognizedClientException",
  "404 ResourceNotFoundException",
  "409 ConflictException",
  "429 ThrottlingException",
];

describe.each(["sdk", "ours"] as const)("%s client against the emulator", (kind) => {
  const succeeded = new Set<OperationName>();
  const errors = new Set<string>();
  const table = scenarios.filter((s) => s.only === undefined || s.only === kind);

  it.each(table.map((s) => [s.name, s] as const))("%s", async (_name, s) => {
    await run(kind, s, succeeded, errors);
  });

  it("ran every operation on a success path and produced every error kind", () => {
    expect(operationNames.filter((name) => !succeeded.has(name))).toEqual([]);
    expect([...errors].sort()).toEqual(expectedErrors);
  });
});

describe("scenario table", () => {
  it("has a success path for each of the 39 operations", () => {
    expect(operationNames).toHaveLength(39);
    expect(operationNames.filter((name) => !successOperations.has(name))).toEqual([]);
  });

  it("our transport signs with the service name ivs (so the ivsrealtime case is SDK-only)", async () => {
    const seen: string[] = [];
    const onRequest = (req: { headers: Record<string, string | undefined> }) =>
      seen.push(req.headers.authorization ?? "");
    main.harness.server.emulator.server.on("request", onRequest);
    try {
      main.harness.reset(newWorldClock());
      const outcome = await clientFor("ours", "main").call("ListStages", {});
      expect(outcome.ok).toBe(true);
    } finally {
      main.harness.server.emulator.server.off("request", onRequest);
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-west-2\/ivs\/aws4_request, /);
  });
});
