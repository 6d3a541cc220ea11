import "server-only";
import { z } from "zod";
import { minPasswordLength, Username } from "@/lib/auth/accounts";
import { isValidProfile, isValidRegion } from "@/lib/context";
import { defaultRegion } from "@/lib/ivs/regions";

/**
 * The console's environment variables, parsed in one place (README "Configuration"). `checkEnv()` runs when the
 * server starts (instrumentation.ts): a bad value stops the console with a message naming the variable and what
 * it expects. Code reads the parsed values through `env()`, never `process.env`. Empty means unset.
 */

/** Variables whose values never appear in a message. */
const secret = new Set(["CONSOLE_ADMIN_PASSWORD", "CONSOLE_EVENTS_API_KEY", "DATABASE_URL"]);

/** Unset or blank → undefined; otherwise the trimmed text. */
const text = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}, z.string().optional());

function number(what: string, min: number, max: number, fallback: number, whole = false) {
  return text.pipe(
    z
      .string()
      .regex(whole ? /^\d+$/ : /^\d+(\.\d+)?$/, what)
      .transform(Number)
      .refine((value) => value >= min && value <= max, what)
      .optional()
      .transform((value) => value ?? fallback),
  );
}

function flag(fallback: boolean) {
  return text.pipe(
    z
      .enum(["1", "0"], { error: 'expected "1" or "0"' })
      .optional()
      .transform((value) => (value === undefined ? fallback : value === "1")),
  );
}

function url(what: string) {
  return text.pipe(
    z
      .string()
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), what)
      .transform((value) => value.replace(/\/+$/, ""))
      .optional(),
  );
}

const region = text.pipe(z.string().refine(isValidRegion, "expected a region such as us-east-1").optional());

/** `us-east-1,us-west-2` or `profile@region` items. */
const scopes = text.pipe(
  z
    .string()
    .transform((value, ctx) =>
      value.split(",").map((item) => {
        const trimmed = item.trim();
        const at = trimmed.lastIndexOf("@");
        const profile = at < 0 ? "" : trimmed.slice(0, at);
        const region = trimmed.slice(at + 1);
        if (!isValidRegion(region) || (profile !== "" && !isValidProfile(profile))) {
          ctx.addIssue({
            code: "custom",
            message: `expected regions or profile@region items; "${trimmed}" is neither`,
          });
          return z.NEVER;
        }
        return { region, profile };
      }),
    )
    .optional(),
);

const schema = z.object({
  NODE_ENV: text,
  PORT: number("expected a port number (1–65535)", 1, 65_535, 3000, true),

  // Where IVS is, and as whom (the AWS SDK reads the credential variables itself).
  AWS_REGION: region,
  AWS_DEFAULT_REGION: region,
  AWS_PROFILE: text.pipe(
    z.string().refine(isValidProfile, "expected a profile name (letters, digits and _.@+-, at most 64)").optional(),
  ),
  AWS_CONFIG_FILE: text,
  AWS_SHARED_CREDENTIALS_FILE: text,
  IVS_ENDPOINT: url("expected an http(s) URL such as http://127.0.0.1:4599"),
  IVS_STRICT_RESPONSES: flag(false),

  // Observation (server/observe/runtime.ts).
  CONSOLE_COLLECTOR: text.pipe(
    z
      .string()
      .toLowerCase()
      .pipe(z.enum(["on", "off"], { error: 'expected "on" or "off"' }))
      .optional()
      .transform((value) => value !== "off"),
  ),
  CONSOLE_OBSERVE_REGIONS: scopes,
  CONSOLE_RETENTION_DAYS: number("expected a number of days between 1 and 3650", 1, 3650, 30),
  CONSOLE_EVENTS_API_KEY: text.pipe(z.string().max(512, "expected at most 512 characters").optional()),
  CONSOLE_WEBHOOK_ALLOW_PRIVATE: flag(false),
  CONSOLE_PUBLIC_URL: url("expected an http(s) URL such as https://console.example.com"),

  // The console's database and accounts: PostgreSQL when DATABASE_URL is set, else SQLite at CONSOLE_DB_PATH.
  DATABASE_URL: text.pipe(
    z
      .string()
      .refine(
        (value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value),
        "expected a postgres:// URL (leave it unset for SQLite at CONSOLE_DB_PATH)",
      )
      .optional(),
  ),
  CONSOLE_DB_PATH: text.pipe(z.string().default("data/console.db")),
  CONSOLE_ADMIN_USER: text.pipe(
    z
      .string()
      .default("admin")
      .refine(
        (value) => Username.safeParse(value).success,
        "expected a user name: 3–64 lower-case letters, digits, '.', '_', '@' and '-', starting and ending with a letter or digit",
      )
      .transform((value) => Username.parse(value)),
  ),
  CONSOLE_ADMIN_PASSWORD: text.pipe(
    z
      .string()
      .min(minPasswordLength, `expected at least ${minPasswordLength} characters`)
      .max(256, "expected at most 256 characters")
      .optional(),
  ),
  CONSOLE_SECURE_COOKIES: flag(false),
  CONSOLE_SESSION_IDLE_MINUTES: number("expected a number of minutes between 1 and 10080", 1, 10_080, 30),
  CONSOLE_SESSION_MAX_HOURS: number("expected a number of hours between 1 and 8760", 1, 8760, 12),
  CONSOLE_SIGNIN_MAX_FAILURES: number("expected a whole number between 1 and 1000", 1, 1000, 5, true),
  CONSOLE_SIGNIN_MAX_FAILURES_PER_IP: number("expected a whole number between 1 and 100000", 1, 100_000, 20, true),
  CONSOLE_SIGNIN_LOCKOUT_MINUTES: number("expected a number of minutes between 1 and 10080", 1, 10_080, 15),
});

type Parsed = z.infer<typeof schema>;

export interface ConsoleEnv extends Parsed {
  /** AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. */
  readonly region: string;
  /** Observed from the start: CONSOLE_OBSERVE_REGIONS, else the default region. */
  readonly observeScopes: readonly { readonly region: string; readonly profile: string }[];
  /** Output drift fails loudly outside production, or in production with IVS_STRICT_RESPONSES=1. */
  readonly strictResponses: boolean;
}

/** A bad environment: one line per variable, naming it and what it expects (never a secret's value). */
export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Bad environment:\n${problems.map((line) => `  ${line}`).join("\n")}`);
    this.name = "EnvError";
  }
}

type Source = Readonly<Record<string, string | undefined>>;
const names = Object.keys(schema.shape) as (keyof Parsed)[];

/** Parses `source` (pure; throws `EnvError`). */
export function parseEnv(source: Source): ConsoleEnv {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const raw = source[name];
      const shown = secret.has(name) || raw === undefined ? "" : ` (got "${raw.trim().slice(0, 80)}")`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new EnvError(problems);
  }
  const parsed = result.data;
  const region = parsed.AWS_REGION ?? parsed.AWS_DEFAULT_REGION ?? defaultRegion;
  return {
    ...parsed,
    region,
    observeScopes: parsed.CONSOLE_OBSERVE_REGIONS ?? [{ region, profile: "" }],
    strictResponses: parsed.NODE_ENV !== "production" || parsed.IVS_STRICT_RESPONSES,
  };
}

let cached: { key: string; env: ConsoleEnv } | undefined;

/**
 * The parsed environment of this process. Parsed once; parsed again only when a variable changed (tests set
 * `process.env` between cases).
 */
export function env(): ConsoleEnv {
  const key = names.map((name) => process.env[name] ?? "\u0001").join("\u0000");
  if (cached?.key !== key) cached = { key, env: parseEnv(process.env) };
  return cached.env;
}

/** At server start: a bad value stops the process (exit 1) with a message naming each bad variable. */
export function checkEnv(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`Console not started. ${error.message}`);
    process.exit(1);
  }
}
