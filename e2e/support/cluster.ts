import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";
import pg from "pg";

/**
 * e2e (and bench) support for several console instances: a PostgreSQL database of their own on the test cluster
 * (TEST_DATABASE_URL, from scripts/pg-cluster.sh; CI exports it), console instances started from the suite's
 * production build (NEXT_DIST_DIR), and a small round-robin HTTP proxy in front of them, as a load balancer
 * would be. Everything here is started and stopped by the spec itself.
 */

export interface TestDatabase {
  readonly url: string;
  query<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh database on the test cluster (dropped by `drop`). */
export async function createTestDatabase(clusterUrl: string): Promise<TestDatabase> {
  const name = `p2_e2e_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  client.on("error", () => {});
  await client.connect();
  return {
    url: url.toString(),
    query: async <T extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
      (await client.query<T>(text, values)).rows,
    drop: async () => {
      await client.end().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
    },
  };
}

/** The pid of the instance holding the observation lease now (its holder id is host:pid:random), if any. */
export async function leaseHolderPid(database: TestDatabase): Promise<number | undefined> {
  const rows = await database.query<{ holder: string; expires_at: number }>(
    "SELECT holder, expires_at FROM cluster_leases WHERE name = 'observation'",
  );
  const row = rows[0];
  if (!row || Number(row.expires_at) < Date.now()) return undefined;
  return Number(row.holder.split(":")[1]);
}

export interface ConsoleInstance {
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `next start` on the suite's build, with its output in `logDir/<name>.log`; resolves once it answers. */
export async function startConsoleInstance(options: {
  readonly name: string;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly logDir: string;
}): Promise<ConsoleInstance> {
  mkdirSync(options.logDir, { recursive: true });
  const log = createWriteStream(join(options.logDir, `${options.name}.log`));
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(options.port), "-H", "127.0.0.1"],
    { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  await until(
    `${options.name} on ${url}`,
    async () => {
      if (gone)
        throw new Error(`${options.name} exited before it was ready (see ${options.logDir}/${options.name}.log)`);
      const response = await fetch(`${url}/sign-in`, { redirect: "manual" });
      return response.status < 400 ? true : undefined;
    },
    90_000,
  ).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  return {
    port: options.port,
    url,
    process: child,
    pid: child.pid ?? 0,
    exited,
    kill: (signal = "SIGTERM") => void child.kill(signal),
  };
}

export interface ProxyRecord {
  readonly method: string;
  readonly path: string;
  readonly backend: number;
  /** A server action call (Next's `next-action` header). */
  readonly action: boolean;
  readonly at: number;
}

export interface RoundRobinProxy {
  readonly url: string;
  /** Every request answered, with the backend (index) that answered it. */
  readonly records: ProxyRecord[];
  /**
   * The next request that `matches` goes to this backend (a test's way to choose who answers a server action or a
   * page load); every other request keeps its round-robin turn.
   */
  pinNext(backend: number, matches: (request: { method: string; path: string; action: boolean }) => boolean): void;
  /** `event: change` messages relayed from each backend's SSE streams, with their times. */
  readonly changes: { backend: number; at: number }[];
  close(): Promise<void>;
}

/**
 * A round-robin HTTP proxy over `backends`, as small as a load balancer can be: it keeps the Host header (so
 * Next's server-action origin check sees the proxy's address, as behind a real load balancer), streams answers
 * unbuffered (SSE included), and retries a request on the next backend when one refuses the connection (passive
 * health check), so a dead instance costs the browsers nothing but a reconnect.
 */
export async function startRoundRobinProxy(backends: readonly number[], port: number): Promise<RoundRobinProxy> {
  let turn = 0;
  const pins: { backend: number; matches: (request: { method: string; path: string; action: boolean }) => boolean }[] =
    [];
  const records: ProxyRecord[] = [];
  const changes: { backend: number; at: number }[] = [];

  function forward(
    index: number,
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
    onAnswer: (answer: IncomingMessage, backend: number) => void,
    onFail: (error: Error) => void,
    attemptsLeft: number,
  ): void {
    const backend = index % backends.length;
    const upstream = request({ hostname: "127.0.0.1", port: backends[backend], method, path, headers }, (answer) =>
      onAnswer(answer, backend),
    );
    upstream.on("error", (error) => {
      if (attemptsLeft > 1) forward(index + 1, method, path, headers, body, onAnswer, onFail, attemptsLeft - 1);
      else onFail(error);
    });
    upstream.end(body);
  }

  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const method = incoming.method ?? "GET";
      const path = incoming.url ?? "/";
      const action = incoming.headers["next-action"] !== undefined;
      const pin = pins.findIndex((candidate) => candidate.matches({ method, path, action }));
      const first = pin >= 0 ? (pins.splice(pin, 1)[0]?.backend ?? 0) : turn++;
      forward(
        first,
        method,
        path,
        incoming.headers,
        Buffer.concat(chunks),
        (answer, backend) => {
          records.push({ method, path, backend, action, at: Date.now() });
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          outgoing.flushHeaders();
          if (path.startsWith("/api/live"))
            answer.on("data", (chunk: Buffer) => {
              for (const _ of String(chunk).matchAll(/^event: change$/gm)) changes.push({ backend, at: Date.now() });
            });
          answer.pipe(outgoing);
          outgoing.on("close", () => answer.destroy());
          // A backend that dies mid-answer (an SSE stream) cuts the browser's connection too, as a load balancer
          // does: the browser then reconnects, through the proxy, to a live backend.
          answer.on("close", () => {
            if (!answer.complete) outgoing.destroy();
          });
        },
        () => {
          if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "text/plain" });
          outgoing.end("no backend answered");
        },
        backends.length,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    changes,
    pinNext: (backend, matches) => void pins.push({ backend, matches }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
