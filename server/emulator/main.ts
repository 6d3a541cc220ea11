/**
 * CLI entry of the IVS Real-Time emulator: `npm run emulator -- [options]` (= `tsx server/emulator/main.ts`).
 * Prints exactly one line on stdout when ready: `IVS Real-Time emulator ready at <url> (…)`.
 * Logs go to stderr. SIGINT/SIGTERM close the server and exit 0.
 *
 * The process runs the API and the living world: the simulation (server/emulator/sim/) shares the handlers'
 * world, drives sessions, compositions and recordings on the virtual clock (`--speed`, `--clock manual`), and
 * is controlled through `/_emulator/…` (docs/emulator-sim.md).
 */
import { ConfigError, parseConfig } from "@/server/emulator/config";
import { consoleLogger } from "@/server/emulator/http/logger";
import { createEmulatorApp } from "@/server/emulator/sim/app";

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ivs-emulator: ${error.message}\nRun with --help to see the options.\n`);
      process.exit(2);
    }
    throw error;
  }
  if (parsed.kind === "help") {
    process.stdout.write(parsed.text);
    return;
  }

  const { config } = parsed;
  // One world shared by the API handlers and the simulation; the control API lives under /_emulator/.
  const { server: emulator } = createEmulatorApp({ config, logger: consoleLogger });

  let url: string;
  try {
    ({ url } = await emulator.listen());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EADDRINUSE"
        ? `port ${config.port} on ${config.host} is already in use (choose another with --port or IVS_EMULATOR_PORT)`
        : code === "EADDRNOTAVAIL"
          ? `address ${config.host} is not available on this machine`
          : error instanceof Error
            ? error.message
            : String(error);
    process.stderr.write(`ivs-emulator: cannot listen: ${reason}\n`);
    process.exit(1);
  }

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      process.exit(130);
    }
    closing = true;
    consoleLogger.info("shutting down", { signal });
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        consoleLogger.error("error while closing", { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);

  const accounts = [...new Set(config.credentials.map((credential) => credential.account))].join(", ");
  const speed = config.speed === 1 ? "" : `; speed: ${config.speed}x`;
  const clock = config.clock === "manual" ? "; clock: manual" : "";
  process.stdout.write(
    `IVS Real-Time emulator ready at ${url} (accounts: ${accounts}; quotas: ${config.quotas}; world: ${config.world}; seed: ${config.seed}${speed}${clock})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`ivs-emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
