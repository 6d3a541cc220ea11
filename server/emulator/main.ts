/**
 * CLI entry of the IVS Real-Time emulator: `npm run emulator -- [options]`
 * (= `node --import tsx server/emulator/main.ts`: no launcher process between npm and the emulator, so every
 * signal reaches it and nothing kills it while it saves).
 * Prints exactly one line on stdout when ready: `IVS Real-Time emulator ready at <url> (…)`.
 * Logs go to stderr. SIGINT, SIGTERM and SIGHUP, once or repeatedly, close the server, commit the journal, write
 * the state file (with `--state-file`) and exit 0; a signal during start-up does the same as soon as it is up.
 *
 * The process runs the API and the living world: the simulation (server/emulator/sim/) shares the handlers'
 * world, drives sessions, compositions and recordings on the virtual clock (`--speed`, `--clock manual`), and
 * is controlled through `/_emulator/…`. `--world demo` builds the demo world (sim/demo-world.ts);
 * `--state-file` keeps the world across restarts (persistence.ts). See docs/emulator.md.
 */
import { ConfigError, parseConfig } from "@/server/emulator/config";
import { consoleLogger } from "@/server/emulator/http/logger";
import { StateFileError } from "@/server/emulator/persistence";
import { bootEmulator, type BootedEmulator } from "@/server/emulator/sim/app";

/** The first stop signal, and what to do about it once the emulator is up. */
let stopSignal: NodeJS.Signals | undefined;
let onStop: ((signal: NodeJS.Signals) => void) | undefined;
const stopSignals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
for (const signal of stopSignals) {
  process.on(signal, () => {
    if (stopSignal !== undefined) {
      // Ctrl-C under npm delivers SIGINT twice (the terminal's and npm's); neither cuts the save short.
      consoleLogger.info("already shutting down; the state is being saved", { signal });
      return;
    }
    stopSignal = signal;
    onStop?.(signal);
  });
}

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
  let emulator: BootedEmulator;
  try {
    emulator = bootEmulator({ config, logger: consoleLogger });
  } catch (error) {
    if (error instanceof StateFileError) {
      process.stderr.write(`ivs-emulator: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let url: string;
  try {
    ({ url } = await emulator.server.listen());
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

  const shutdown = (signal: NodeJS.Signals) => {
    consoleLogger.info("shutting down", { signal });
    emulator.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        consoleLogger.error("error while closing", { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  onStop = shutdown;
  if (stopSignal !== undefined) {
    shutdown(stopSignal);
    return;
  }

  const accounts = [...new Set(config.credentials.map((credential) => credential.account))].join(", ");
  const speed = config.speed === 1 ? "" : `; speed: ${config.speed}x`;
  const clock = config.clock === "manual" ? "; clock: manual" : "";
  const world = emulator.origin === "restored" ? `restored from ${config.stateFile ?? ""}` : config.world;
  const state =
    config.stateFile !== undefined && emulator.origin !== "restored" ? `; state file: ${config.stateFile}` : "";
  if (emulator.demo && emulator.origin === "demo") {
    const regions = [...new Set(emulator.demo.shows.map((show) => show.scope.region))].join(" and ");
    consoleLogger.info(
      `demo world: ${emulator.demo.shows.length} stages in ${regions}, with three hours of history and live activity`,
    );
  }
  process.stdout.write(
    `IVS Real-Time emulator ready at ${url} (accounts: ${accounts}; quotas: ${config.quotas}; world: ${world}; seed: ${config.seed}${speed}${clock}${state})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`ivs-emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
