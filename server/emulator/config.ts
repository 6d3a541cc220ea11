/**
 * Emulator configuration from command-line arguments and environment variables.
 * `parseConfig` is pure (argv and env are parameters) so it can be unit-tested.
 */

export type QuotaMode = "realistic" | "off";
export type WorldMode = "demo" | "empty";
/** `real`: virtual time follows the machine's clock (times `--speed`); `manual`: it moves only through the control API. */
export type ClockMode = "real" | "manual";

export interface EmulatorCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** 12-digit AWS account id the key belongs to; state is kept per account and region. */
  readonly account: string;
}

export interface EmulatorConfig {
  /** Loopback address to bind: `127.0.0.1`, `::1` or `localhost`. */
  readonly host: string;
  /** TCP port; 0 picks a free port. */
  readonly port: number;
  /** `realistic` enforces the documented API rate quotas (and later resource quotas); `off` disables them. */
  readonly quotas: QuotaMode;
  /** Initial world: `empty` or a simulated `demo` world (sim/demo-world.ts). */
  readonly world: WorldMode;
  /**
   * Seed for the world's random choices: `--seed`, else `demoSeed` for the demo world (so it looks the same on
   * every start), else a random 32-bit value.
   */
  readonly seed: number;
  /** Virtual-time speed factor (1 = real time). */
  readonly speed: number;
  /**
   * `manual`: virtual time starts at the real time and moves only with `POST /_emulator/clock/advance`.
   * `parseConfig` always sets it; absent (hand-built configs) means `real`.
   */
  readonly clock?: ClockMode;
  /** Virtual seconds a stage session stays open after its last participant left; absent means 120. */
  readonly sessionEndDelaySeconds?: number;
  /**
   * Where the world is saved (`--state-file`): loaded at start when the file exists, written periodically and on
   * shutdown (persistence.ts). Absent: the world lives in memory only.
   */
  readonly stateFile?: string;
  /** Browser origins allowed to call the emulator (requests with another `Origin` header are refused). */
  readonly allowedOrigins: readonly string[];
  /**
   * `--eventbridge-target`: a loopback http(s) URL that receives the world's IVS events as an EventBridge API
   * destination would (eventbridge.ts), with `--eventbridge-api-key` (or IVS_EMULATOR_EVENTBRIDGE_API_KEY) in
   * the `x-api-key` header. Absent: no events are sent.
   */
  readonly eventBridge?: { readonly target: string; readonly apiKey: string };
  readonly credentials: readonly EmulatorCredential[];
}

export const defaultPort = 4599;
export const defaultAccount = "123456789012";
export const defaultAllowedOrigins: readonly string[] = ["http://localhost:3000", "http://127.0.0.1:3000"];
export const defaultCredentials = "test:test:123456789012";
export const defaultSessionEndDelaySeconds = 120;
/** The demo world's default seed: the same ids, names and activity on every start (screenshots repeat). */
export const demoSeed = 20_260_501;
const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1"]);

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export const helpText = `IVS Real-Time emulator: the Amazon IVS Real-Time control-plane API on loopback.

Usage: npm run emulator -- [options]

Options:
  --port <n>              TCP port (default: $IVS_EMULATOR_PORT or ${defaultPort}; 0 = any free port)
  --host <addr>           loopback address to bind: 127.0.0.1 (default), ::1 or localhost
  --quotas <mode>         realistic (default): enforce documented API rate quotas; off: no quotas
  --world <mode>          empty (default) or demo: a living world with stages in two regions,
                          participants coming and going, compositions, history (npm start uses demo)
  --seed <n>              integer seed for ids and simulated activity
                          (default: ${demoSeed} with --world demo, else random)
  --speed <x>             virtual time runs x times faster than real time (default: 1)
  --clock <mode>          real (default) or manual: virtual time moves only through
                          POST /_emulator/clock/advance (cannot be combined with --speed)
  --session-end-delay <s> virtual seconds a stage session stays open after its last
                          participant left (default: ${defaultSessionEndDelaySeconds})
  --state-file <path>     keep the world in this JSON file: loaded at start if it exists,
                          saved atomically every few seconds and on shutdown; a corrupt file
                          or one from a newer emulator is refused (exit 1), never overwritten
  --allowed-origin <url>  browser origin allowed to call the emulator; repeatable
                          (default: ${defaultAllowedOrigins.join(" and ")})
  --eventbridge-target <url>   POST the world's IVS events (EventBridge JSON) to this loopback URL
  --eventbridge-api-key <key>  sent as x-api-key (or IVS_EMULATOR_EVENTBRIDGE_API_KEY)
  -h, --help              print this help and exit

Environment:
  IVS_EMULATOR_PORT         default port
  IVS_EMULATOR_CREDENTIALS  accepted SigV4 keys: "id:secret[:account],id2:secret2[:account2]"
                            (default: ${defaultCredentials}; account defaults to ${defaultAccount})

Clients sign with SigV4, service name "ivs"; the region is whatever the credential scope says.
SigV4 clock-skew checks and the Date header always use real time, whatever --speed or --clock say.
The control API (/_emulator/…) takes "Authorization: Bearer <accessKeyId>:<secretAccessKey>".
`;

export type ParseResult =
  { readonly kind: "help"; readonly text: string } | { readonly kind: "config"; readonly config: EmulatorConfig };

type Env = Readonly<Record<string, string | undefined>>;

const flagsWithValue = new Set([
  "--port",
  "--host",
  "--quotas",
  "--world",
  "--seed",
  "--speed",
  "--clock",
  "--session-end-delay",
  "--allowed-origin",
  "--state-file",
  "--eventbridge-target",
  "--eventbridge-api-key",
]);

/** Parse `argv` (arguments after the script name) and `env`. Throws `ConfigError` with a readable message. */
export function parseConfig(argv: readonly string[], env: Env = {}, random: () => number = Math.random): ParseResult {
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help", text: helpText };
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!flagsWithValue.has(name)) {
      throw new ConfigError(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument "${arg}"`);
    }
    let value: string;
    if (name !== arg) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2))
        throw new ConfigError(`${name} needs a value`);
      value = next;
      i++;
    }
    values.set(name, [...(values.get(name) ?? []), value]);
  }

  const single = (name: string): string | undefined => {
    const list = values.get(name);
    if (list === undefined) return undefined;
    if (list.length > 1) throw new ConfigError(`${name} given more than once`);
    return list[0];
  };

  const portArg = single("--port");
  const envPort = env.IVS_EMULATOR_PORT?.trim();
  const port =
    portArg !== undefined
      ? parsePort(portArg, "--port")
      : envPort !== undefined && envPort !== ""
        ? parsePort(envPort, "IVS_EMULATOR_PORT")
        : defaultPort;

  const seedArg = single("--seed");
  const speedArg = single("--speed");
  const clock = parseChoice(single("--clock") ?? "real", "--clock", ["real", "manual"] as const);
  if (clock === "manual" && speedArg !== undefined)
    throw new ConfigError("--speed cannot be combined with --clock manual");
  const sessionEndArg = single("--session-end-delay");
  const origins = values.get("--allowed-origin");
  const world = parseChoice(single("--world") ?? "empty", "--world", ["demo", "empty"] as const);
  const stateFile = single("--state-file");
  if (stateFile !== undefined && stateFile.trim() === "") throw new ConfigError("--state-file needs a file path");
  const eventBridge = parseEventBridge(
    single("--eventbridge-target"),
    single("--eventbridge-api-key") ?? env.IVS_EMULATOR_EVENTBRIDGE_API_KEY,
  );

  const config: EmulatorConfig = {
    host: parseHost(single("--host") ?? "127.0.0.1"),
    port,
    quotas: parseChoice(single("--quotas") ?? "realistic", "--quotas", ["realistic", "off"] as const),
    world,
    seed: seedArg !== undefined ? parseSeed(seedArg) : world === "demo" ? demoSeed : Math.floor(random() * 2 ** 32),
    speed: speedArg === undefined ? 1 : parseSpeed(speedArg),
    clock,
    sessionEndDelaySeconds:
      sessionEndArg === undefined ? defaultSessionEndDelaySeconds : parseDelaySeconds(sessionEndArg),
    ...(stateFile === undefined ? {} : { stateFile }),
    allowedOrigins: origins === undefined ? defaultAllowedOrigins : dedupe(origins.map(parseOrigin)),
    ...(eventBridge ? { eventBridge } : {}),
    credentials: parseCredentials(env.IVS_EMULATOR_CREDENTIALS ?? defaultCredentials),
  };
  return { kind: "config", config };
}

/** The EventBridge target must be a loopback URL: the emulator never sends anything off this machine. */
function parseEventBridge(target: string | undefined, apiKey: string | undefined): EmulatorConfig["eventBridge"] {
  if (target === undefined) {
    if (apiKey !== undefined && apiKey !== "")
      throw new ConfigError("--eventbridge-api-key needs --eventbridge-target");
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ConfigError(
      `--eventbridge-target must be a URL such as http://127.0.0.1:3000/api/events/eventbridge, got "${target}"`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConfigError(`--eventbridge-target must use http or https, got "${target}"`);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    throw new ConfigError(
      `--eventbridge-target must be a loopback address (127.0.0.1, localhost or [::1]), got "${url.hostname}"`,
    );
  if (!apiKey)
    throw new ConfigError("--eventbridge-target needs --eventbridge-api-key (or IVS_EMULATOR_EVENTBRIDGE_API_KEY)");
  if (apiKey.length > 512) throw new ConfigError("--eventbridge-api-key is at most 512 characters");
  return { target: url.toString(), apiKey };
}

function parsePort(text: string, source: string): number {
  if (!/^\d{1,5}$/.test(text.trim()))
    throw new ConfigError(`${source} must be an integer from 0 to 65535, got "${text}"`);
  const port = Number(text.trim());
  if (port > 65_535) throw new ConfigError(`${source} must be an integer from 0 to 65535, got "${text}"`);
  return port;
}

function parseHost(text: string): string {
  const host = text
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (!loopbackHosts.has(host)) {
    throw new ConfigError(
      `--host must be a loopback address (127.0.0.1, ::1 or localhost), got "${text}": the emulator accepts test credentials and must not be reachable from the network`,
    );
  }
  return host;
}

function parseChoice<const T extends string>(text: string, name: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === text);
  if (found === undefined) throw new ConfigError(`${name} must be one of ${choices.join(", ")}, got "${text}"`);
  return found;
}

function parseSeed(text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new ConfigError(`--seed must be an integer, got "${text}"`);
  const seed = Number(text.trim());
  if (!Number.isSafeInteger(seed)) throw new ConfigError(`--seed must be a safe integer, got "${text}"`);
  return seed;
}

function parseSpeed(text: string): number {
  const speed = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(speed) || speed <= 0 || speed > 10_000) {
    throw new ConfigError(`--speed must be a number greater than 0 and at most 10000, got "${text}"`);
  }
  return speed;
}

function parseDelaySeconds(text: string): number {
  const seconds = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new ConfigError(`--session-end-delay must be a number of seconds from 0 to 86400, got "${text}"`);
  }
  return seconds;
}

function parseOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ConfigError(`--allowed-origin must be an origin such as http://localhost:3000, got "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`--allowed-origin must use http or https, got "${text}"`);
  }
  if (
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search !== "" ||
    url.hash !== "" ||
    url.username !== "" ||
    url.password !== ""
  ) {
    throw new ConfigError(
      `--allowed-origin must be a bare origin (scheme://host[:port]) without path, query or credentials, got "${text}"`,
    );
  }
  return url.origin;
}

function dedupe(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** Parse `IVS_EMULATOR_CREDENTIALS`: comma-separated `accessKeyId:secretAccessKey[:account]` entries. */
export function parseCredentials(text: string): EmulatorCredential[] {
  const entries = text.split(",").map((entry) => entry.trim());
  if (entries.every((entry) => entry === "")) throw new ConfigError("IVS_EMULATOR_CREDENTIALS is empty");
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const where = `IVS_EMULATOR_CREDENTIALS entry ${index + 1}`;
    if (entry === "") throw new ConfigError(`${where} is empty`);
    const parts = entry.split(":");
    if (parts.length < 2 || parts.length > 3) {
      throw new ConfigError(
        `${where} must look like accessKeyId:secretAccessKey[:account] (${parts.length} ":"-separated parts found)`,
      );
    }
    const [accessKeyId = "", secretAccessKey = "", account = defaultAccount] = parts;
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(accessKeyId)) {
      throw new ConfigError(`${where}: the access key id must be 1-128 letters, digits, "_" or "-"`);
    }
    if (secretAccessKey === "" || /\s/.test(secretAccessKey)) {
      throw new ConfigError(`${where}: the secret access key must be non-empty and contain no whitespace`);
    }
    if (!/^\d{12}$/.test(account))
      throw new ConfigError(`${where}: the account id must be 12 digits, got "${account}"`);
    if (seen.has(accessKeyId)) throw new ConfigError(`${where}: access key id "${accessKeyId}" is listed twice`);
    seen.add(accessKeyId);
    return { accessKeyId, secretAccessKey, account };
  });
}
