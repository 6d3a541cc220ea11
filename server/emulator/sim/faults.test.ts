import {
  ConflictException,
  CreateEncoderConfigurationCommand,
  CreateStageCommand,
  GetStageCommand,
  IVSRealTimeServiceException,
  ListCompositionsCommand,
  ListStagesCommand,
  StartCompositionCommand,
} from "@aws-sdk/client-ivs-realtime";
import { afterEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../contract";
import { EmulatorError } from "../errors";
import { createFaultInjector } from "./faults";
import { startApp, type RunningApp } from "./http-kit";

let apps: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

async function start() {
  const app = await startApp();
  apps.push(app);
  return app;
}

async function compositionRequest(app: RunningApp) {
  const client = app.sdk();
  const { stage } = await client.send(new CreateStageCommand({}));
  const { encoderConfiguration } = await client.send(new CreateEncoderConfigurationCommand({}));
  const channelArn = "arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGHijkl";
  return new StartCompositionCommand({
    stageArn: stage?.arn,
    destinations: [{ channel: { channelArn, encoderConfigurationArn: encoderConfiguration?.arn } }],
  });
}

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("injected faults through the official SDK", () => {
  it("StartComposition retried after a 500 that hit after the handler ran creates exactly one composition (same idempotency token)", async () => {
    const app = await start();
    const command = await compositionRequest(app);
    const added = await app.control("POST", "/faults", {
      operation: "StartComposition",
      errorType: "InternalServerException",
      status: 500,
      count: 1,
      phase: "after",
    });
    expect(added.status).toBe(200);
    const output = await app.sdk().send(command);
    expect(output.$metadata.attempts).toBe(2);
    const { compositions } = await app.sdk().send(new ListCompositionsCommand({}));
    expect(compositions?.map((c) => c.arn)).toEqual([output.composition?.arn]);
    expect((await app.control("GET", "/faults")).json).toEqual({ faults: [] }); // count used up
  });

  it("a 500 before the handler and a connection reset are retried too", async () => {
    const app = await start();
    await app.control("POST", "/faults", {
      operation: "StartComposition",
      errorType: "InternalServerException",
      status: 500,
      count: 1,
    });
    await app.control("POST", "/faults", {
      operation: "StartComposition",
      connectionReset: true,
      count: 1,
      phase: "after",
    });
    const output = await app.sdk().send(await compositionRequest(app));
    expect(output.$metadata.attempts).toBe(3);
    expect((await app.sdk().send(new ListCompositionsCommand({}))).compositions).toHaveLength(1);
  });

  it("a non-retryable injected error reaches the caller typed; other operations and regions are untouched", async () => {
    const app = await start();
    await app.control("POST", "/faults", { operation: "GetStage", errorType: "ConflictException", status: 409 });
    const { stage } = await app.sdk().send(new CreateStageCommand({}));
    const error = await caught(app.sdk().send(new GetStageCommand({ arn: stage?.arn })));
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).exceptionMessage).toMatch(
      /^Injected fault #1: ConflictException \(409\) on GetStage/,
    );
    expect((error as ConflictException).$metadata.attempts).toBe(1);
    expect((await app.sdk().send(new ListStagesCommand({}))).stages).toHaveLength(1);
    const west = await app.sdk("us-west-2").send(new CreateStageCommand({}));
    expect((await app.sdk("us-west-2").send(new GetStageCommand({ arn: west.stage?.arn }))).stage).toBeDefined();
    expect((await app.control("DELETE", "/faults")).json).toEqual({ cleared: 1 });
    expect((await app.sdk().send(new GetStageCommand({ arn: stage?.arn }))).stage?.arn).toBe(stage?.arn);
  });

  it("'*' matches every operation; throttling faults carry Retry-After", async () => {
    const app = await start();
    await app.control("POST", "/faults", { operation: "*", errorType: "ThrottlingException", status: 429, count: 1 });
    const output = await app.sdk().send(new ListStagesCommand({}));
    expect(output.$metadata.attempts).toBe(2);
    await app.control("POST", "/faults", { operation: "*", errorType: "ServiceUnavailableException", status: 503 });
    const error = await caught(app.sdk().send(new ListStagesCommand({})));
    expect(error).toBeInstanceOf(IVSRealTimeServiceException);
    expect((error as IVSRealTimeServiceException).$metadata).toMatchObject({ httpStatusCode: 503, attempts: 3 });
  });
});

describe("fault injector", () => {
  const ctx: RequestContext = { account: "123456789012", region: "us-east-1", requestId: "r", operation: "GetStage" };
  const scope = { account: ctx.account, region: ctx.region };

  async function outcomes(seed: number, runs: number): Promise<string[]> {
    const faults = createFaultInjector({ seed });
    faults.add(scope, { operation: "GetStage", errorType: "InternalServerException", status: 500, probability: 0.5 });
    const results: string[] = [];
    for (let i = 0; i < runs; i++) {
      results.push(
        await faults.hook(ctx, "before").then(
          () => "ok",
          (error: unknown) => (error instanceof EmulatorError ? String(error.status) : "?"),
        ),
      );
    }
    return results;
  }

  it("draws probabilities from the seed, so runs repeat", async () => {
    const first = await outcomes(42, 40);
    expect(await outcomes(42, 40)).toEqual(first);
    expect(first).toContain("ok");
    expect(first).toContain("500");
    expect(await outcomes(43, 40)).not.toEqual(first);
  });

  it("adds latency, counts down and applies only in its phase", async () => {
    const faults = createFaultInjector({ seed: 1 });
    const fault = faults.add(scope, { operation: "GetStage", latencyMs: 30, count: 2, phase: "after" });
    expect(await faults.hook(ctx, "before")).toBeUndefined();
    const started = performance.now();
    expect(await faults.hook(ctx, "after")).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    await faults.hook(ctx, "after");
    expect(fault.fired).toBe(2);
    expect(faults.list(scope)).toEqual([]);
    faults.add(scope, { operation: "ListStages", connectionReset: true });
    expect(await faults.hook({ ...ctx, operation: "ListStages" }, "before")).toBe("reset");
    expect(faults.clear()).toBe(1);
  });
});
