import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { realClock } from "@/server/emulator/clock";
import { startTestServer, testConfig, type RunningServer } from "@/server/emulator/http/test-server";
import { createHandlers } from "@/server/emulator/world/handlers";
import { actAs, signOutFake } from "@/server/auth/testing";
import { transport } from "@/server/ivs/transport";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

/**
 * Every server action of every module in app/actions (found at run time, so a new one is covered too), called
 * directly — as a browser could, whatever the UI hides — as a viewer and signed out: refused, and nothing
 * reaches IVS. (Sign-in itself and user management have their own tests.)
 */
type Action = (...args: unknown[]) => Promise<unknown>;
let server: RunningServer;
const actions: { name: string; run: Action }[] = [];

beforeAll(async () => {
  const clock = realClock();
  const config = testConfig({ quotas: "off" });
  server = await startTestServer({ clock, config: { quotas: "off" }, handlers: createHandlers({ clock, config }) });
  process.env.IVS_ENDPOINT = server.url;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  const modules = readdirSync(import.meta.dirname).filter(
    (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !["auth.ts", "users.ts"].includes(file),
  );
  for (const file of modules) {
    const exported = (await import(/* @vite-ignore */ join(import.meta.dirname, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported))
      if (typeof value === "function") actions.push({ name: `${file}: ${name}`, run: value as Action });
  }
});
afterAll(() => server.emulator.close());

const context = { region: "eu-west-1" };
const stageArn = "arn:aws:ivs:eu-west-1:123456789012:stage/AbCdEfGh1234";
const input = { arn: stageArn, stageArn, resourceArn: stageArn, name: "x", tags: { a: "b" } };

describe("every server action, called directly", () => {
  it("finds the actions", () => {
    expect(actions.length).toBeGreaterThanOrEqual(20);
  });

  it("as a viewer: AccessDenied, no IVS call", async () => {
    await actAs("viewer");
    const spy = vi.spyOn(transport(), "call");
    for (const action of actions) {
      // Actions take (context, input) or (input): either way the role is checked before anything else.
      const result = await action.run(context, input);
      expect(result, action.name).toMatchObject({ ok: false, error: { code: "AccessDenied" } });
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("signed out: Unauthenticated, no IVS call", async () => {
    signOutFake();
    const spy = vi.spyOn(transport(), "call");
    for (const action of actions) {
      const result = await action.run(context, input);
      expect(result, action.name).toMatchObject({ ok: false, error: { code: "Unauthenticated" } });
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
