import { Readable } from "node:stream";
import * as sdk from "@aws-sdk/client-ivs-realtime";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import { describe, expect, it } from "vitest";
import { operationNames, operations, type OperationName } from "@/lib/ivs/operations";
import { operationSamples } from "@/lib/ivs/samples";
import { buildWireRequest } from "./wire";

/** A request handler for the official client that records the request instead of sending it. */
class CapturingHandler {
  request: HttpRequest | undefined;
  constructor(private readonly responseBody: string) {}
  async handle(request: HttpRequest) {
    this.request = request;
    const response = new HttpResponse({
      statusCode: 200,
      headers: { "content-type": "application/json", "x-amzn-requestid": "req-1" },
      body: Readable.from([Buffer.from(this.responseBody)]),
    });
    return { response };
  }
}

type AnyCommand = Parameters<sdk.IVSRealTimeClient["send"]>[0];
type CommandConstructor = new (input: object) => AnyCommand;

function commandFor(name: OperationName): CommandConstructor {
  const ctor = (sdk as unknown as Record<string, unknown>)[`${name}Command`];
  if (typeof ctor !== "function") throw new Error(`the SDK has no ${name}Command`);
  return ctor as CommandConstructor;
}

/** SDK outputs carry Date objects and $metadata; ours carry canonical ISO strings. */
function normalizeSdkOutput(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalizeSdkOutput);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, member]) => key !== "$metadata" && member !== undefined)
        .map(([key, member]) => [key, normalizeSdkOutput(member)]),
    );
  }
  return value;
}

function sdkQuery(query: HttpRequest["query"]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined) continue;
    out[key] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return out;
}

/** The SDK hands its handler the body as a string or as bytes (a Uint8Array adapter). */
function bodyJson(body: unknown): unknown {
  const text = typeof body === "string" ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : "";
  return text.length > 0 ? JSON.parse(text) : undefined;
}

async function sdkExchange(name: OperationName, sample: { input: object; response: object } = operationSamples[name]) {
  const handler = new CapturingHandler(JSON.stringify(sample.response));
  const client = new sdk.IVSRealTimeClient({
    region: "us-west-2",
    endpoint: "http://127.0.0.1:9",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    requestHandler: handler,
  });
  const output = await client.send(new (commandFor(name))(sample.input));
  if (!handler.request) throw new Error("nothing captured");
  return { request: handler.request, output: normalizeSdkOutput(output) };
}

describe("wire parity with the official @aws-sdk/client-ivs-realtime", () => {
  it("covers all 39 operations", () => {
    expect(operationNames).toHaveLength(39);
    expect(Object.keys(operationSamples).sort()).toEqual([...operationNames].sort());
  });

  it.each(operationNames.map((name) => [name]))("%s: same request, same decoded response", async (name) => {
    const { request, output } = await sdkExchange(name);
    const ours = buildWireRequest(operations[name], operationSamples[name].input);

    expect(ours.method).toBe(request.method);
    expect(ours.path).toBe(request.path);
    expect(ours.query).toEqual(sdkQuery(request.query));
    const sdkBody = bodyJson(request.body);
    expect(ours.body === undefined ? undefined : JSON.parse(ours.body)).toEqual(sdkBody);

    const decoded = operations[name].output.parse(operationSamples[name].response);
    expect(decoded).toEqual(output);
  });

  it.each([
    ["ListStages", {}],
    ["ListParticipants", { stageArn: operationSamples.GetStage.input.arn, sessionId: "st-a1b2c3d4e5f6g" }],
    ["UntagResource", { resourceArn: operationSamples.GetStage.input.arn, tagKeys: [] }],
    ["DeleteIngestConfiguration", { arn: operationSamples.GetIngestConfiguration.input.arn, force: false }],
  ] as const)("%s with minimal input: same request", async (name, input) => {
    const { request } = await sdkExchange(name, { input, response: {} });
    const ours = buildWireRequest(operations[name], input);
    expect([ours.method, ours.path, ours.query]).toEqual([request.method, request.path, sdkQuery(request.query)]);
    expect(ours.body === undefined ? undefined : JSON.parse(ours.body)).toEqual(bodyJson(request.body));
  });
});
