/**
 * The emulator's logger. Callers pass structured fields; nothing logs request bodies, headers or
 * credentials (participant tokens and stream keys are sensitive in the API model).
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function line(level: string, message: string, fields: LogFields | undefined): string {
  const extra = Object.entries(fields ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(" ");
  return `[ivs-emulator] ${level} ${message}${extra === "" ? "" : ` ${extra}`}`;
}

/** Writes one line per entry to stderr (stdout carries only the "ready" line). */
export const consoleLogger: Logger = {
  info: (message, fields) => console.error(line("info", message, fields)),
  warn: (message, fields) => console.error(line("warn", message, fields)),
  error: (message, fields) => console.error(line("error", message, fields)),
};

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
