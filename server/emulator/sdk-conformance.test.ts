/**
 * The official `@aws-sdk/client-ivs-realtime` against the emulator over real HTTP: proves that the SDK's
 * signatures verify (including the double-encoded tag path and repeated query keys) and that its
 * typed errors, retries and clock-skew correction work against our wire forms.
 */
import {
  CreateStageCommand,
  GetStageCommand,
  IVSRealTimeClient,
  IVSRealTimeServiceException,
  ListStagesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  StartParticipantReplicationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
} from "@aws-sdk/client-ivs-realtime";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock, realClock, type Clock } from "@/server/emulator/clock";
import type { OperationHandlers } from "@/server/emulator/contract";
import { notFound } from "@/server/emulator/errors";
import { startTestServer, stubHandlers, type RunningServer } from "@/server/emulator/http/test-server";

const stageArn = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh";
const stage = { arn: stageArn, name: "morning-show", activeSessionId: "st-a1b2c3d4e5f6g", tags: { team: "news" } };

let running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.emulator.close()));
  running = [];
});

async function setup(
  handlers: OperationHandlers,
  clock: Clock = realClock(),
  credentials = { accessKeyId: "test", secretAccessKey: "test" },
) {
  const server = await startTestServer({ clock, handlers });
  running.push(server);
  const client = new IVSRealTimeClient({ region: "us-west-2", endpoint: server.url, credentials });
  return { server, client };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("official SDK against the emulator", () => {
  it("GetStage: signature verifies, output is typed, request id is read", async () => {
    const seen: unknown[] = [];
    const { client } = await setup(
      stubHandlers({
        GetStage: (input, ctx) => {
          seen.push({ input, region: ctx.region, account: ctx.account });
          return { stage };
        },
      }),
    );
    const output = await client.send(new GetStageCommand({ arn: stageArn }));
    expect(output.stage).toEqual(stage);
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen).toEqual([{ input: { arn: stageArn }, region: "us-west-2", account: "123456789012" }]);
  });

  it("ListTagsForResource: the double-encoded ARN path verifies and arrives decoded", async () => {
    const arns: string[] = [];
    const ctx = await setup(
      stubHandlers({
        ListTagsForResource: (input) => {
          arns.push(input.resourceArn);
          return { tags: { team: "news", "a b": "c/d" } };
        },
      }),
    );
    const { server, client } = ctx;
    const targets: string[] = [];
    server.emulator.server.on("request", (req: { url?: string }) => targets.push(req.url ?? ""));
    const output = await client.send(new ListTagsForResourceCommand({ resourceArn: stageArn }));
    expect(output.tags).toEqual({ team: "news", "a b": "c/d" });
    expect(arns).toEqual([stageArn]);
    // The SDK really sent the ARN percent-encoded in one segment (so the canonical URI is double-encoded).
    expect(targets).toEqual(["/tags/arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Astage%2FabcdABCDefgh"]);
  });

  it("TagResource and UntagResource (repeated tagKeys query parameter)", async () => {
    const calls: unknown[] = [];
    const { server, client } = await setup(
      stubHandlers({
        TagResource: (input) => {
          calls.push(["tag", input]);
          return {};
        },
        UntagResource: (input) => {
          calls.push(["untag", input]);
          return {};
        },
      }),
    );
    const targets: string[] = [];
    server.emulator.server.on("request", (req: { url?: string }) => targets.push(req.url ?? ""));
    await client.send(new TagResourceCommand({ resourceArn: stageArn, tags: { "x:y": "1", "a&b": "2" } }));
    await client.send(
      new UntagResourceCommand({ resourceArn: stageArn, tagKeys: ["show", "x:y", "a&b", "with space"] }),
    );
    expect(targets[1]).toMatch(/\?tagKeys=show&tagKeys=x%3Ay&tagKeys=a%26b&tagKeys=with%20space$/);
    expect(calls).toEqual([
      ["tag", { resourceArn: stageArn, tags: { "x:y": "1", "a&b": "2" } }],
      ["untag", { resourceArn: stageArn, tagKeys: ["show", "x:y", "a&b", "with space"] }],
    ]);
  });

  it("ListStages with no input (body {}) and CreateStage with a body", async () => {
    const { client } = await setup(
      stubHandlers({
        ListStages: () => ({ stages: [{ arn: stageArn, name: "morning-show", tags: {} }] }),
        CreateStage: (input) => ({
          stage: { arn: stageArn, name: input.name ?? "", tags: input.tags ?? {} },
          participantTokens: [],
        }),
      }),
    );
    expect((await client.send(new ListStagesCommand({}))).stages).toHaveLength(1);
    const created = await client.send(new CreateStageCommand({ name: "evening", tags: { k: "v" } }));
    expect(created.stage).toMatchObject({ name: "evening", tags: { k: "v" } });
  });

  it("StartParticipantReplication: body {} and the seven modeled headers come back as output members", async () => {
    const { client } = await setup(stubHandlers({ StartParticipantReplication: () => ({}) }));
    const output = await client.send(
      new StartParticipantReplicationCommand({
        sourceStageArn: stageArn,
        destinationStageArn: stageArn.replace("abcdABCDefgh", "ABCDabcdefgh"),
        participantId: "abCDEf12GHIj",
      }),
    );
    expect(output).toMatchObject({
      accessControlAllowOrigin: "*",
      cacheControl: "no-store, no-cache",
      xFrameOptions: "DENY",
      xContentTypeOptions: "nosniff",
      strictTransportSecurity: "max-age:47304000; includeSubDomains",
    });
  });

  it("a handler's 404 becomes a typed ResourceNotFoundException", async () => {
    const { client } = await setup(
      stubHandlers({
        GetStage: () => {
          throw notFound(`Stage not found: ${stageArn}`);
        },
      }),
    );
    const error = await caught(client.send(new GetStageCommand({ arn: stageArn })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    const typed = error as ResourceNotFoundException;
    expect(typed.name).toBe("ResourceNotFoundException");
    expect(typed.exceptionMessage).toBe(`Stage not found: ${stageArn}`);
    expect(typed.$metadata.httpStatusCode).toBe(404);
    expect(typed.$fault).toBe("client");
    expect(typed.xAmznErrorType).toBe("ResourceNotFoundException");
    expect(typed.cacheControl).toBe("no-store, no-cache");
  });

  it("emulator validation becomes a typed ValidationException", async () => {
    const { client } = await setup(stubHandlers());
    const error = await caught(
      client.send(new GetStageCommand({ arn: "arn:aws:ivs:us-west-2:123456789012:channel/nope" })),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).exceptionMessage).toMatch(/^1 validation error detected\. Value at '\/arn'/);
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
  });

  it("an unknown access key gives 403 UnrecognizedClientException (not retried)", async () => {
    const { client } = await setup(stubHandlers(), realClock(), { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" });
    const error = await caught(client.send(new GetStageCommand({ arn: stageArn })));
    expect(error).toBeInstanceOf(IVSRealTimeServiceException);
    const typed = error as IVSRealTimeServiceException;
    expect(typed.name).toBe("UnrecognizedClientException");
    expect(typed.message).toBe("The security token included in the request is invalid.");
    expect(typed.$metadata.httpStatusCode).toBe(403);
    expect(typed.$metadata.attempts).toBe(1);
  });

  it("a wrong secret gives 403 InvalidSignatureException", async () => {
    const { client } = await setup(stubHandlers(), realClock(), { accessKeyId: "test", secretAccessKey: "wrong" });
    const error = (await caught(client.send(new GetStageCommand({ arn: stageArn })))) as IVSRealTimeServiceException;
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it("throttling (429 + Retry-After) is retried by the SDK and then succeeds", async () => {
    const clock = manualClock(Date.now());
    const { client } = await setup(stubHandlers({ GetStage: () => ({ stage }) }), clock);
    for (let i = 0; i < 5; i++) await client.send(new GetStageCommand({ arn: stageArn })); // GetStage: 5 TPS
    // Refill the bucket while the SDK waits out Retry-After (1 s).
    const refill = setTimeout(() => clock.advance(1_000), 300);
    try {
      const output = await client.send(new GetStageCommand({ arn: stageArn }));
      expect(output.stage).toEqual(stage);
      expect(output.$metadata.attempts).toBe(2);
    } finally {
      clearTimeout(refill);
    }
  });

  it("a client clock 10 minutes off is corrected from the Date header after one 403 (attempts = 2)", async () => {
    const clock = manualClock(Date.now() + 10 * 60 * 1000);
    const { client } = await setup(stubHandlers({ GetStage: () => ({ stage }) }), clock);
    const output = await client.send(new GetStageCommand({ arn: stageArn }));
    expect(output.stage).toEqual(stage);
    expect(output.$metadata.attempts).toBe(2);
  });
});
