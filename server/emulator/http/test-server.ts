/**
 * Test support: stub operation handlers and a server started on port 0. Used by the emulator's tests only.
 */
import { operationNames } from "@/lib/ivs/operations";
import type { Clock } from "@/server/emulator/clock";
import { parseConfig, type EmulatorConfig } from "@/server/emulator/config";
import type { OperationHandlers } from "@/server/emulator/contract";
import { internal } from "@/server/emulator/errors";
import { silentLogger, type Logger } from "@/server/emulator/http/logger";
import { createEmulatorServer, type EmulatorServer, type EmulatorServerOptions } from "@/server/emulator/server";

/** Handlers that all answer 500 "not implemented", with `overrides` in their place. */
export function stubHandlers(overrides: Partial<OperationHandlers> = {}): OperationHandlers {
  const base = Object.fromEntries(
    operationNames.map((name) => [
      name,
      () => {
        throw internal(`${name} is not implemented by this stub`);
      },
    ]),
  ) as unknown as OperationHandlers;
  return { ...base, ...overrides };
}

export function testConfig(overrides: Partial<EmulatorConfig> = {}): EmulatorConfig {
  const parsed = parseConfig(["--port", "0", "--seed", "1"], {});
  if (parsed.kind !== "config") throw new Error("unexpected help");
  return { ...parsed.config, ...overrides };
}

export interface RunningServer {
  readonly emulator: EmulatorServer;
  readonly url: string;
  readonly port: number;
}

export async function startTestServer(options: {
  clock: Clock;
  handlers?: OperationHandlers;
  config?: Partial<EmulatorConfig>;
  logger?: Logger;
  extra?: Partial<EmulatorServerOptions>;
}): Promise<RunningServer> {
  const emulator = createEmulatorServer({
    config: testConfig(options.config),
    clock: options.clock,
    // Tests sign with the time of the clock they pass, so it is also the wall clock unless `extra` says otherwise.
    wallClock: options.clock,
    handlers: options.handlers ?? stubHandlers(),
    logger: options.logger ?? silentLogger,
    ...options.extra,
  });
  const { url } = await emulator.listen();
  return { emulator, url, port: Number(new URL(url).port) };
}
