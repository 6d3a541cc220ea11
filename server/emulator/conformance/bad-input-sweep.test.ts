/**
 * Bad-input sweep, generated from the shapes: for each of the 39 operations, start from its sample input
 * (lib/ivs/samples.ts, adapted to resources that exist in the emulator), derive cases from the input's JSON
 * Schema (sweep.ts), add the model's cross-field rules and malformed/oversized bodies, and send each case as
 * raw signed HTTP (so malformed JSON and wrong JSON types reach the server).
 *
 * For every case: the status is never 5xx; a request the shape rejects gets 400 ValidationException (or
 * SerializationException for a body that is not a JSON object) whose message names the member; a boundary
 * request the shape accepts succeeds or fails only for a business reason (404/409/402, or a non-schema
 * ValidationException such as a foreign nextToken); and a rejected request changes nothing in the world
 * (deep snapshot of every record, including the creation counter).
 */
import http from "node:http";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationNames, operations, type OperationName } from "@/lib/ivs/operations";
import { MAX_ATTRIBUTES_BYTES } from "@/lib/ivs/primitives";
import { operationSamples, sampleArns } from "@/lib/ivs/samples";
import { violations } from "@/lib/ivs/validation-message";
import { manualClock } from "@/server/emulator/clock";
import { escapeUri, testAccessKeyId, testSecret, wireQuery, type RawResponse } from "@/server/emulator/http/testing";
import { defaultBodyLimitBytes } from "@/server/emulator/http/transport";
import type { World } from "@/server/emulator/world/store";
import { must, publicKeyPem } from "@/server/emulator/world/test-kit";
import { builders, countsOf, home, snapshotWorld, startHarness, type Harness } from "./harness";
import { newWorldClock } from "./scenario-kit";
import { generateCases, inputJsonSchema, locationOf, schemaMembers, type CaseKind, type InputCase } from "./sweep";

const SERVER_START = Date.parse("2026-05-01T12:00:00.000Z");
const serverClock = manualClock(SERVER_START);
const fixtureKey = publicKeyPem();
const sampleParticipantId = "abCDEf12GHIj";
const sampleSessionId = "st-a1b2c3d4e5f6g";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ clock: serverClock });
});
afterAll(async () => {
  agent.destroy();
  await harness.close();
});

// ---- fixtures: the resources the (adapted) samples name ------------------------------------------------------

/** Builds the world an operation's sample runs against; returns sample value → real value replacements. */
async function buildFixture(world: World, op: OperationName): Promise<Map<string, string>> {
  const b = builders(world);
  const storage = await b.storage("amzn-s3-demo-bucket");
  const stage = await b.stage({ name: "sweep" });
  const stage2 = await b.stage({ name: "sweep-2" });
  const encoder = await b.encoder();
  // Tagged, so that a TagResource within the shape can still exceed 50 tags after the merge (a business 400).
  const { composition: started } = await b.call("StartComposition", {
    stageArn: stage.arn,
    destinations: [{ channel: { channelArn: sampleArns.channel } }],
    tags: { existing: "1" },
  });
  const composition = must(started).arn;
  const ingest = await b.ingest({ ingestProtocol: "RTMPS", stageArn: stage.arn, tags: { show: "x" } });
  const publicKey = await b.publicKey(fixtureKey);
  const participant = b.join(stage, { participantId: sampleParticipantId, userId: "alice" });
  await b.call("CreateParticipantToken", { stageArn: stage.arn, userId: "token-holder" });
  if (op === "StopParticipantReplication" || op === "ListParticipantReplicas") {
    await b.call("StartParticipantReplication", {
      sourceStageArn: stage.arn,
      destinationStageArn: stage2.arn,
      participantId: sampleParticipantId,
    });
  }
  return new Map([
    [sampleArns.stage, stage.arn],
    [sampleArns.stage2, stage2.arn],
    [sampleArns.composition, composition],
    [sampleArns.encoder, encoder],
    [sampleArns.storage, storage],
    [sampleArns.ingest, ingest],
    [sampleArns.publicKey, publicKey],
    [sampleSessionId, participant.sessionId],
  ]);
}

function adapt(value: unknown, replacements: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return replacements.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => adapt(item, replacements));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, adapt(item, replacements)]));
  }
  return value;
}

/** The sample input made valid here: real ARNs and session id; `nextToken` "" (= first page) on every List. */
function baseInput(op: OperationName, replacements: ReadonlyMap<string, string>): Record<string, unknown> {
  const input = adapt(operationSamples[op].input, replacements) as Record<string, unknown>;
  if (Object.hasOwn(inputJsonSchema(op).properties ?? {}, "nextToken")) input.nextToken = "";
  return input;
}

/** More valid inputs, so that every member of every shape is walked (the samples leave some out). */
function variants(op: OperationName, base: Record<string, unknown>): Array<Record<string, unknown>> {
  const { stageArn, sessionId } = base;
  switch (op) {
    case "StartComposition":
      return [
        {
          stageArn,
          layout: {
            pip: {
              featuredParticipantAttribute: "featured",
              omitStoppedVideo: true,
              videoFillMode: "CONTAIN",
              gridGap: 4,
              pipParticipantAttribute: "pip",
              pipBehavior: "DYNAMIC",
              pipOffset: 8,
              pipPosition: "TOP_LEFT",
              pipWidth: 320,
              pipHeight: 180,
              participantOrderAttribute: "order",
            },
          },
          destinations: [{ channel: { channelArn: sampleArns.channel } }],
        },
      ];
    case "ListParticipants":
      return [
        { stageArn, sessionId, filterByUserId: "alice", nextToken: "", maxResults: 10 },
        { stageArn, sessionId, filterByState: "CONNECTED" },
        { stageArn, sessionId, filterByRecordingState: "STOPPED" },
      ];
    case "ListIngestConfigurations":
      return [
        {
          filterByStageArn: base.filterByStageArn ?? operationSamples.GetStage.input.arn,
          nextToken: "",
          maxResults: 50,
        },
      ];
    case "UpdateStage":
      return [
        {
          arn: base.arn,
          autoParticipantRecordingConfiguration:
            operationSamples.CreateStage.input.autoParticipantRecordingConfiguration,
        },
      ];
    default:
      return [];
  }
}

// ---- hand-written cases: the model's cross-field rules (refinements JSON Schema cannot express) ------------

function attributesOfBytes(bytes: number): Record<string, string> {
  return { a: "x".repeat(bytes - 1) };
}

function refinementCases(op: OperationName, base: Record<string, unknown>): InputCase[] {
  const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
  const make = (
    label: string,
    intent: InputCase["intent"],
    pointer: string,
    patch: Record<string, unknown>,
  ): InputCase => ({
    kind: "refinement",
    label: `${op} ${pointer}: ${label}`,
    intent,
    pointer,
    input: { ...structuredClone(base), ...patch },
  });
  const tokenConfig = (attributes: Record<string, string>) => [{ attributes }];
  const s3 = must(operationSamples.StartComposition.input.destinations as unknown[])[1];
  const channel = must(operationSamples.StartComposition.input.destinations as unknown[])[0];
  switch (op) {
    case "CreateStage":
      return [
        make("50 tags", "valid", "/tags", { tags: tags(50) }),
        make("51 tags", "invalid", "/tags", { tags: tags(51) }),
        make(`attributes of ${MAX_ATTRIBUTES_BYTES} bytes`, "valid", "/participantTokenConfigurations/0/attributes", {
          participantTokenConfigurations: tokenConfig(attributesOfBytes(MAX_ATTRIBUTES_BYTES)),
        }),
        make(
          `attributes of ${MAX_ATTRIBUTES_BYTES + 1} bytes`,
          "invalid",
          "/participantTokenConfigurations/0/attributes",
          { participantTokenConfigurations: tokenConfig(attributesOfBytes(MAX_ATTRIBUTES_BYTES + 1)) },
        ),
        make(
          "duplicate thumbnail storage",
          "invalid",
          "/autoParticipantRecordingConfiguration/thumbnailConfiguration/storage",
          {
            autoParticipantRecordingConfiguration: {
              storageConfigurationArn: "",
              thumbnailConfiguration: { storage: ["LATEST", "LATEST"] },
            },
          },
        ),
      ];
    case "CreateParticipantToken":
      return [
        make(`attributes of ${MAX_ATTRIBUTES_BYTES} bytes`, "valid", "/attributes", {
          attributes: attributesOfBytes(MAX_ATTRIBUTES_BYTES),
        }),
        make(`attributes of ${MAX_ATTRIBUTES_BYTES + 1} bytes (multi-byte)`, "invalid", "/attributes", {
          attributes: { é: "é".repeat(512) },
        }),
      ];
    case "StartParticipantReplication":
      return [
        make(`attributes of ${MAX_ATTRIBUTES_BYTES + 1} bytes`, "invalid", "/attributes", {
          attributes: attributesOfBytes(MAX_ATTRIBUTES_BYTES + 1),
        }),
      ];
    case "CreateIngestConfiguration":
      return [
        make("RTMP without insecureIngest", "invalid", "/insecureIngest", {
          ingestProtocol: "RTMP",
          insecureIngest: undefined,
        }),
        make("RTMP with insecureIngest false", "invalid", "/insecureIngest", {
          ingestProtocol: "RTMP",
          insecureIngest: false,
        }),
        make("RTMP with insecureIngest true", "valid", "/insecureIngest", {
          ingestProtocol: "RTMP",
          insecureIngest: true,
        }),
        make(`attributes of ${MAX_ATTRIBUTES_BYTES + 1} bytes`, "invalid", "/attributes", {
          attributes: attributesOfBytes(MAX_ATTRIBUTES_BYTES + 1),
        }),
      ];
    case "CreateEncoderConfiguration":
      return [
        make("1920×1080 (exactly the pixel budget)", "valid", "/video", { video: { width: 1920, height: 1080 } }),
        make("1080×1920 (portrait budget)", "valid", "/video", { video: { width: 1080, height: 1920 } }),
        make("1920×1082 (over the pixel budget)", "invalid", "/video", { video: { width: 1920, height: 1082 } }),
        make("height 1920 with the default width 1280", "invalid", "/video", { video: { height: 1920 } }),
      ];
    case "ListParticipants":
      return [
        make("two filters", "invalid", "/filterByState", { filterByState: "CONNECTED" }),
        // filterByPublished: false still counts as set (an undocumented choice of the shapes).
        make("filterByPublished false with another filter", "invalid", "/filterByPublished", {
          filterByPublished: false,
          filterByUserId: "a",
        }),
      ];
    case "ListIngestConfigurations":
      return [
        make("two filters", "invalid", "/filterByState", {
          filterByStageArn: operationSamples.GetStage.input.arn,
          filterByState: "ACTIVE",
        }),
      ];
    case "StartComposition":
      return [
        make("a destination with neither channel nor s3", "invalid", "/destinations/0", {
          destinations: [{ name: "empty" }],
        }),
        make("a destination with both channel and s3", "invalid", "/destinations/0", {
          destinations: [{ ...(channel as object), ...(s3 as object) }],
        }),
        make("two s3 destinations", "invalid", "/destinations/1/s3", { destinations: [s3, s3] }),
        make("duplicate thumbnail storage", "invalid", "/destinations/0/s3/thumbnailConfigurations/0/storage", {
          destinations: [
            { s3: { ...(get(s3, "s3") as object), thumbnailConfigurations: [{ storage: ["LATEST", "LATEST"] }] } },
          ],
        }),
      ];
    case "TagResource":
      return [
        make("50 tags (fits the shape; 51 after the merge with the existing tag)", "valid", "/tags", {
          tags: tags(50),
        }),
        make("51 tags", "invalid", "/tags", { tags: tags(51) }),
      ];
    case "UntagResource":
      return [make("51 tag keys", "invalid", "/tagKeys", { tagKeys: Array.from({ length: 51 }, (_, i) => `k${i}`) })];
    default:
      return [];
  }
}

function get(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

// ---- requests ---------------------------------------------------------------------------------------------------

interface Request {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string[]>;
  readonly body: string | Buffer;
  /** A path label is missing or empty: no operation matches (404 UnknownOperationException). */
  readonly unroutable: boolean;
  /** What the server assembles from body, query and labels (the oracle validates this). */
  readonly assembled: Record<string, unknown>;
}

function requestFor(op: OperationName, input: Record<string, unknown>): Request {
  const spec = operations[op];
  let unroutable = false;
  const assembled: Record<string, unknown> = {};
  const bodyMembers: Record<string, unknown> = {};
  const query: Record<string, string[]> = {};
  const labels: Record<string, string> = {};
  for (const [member, value] of Object.entries(input)) {
    const where = locationOf(op, member);
    if (where === "label") {
      if (typeof value !== "string") throw new Error(`${op}: label ${member} must be a string`);
      labels[member] = value;
    } else if (where === "query") {
      const items = Array.isArray(value) ? value : [value];
      if (!items.every((item): item is string => typeof item === "string"))
        throw new Error(`${op}: query ${member} must be strings`);
      if (items.length > 0) query[member] = items;
    } else {
      bodyMembers[member] = value;
    }
  }
  const path = spec.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = labels[name];
    if (value === undefined || value === "") unroutable = true;
    return escapeUri(value ?? "");
  });
  if (spec.method === "POST") Object.assign(assembled, bodyMembers);
  Object.assign(assembled, query, labels);
  const body = spec.method === "POST" ? JSON.stringify(bodyMembers) : "";
  return { method: spec.method, path, query, body, unroutable, assembled };
}

/**
 * Signs like `signRequest` in http/testing.ts (service `ivs`, `applyChecksum`, the SDK's headers) but with one
 * reused signer and native SHA-256, and for byte bodies too (invalid UTF-8): thousands of requests stay fast.
 */
const signer = new SignatureV4({
  credentials: { accessKeyId: testAccessKeyId, secretAccessKey: testSecret },
  region: home.region,
  service: "ivs",
  sha256: Hash.bind(null, "sha256"),
  applyChecksum: true,
});

async function send(request: Pick<Request, "method" | "path" | "query" | "body">): Promise<RawResponse> {
  const hostHeader = `127.0.0.1:${harness.port}`;
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: "http:",
      hostname: "127.0.0.1",
      path: request.path,
      query: request.query,
      headers: { host: hostHeader, ...(request.method === "POST" ? { "content-type": "application/json" } : {}) },
      body: request.body === "" ? undefined : request.body,
    }),
    { signingDate: new Date(serverClock.now()) },
  );
  const qs = wireQuery(request.query);
  // Node sends a GET/DELETE body without Content-Length unless told: give every request an explicit length.
  const headers = { ...signed.headers, "content-length": String(Buffer.byteLength(request.body)) };
  return keepAliveRequest(qs === "" ? request.path : `${request.path}?${qs}`, request.method, headers, request.body);
}

/** Like `rawRequest` (http/testing.ts), over a keep-alive connection: thousands of requests, few handshakes. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function keepAliveRequest(
  target: string,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: harness.port, method, path: target, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

// ---- outcomes ---------------------------------------------------------------------------------------------------

const schemaValidation = /^\d+ validation errors? detected\. /;
/** ValidationExceptions the handlers raise for business reasons (the request itself fits the shape). */
const businessValidation = [
  /^The provided nextToken is invalid or does not belong to this request\.$/,
  /^sourceStageArn and destinationStageArn must be different stages\.$/,
  /^A resource can have at most 50 tags; this request would leave \d+\.$/,
  /^publicKeyMaterial /,
];
const businessErrors = new Set(["ResourceNotFoundException", "ConflictException", "ServiceQuotaExceededException"]);

type Expected =
  | { readonly kind: "invalid"; readonly pointers: readonly string[]; readonly codes: readonly string[] }
  | { readonly kind: "valid"; readonly strict: boolean }
  | { readonly kind: "status"; readonly status: number; readonly code: string };

interface SweepCase {
  readonly op: OperationName;
  readonly kind: CaseKind | "base" | "body" | "size";
  readonly label: string;
  readonly request: Pick<Request, "method" | "path" | "query" | "body">;
  readonly expected: Expected;
}

interface Tally {
  cases: number;
  serverErrors: number;
  crossField: number;
  rejected: number;
  accepted: number;
  business: number;
  byKind: Map<string, number>;
  skipped: string[];
  failures: string[];
  covered: Map<OperationName, { members: number; visited: number; missing: string[] }>;
}

const tally: Tally = {
  cases: 0,
  serverErrors: 0,
  crossField: 0,
  rejected: 0,
  accepted: 0,
  business: 0,
  byKind: new Map(),
  skipped: [],
  failures: [],
  covered: new Map(),
};

/** Whether the message names the member at `pointer` (itself or something below it). */
function names(message: string, pointer: string): boolean {
  const at = pointer === "/" ? "Value at '/" : `Value at '${pointer}`;
  return message.includes(`${at}'`) || message.includes(`${at}/`);
}

/** The case for an input: the shared shape (oracle) decides validity; the generator's intent must agree. */
type CaseSpec = Omit<InputCase, "kind"> & { readonly kind: SweepCase["kind"] };

function inputCase(op: OperationName, c: CaseSpec, strict = false): SweepCase {
  const request = requestFor(op, c.input);
  const kind = c.kind;
  if (request.unroutable) {
    return {
      op,
      kind,
      label: c.label,
      request,
      expected: { kind: "status", status: 404, code: "UnknownOperationException" },
    };
  }
  const parsed = operations[op].input.safeParse(request.assembled);
  if (parsed.success) {
    if (c.intent === "invalid") tally.failures.push(`${c.label}: the shape accepts a case its JSON Schema rejects`);
    return { op, kind, label: c.label, request, expected: { kind: "valid", strict } };
  }
  if (c.intent === "valid") {
    // A boundary value that trips a cross-field rule (e.g. height 1920 with width 1920): the shape decides.
    tally.crossField++;
    return {
      op,
      kind,
      label: `${c.label} (cross-field)`,
      request,
      expected: {
        kind: "invalid",
        pointers: violations(parsed.error)
          .map((v) => v.pointer)
          .slice(0, 1),
        codes: ["ValidationException"],
      },
    };
  }
  return {
    op,
    kind,
    label: c.label,
    request,
    expected: { kind: "invalid", pointers: [c.pointer], codes: ["ValidationException"] },
  };
}

/** Malformed and boundary-sized bodies of one operation. */
function bodyCases(op: OperationName, base: Record<string, unknown>): SweepCase[] {
  const spec = operations[op];
  const request = requestFor(op, base);
  const cases: SweepCase[] = [];
  const serialization = { kind: "invalid", pointers: [], codes: ["SerializationException"] } as const;
  if (spec.method === "POST") {
    const malformed = [
      '{"',
      '{"name":}',
      '{"name":"a",}',
      "[]",
      '"text"',
      "123",
      "null",
      "true",
      "{}garbage",
      "{'name':'a'}",
    ];
    for (const body of malformed)
      cases.push({
        op,
        kind: "body",
        label: `${op} body ${body}`,
        request: { ...request, body },
        expected: serialization,
      });
    cases.push({
      op,
      kind: "body",
      label: `${op} body with invalid UTF-8`,
      request: { ...request, body: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
      expected: serialization,
    });
    // A member nested 20,000 levels deep (written as text): parsed, then rejected by type, never a 500.
    const member = Object.keys(base).find((key) => locationOf(op, key) === "body");
    if (member !== undefined) {
      const others = JSON.stringify(
        Object.fromEntries(Object.entries(base).filter(([key]) => key !== member && locationOf(op, key) === "body")),
      );
      const body = `{${JSON.stringify(member)}:${"[".repeat(20_000)}${"]".repeat(20_000)}${others === "{}" ? "" : `,${others.slice(1, -1)}`}}`;
      cases.push({
        op,
        kind: "body",
        label: `${op} /${member} nested 20000 levels deep`,
        request: { ...request, body },
        expected: { kind: "invalid", pointers: [`/${member}`], codes: ["ValidationException"] },
      });
    }
    // An empty body means {} (only the label members remain).
    const labelsOnly = Object.fromEntries(Object.entries(base).filter(([key]) => locationOf(op, key) !== "body"));
    const empty = inputCase(op, {
      kind: "variant",
      label: `${op} empty body`,
      intent: "valid",
      pointer: "/",
      input: labelsOnly,
    });
    cases.push({ ...empty, kind: "body", request: { ...empty.request, body: "" } });
  }
  // The body limit: exactly 64 KiB is read (JSON padded with spaces), one byte more is 413 (for every method).
  const text = typeof request.body === "string" && request.body !== "" ? request.body : "{}";
  const atLimit = text + " ".repeat(defaultBodyLimitBytes - Buffer.byteLength(text));
  cases.push({
    op,
    kind: "size",
    label: `${op} body of exactly ${defaultBodyLimitBytes} bytes`,
    request: { ...request, body: atLimit },
    expected: { kind: "valid", strict: true },
  });
  cases.push({
    op,
    kind: "size",
    label: `${op} body of ${defaultBodyLimitBytes + 1} bytes`,
    request: { ...request, body: `${atLimit} ` },
    expected: { kind: "status", status: 413, code: "RequestEntityTooLargeException" },
  });
  return cases;
}

// ---- running ---------------------------------------------------------------------------------------------------

interface Parsed {
  readonly code: string | undefined;
  readonly message: string;
}

function parseResponse(response: RawResponse): Parsed {
  const code = response.headers["x-amzn-errortype"];
  let message = "";
  try {
    const body = JSON.parse(response.body) as { exceptionMessage?: unknown; message?: unknown };
    message = String(body.exceptionMessage ?? body.message ?? "");
  } catch {
    message = response.body;
  }
  return { code: typeof code === "string" ? code : undefined, message };
}

/** Problems with one answer (empty = as expected). */
function judge(c: SweepCase, response: RawResponse): string[] {
  const { code, message } = parseResponse(response);
  const got = `${response.status} ${code ?? "-"}: ${message.slice(0, 200)}`;
  const e = c.expected;
  if (response.status >= 500) return [`server error ${got}`];
  if (e.kind === "status")
    return response.status === e.status && code === e.code ? [] : [`expected ${e.status} ${e.code}, got ${got}`];
  if (e.kind === "invalid") {
    if (response.status !== 400 || code === undefined || !e.codes.includes(code))
      return [`expected 400 ${e.codes.join("/")}, got ${got}`];
    if (code === "ValidationException" && !schemaValidation.test(message))
      return [`expected a schema ValidationException, got ${got}`];
    const unnamed = e.pointers.filter((pointer) => !names(message, pointer));
    return unnamed.length === 0 ? [] : [`the message does not name ${unnamed.join(", ")}: ${got}`];
  }
  if (response.status === 200) return [];
  if (e.strict) return [`expected 200, got ${got}`];
  if (code !== undefined && businessErrors.has(code)) return [];
  if (
    code === "ValidationException" &&
    !schemaValidation.test(message) &&
    businessValidation.some((re) => re.test(message))
  )
    return [];
  return [`a valid request failed for a non-business reason: ${got}`];
}

async function runOperation(op: OperationName): Promise<void> {
  const fresh = async () => {
    const world = harness.reset(newWorldClock());
    return { world, replacements: await buildFixture(world, op) };
  };
  const initial = await fresh();
  const { replacements } = initial;
  let world = initial.world;
  const base = baseInput(op, replacements);
  const seeds = collectStrings([base, ...operationNames.map((name) => operationSamples[name].input)]);

  const generated = generateCases({ op, base, seeds });
  const bases = [base, ...variants(op, base).map((variant) => adapt(variant, replacements) as Record<string, unknown>)];
  const cases: SweepCase[] = [
    inputCase(op, { kind: "base", label: `${op} sample input`, intent: "valid", pointer: "/", input: base }, true),
  ];
  const visited = new Set(generated.visited);
  for (const [index, variant] of bases.slice(1).entries()) {
    cases.push(
      inputCase(
        op,
        { kind: "variant", label: `${op} variant ${index + 1}`, intent: "valid", pointer: "/", input: variant },
        true,
      ),
    );
    const more = generateCases({ op, base: variant, seeds });
    more.visited.forEach((member) => visited.add(member));
    cases.push(...more.cases.map((c) => inputCase(op, c)));
    tally.skipped.push(...more.skipped);
  }
  cases.push(...generated.cases.map((c) => inputCase(op, c)));
  cases.push(...refinementCases(op, base).map((c) => inputCase(op, c)));
  cases.push(...bodyCases(op, base));
  tally.skipped.push(...generated.skipped);

  const members = schemaMembers(inputJsonSchema(op));
  tally.covered.set(op, {
    members: members.length,
    visited: members.filter((m) => visited.has(m)).length,
    missing: members.filter((m) => !visited.has(m)),
  });

  // The state before each case is the state after the previous one (or after a reset).
  let before = snapshotWorld(world);
  for (const c of cases) {
    const countsBefore = countsOf(world.region(home));
    const response = await send(c.request);
    tally.cases++;
    tally.byKind.set(c.kind, (tally.byKind.get(c.kind) ?? 0) + 1);
    if (response.status >= 500) tally.serverErrors++;
    if (response.status === 200) tally.accepted++;
    else if (c.expected.kind === "valid") tally.business++;
    else tally.rejected++;
    const problems = judge(c, response);
    const after = snapshotWorld(world);
    const changed = after !== before;
    if (changed && (response.status !== 200 || !operations[op].mutating)) {
      problems.push(
        `state changed by a ${response.status} answer to a ${operations[op].mutating ? "mutating" : "read-only"} operation: ${JSON.stringify(countsBefore)} → ${JSON.stringify(countsOf(world.region(home)))}`,
      );
    }
    for (const problem of problems) tally.failures.push(`${c.label}: ${problem}`);
    if (changed) {
      // A fresh world with the same seed and fixture: the same ARNs, so the remaining cases stay meaningful.
      const again = await fresh();
      if (JSON.stringify([...again.replacements]) !== JSON.stringify([...replacements]))
        tally.failures.push(`${op}: the rebuilt fixture has other ARNs`);
      world = again.world;
      before = snapshotWorld(world);
    } else {
      before = after;
    }
  }
  const logged = harness.logger.errors.splice(0);
  for (const entry of logged) tally.failures.push(`${op}: the emulator logged an unexpected error: ${entry}`);
}

function collectStrings(values: readonly unknown[]): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === "string") found.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  return [...found];
}

/** Guards against the sweep silently shrinking (measured: see the summary line). */
const MINIMUM_CASES = 2_400;

describe("bad-input sweep (generated from the shapes, raw signed HTTP)", () => {
  it.each(operationNames.map((op) => [op]))("%s", async (op) => {
    const failuresBefore = tally.failures.length;
    await runOperation(op);
    expect(tally.failures.slice(failuresBefore)).toEqual([]);
  });

  it("covered every member of every input shape, with no server error, above the minimum case count", () => {
    const kinds = [...tally.byKind].map(([kind, count]) => `${kind} ${count}`).join(", ");
    console.log(
      `bad-input sweep: ${tally.cases} cases over ${tally.covered.size} operations, ${tally.serverErrors} server errors ` +
        `(${tally.rejected} rejected as invalid, ${tally.accepted} accepted, ${tally.business} valid but refused for a business reason, ` +
        `${tally.crossField} boundary cases reclassified by cross-field rules; by kind: ${kinds}; ` +
        `${tally.skipped.length} boundary lengths skipped because no string of that length fits the pattern, e.g. ${tally.skipped[0] ?? "-"})`,
    );
    expect(tally.covered.size).toBe(39);
    expect(
      [...tally.covered].filter(([, c]) => c.missing.length > 0).map(([op, c]) => `${op}: ${c.missing.join(", ")}`),
    ).toEqual([]);
    expect(tally.serverErrors).toBe(0);
    expect(tally.failures).toEqual([]);
    expect(tally.cases).toBeGreaterThanOrEqual(MINIMUM_CASES);
  });
});
