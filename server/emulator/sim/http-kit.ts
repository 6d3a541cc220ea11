import { IVSRealTimeClient } from "@aws-sdk/client-ivs-realtime";
import { manualClock, type Clock } from "../clock";
import type { EmulatorConfig } from "../config";
import { testConfig } from "../http/test-server";
import { silentLogger } from "../http/logger";
import { createEmulatorApp, type EmulatorApp } from "./app";

/** Test helpers: the whole emulator (API + simulation + control API) on port 0, and clients for it. */

export interface RunningApp extends EmulatorApp {
  readonly url: string;
  readonly sdk: (region?: string, credentials?: { accessKeyId: string; secretAccessKey: string }) => IVSRealTimeClient;
  /** Calls the control API; `auth` defaults to the test credential. */
  readonly control: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<ControlResponse>;
  readonly close: () => Promise<void>;
}

export interface ControlResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The JSON body (`{}` when empty). */
  readonly json: Record<string, unknown>;
}

/** A string member of a control response (throws when missing, as a test precondition). */
export function text(response: ControlResponse, key: string): string {
  const value = response.json[key];
  if (typeof value !== "string") throw new Error(`expected "${key}" in ${JSON.stringify(response.json)}`);
  return value;
}

export const bearer = "Bearer test:test";

export async function startApp(
  options: { config?: Partial<EmulatorConfig>; clock?: Clock; wallClock?: Clock } = {},
): Promise<RunningApp> {
  const config = testConfig({ clock: "manual", ...options.config });
  const clock = options.clock ?? manualClock(Date.now());
  const app = createEmulatorApp({
    config,
    clock,
    logger: silentLogger,
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
  });
  const { url } = await app.server.listen();
  return {
    ...app,
    url,
    sdk: (region = "us-east-1", credentials = { accessKeyId: "test", secretAccessKey: "test" }) =>
      new IVSRealTimeClient({ region, endpoint: url, credentials }),
    async control(method, path, body, headers = {}) {
      const response = await fetch(`${url}/_emulator${path}`, {
        method,
        headers: { authorization: bearer, ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const raw = await response.text();
      const json: unknown = raw === "" ? {} : JSON.parse(raw);
      return { status: response.status, headers: response.headers, json: json as Record<string, unknown> };
    },
    close: () => app.server.close(),
  };
}
