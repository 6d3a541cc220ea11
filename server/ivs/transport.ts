import "server-only";
import { randomUUID } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { operations, type InputOf, type OperationName, type OutputOf } from "@/lib/ivs/operations";
import { env } from "@/server/env";
import { getIvsTarget, defaultIvsRegion, type IvsTarget } from "./config";
import { credentialsFor } from "./credentials";
import { IvsError, isThrottling, isTransientStatus, normalizeErrorCode } from "./errors";
import { nodeHttpSend, type HttpAnswer, type HttpSend } from "./http";
import { buildWireRequest, encodeLabel, type WireRequest } from "./wire";

export interface CallOptions {
  /** Region of the call; defaults to AWS_REGION. */
  readonly region?: string;
  /** Named profile of the shared AWS config/credentials files; defaults to the standard chain. */
  readonly profile?: string;
  readonly signal?: AbortSignal;
  /** Per-attempt timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Total attempts including the first (default 3, as the SDK's standard retry mode). */
  readonly maxAttempts?: number;
  /** Told the request id of a successful answer (the audit trail records it; failures carry it in IvsError). */
  readonly onRequestId?: (requestId: string | undefined) => void;
}

type CredentialsProvider = ReturnType<typeof credentialsFor>;

export interface TransportDeps {
  readonly send: HttpSend;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly target: (region: string) => IvsTarget;
  readonly credentials: (profile?: string) => CredentialsProvider;
  /** Check every response against its output schema and fail on drift (default: outside production). */
  readonly strictResponses: boolean;
  readonly onDrift: (operation: string, issues: string[]) => void;
}

const maxBackoffMs = 20_000;
const baseDelayMs = 100;
const throttlingBaseDelayMs = 500;
const retryableNetworkCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

const defaultDeps: TransportDeps = {
  send: nodeHttpSend,
  random: Math.random,
  sleep: abortableSleep,
  target: getIvsTarget,
  credentials: credentialsFor,
  strictResponses: env().strictResponses,
  onDrift: (operation, issues) =>
    console.warn(`[ivs] ${operation} response does not match its shape: ${issues.join("; ")}`),
};

/** Full-jitter exponential backoff, as the AWS SDK's standard retry mode; honours `Retry-After`. */
export function backoffDelay(
  attempt: number,
  throttled: boolean,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const base = throttled ? throttlingBaseDelayMs : baseDelayMs;
  const computed = random() * Math.min(maxBackoffMs, base * 2 ** (attempt - 1));
  return Math.min(maxBackoffMs, Math.max(computed, retryAfterMs ?? 0));
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function serviceError(operation: string, response: HttpAnswer): IvsError {
  const text = response.text;
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    // a non-JSON error body (e.g. from a proxy) still yields a code from the status
  }
  const rawCode = response.header("x-amzn-errortype") ?? body.code ?? body.__type;
  const code = typeof rawCode === "string" && rawCode ? normalizeErrorCode(rawCode) : `Http${response.status}`;
  const rawMessage = body.exceptionMessage ?? body.message ?? body.Message;
  const message = typeof rawMessage === "string" && rawMessage ? rawMessage : response.statusText || code;
  return new IvsError({
    kind: "service",
    code,
    message,
    operation,
    status: response.status,
    requestId: response.header("x-amzn-requestid"),
    retryable: isThrottling(response.status, code) || isTransientStatus(response.status),
  });
}

function failureFromThrown(
  operation: string,
  error: unknown,
  callerSignal: AbortSignal | undefined,
  timedOut = false,
): IvsError {
  if (error instanceof IvsError) return error;
  if (callerSignal?.aborted) {
    return new IvsError({
      kind: "aborted",
      code: "AbortError",
      message: "The request was aborted",
      operation,
      retryable: false,
      cause: error,
    });
  }
  if (timedOut) {
    return new IvsError({
      kind: "timeout",
      code: "TimeoutError",
      message: "IVS did not answer in time",
      operation,
      retryable: true,
      cause: error,
    });
  }
  const code = networkCode(error) ?? "NetworkError";
  return new IvsError({
    kind: "network",
    code,
    message: `Could not reach IVS (${code})`,
    operation,
    retryable: retryableNetworkCodes.has(code) || code === "NetworkError",
    cause: error,
  });
}

/** One attempt's signal: aborts on the caller's signal or after the attempt timeout (cheaper than AbortSignal.any). */
function attemptController(callerSignal: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("attempt timed out", "TimeoutError"));
  }, timeoutMs);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}

export function createTransport(overrides: Partial<TransportDeps> = {}) {
  const deps: TransportDeps = { ...defaultDeps, ...overrides };
  const signers = new Map<string, SignatureV4>();

  function signerFor(region: string, profile: string | undefined): SignatureV4 {
    const key = `${region}\u0000${profile ?? ""}`;
    let signer = signers.get(key);
    if (!signer) {
      signer = new SignatureV4({
        credentials: deps.credentials(profile),
        region,
        service: "ivs",
        sha256: Hash.bind(null, "sha256"),
        applyChecksum: true,
      });
      signers.set(key, signer);
    }
    return signer;
  }

  async function send(
    wire: WireRequest,
    target: IvsTarget,
    options: CallOptions,
    signal: AbortSignal,
  ): Promise<HttpAnswer> {
    const url = new URL(target.endpoint);
    const headers: Record<string, string> = { host: url.host };
    if (wire.body !== undefined) headers["content-type"] = "application/json";
    const request = new HttpRequest({
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      method: wire.method,
      path: (url.pathname === "/" ? "" : url.pathname) + wire.path,
      query: wire.query,
      headers,
      body: wire.body,
    });
    const signed = await signerFor(target.region, options.profile).sign(request);
    // RFC 3986 encoding (a space is %20, never '+'), the same form the signature covers.
    const qs = Object.entries(wire.query)
      .flatMap(([key, values]) => values.map((value) => `${encodeLabel(key)}=${encodeLabel(value)}`))
      .join("&");
    url.pathname = signed.path;
    url.search = qs ? `?${qs}` : "";
    return deps.send({ url, method: wire.method, headers: signed.headers, body: wire.body, signal });
  }

  function decode<N extends OperationName>(name: N, response: HttpAnswer): OutputOf<N> {
    const requestId = response.header("x-amzn-requestid");
    let json: unknown;
    try {
      // `null` members are treated as absent (older IVS responses sent e.g. `"layout": null`).
      json = response.text
        ? JSON.parse(response.text, (_key, value: unknown) => (value === null ? undefined : value))
        : {};
    } catch (cause) {
      throw new IvsError({
        kind: "invalid-response",
        code: "InvalidResponse",
        message: "IVS returned a body that is not JSON",
        operation: name,
        requestId,
        retryable: false,
        cause,
      });
    }
    const headerMembers = operations[name].responseHeaders;
    if (headerMembers && json && typeof json === "object") {
      for (const [member, header] of Object.entries(headerMembers)) {
        const value = response.header(header);
        if (value !== undefined) (json as Record<string, unknown>)[member] = value;
      }
    }
    const result = operations[name].output.safeParse(json);
    if (result.success) return result.data as OutputOf<N>;
    const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    if (deps.strictResponses) {
      throw new IvsError({
        kind: "invalid-response",
        code: "InvalidResponse",
        message: `IVS response does not match the ${name} output shape: ${issues.join("; ")}`,
        operation: name,
        requestId,
        retryable: false,
      });
    }
    deps.onDrift(name, issues);
    return json as OutputOf<N>;
  }

  /** Calls one IVS Real-Time operation: signs, sends, retries like the SDK's standard mode, decodes. */
  async function call<N extends OperationName>(
    name: N,
    input: InputOf<N>,
    options: CallOptions = {},
  ): Promise<OutputOf<N>> {
    const spec = operations[name];
    const payload: object =
      name === "StartComposition" && !(input as { idempotencyToken?: string }).idempotencyToken
        ? { ...input, idempotencyToken: randomUUID() } // made once, reused on every retry
        : input;
    const wire = buildWireRequest(spec, payload);
    const target = deps.target(options.region ?? defaultIvsRegion());
    const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      const attemptSignal = attemptController(options.signal, options.timeoutMs ?? 10_000);
      let failure: IvsError;
      let retryAfterMs: number | undefined;
      try {
        const response = await send(wire, target, options, attemptSignal.signal);
        if (response.status >= 200 && response.status < 300) {
          options.onRequestId?.(response.header("x-amzn-requestid"));
          return decode(name, response);
        }
        retryAfterMs = parseRetryAfter(response.header("retry-after") ?? null);
        failure = serviceError(name, response);
      } catch (error) {
        failure = failureFromThrown(name, error, options.signal, attemptSignal.timedOut());
      } finally {
        attemptSignal.dispose();
      }
      if (!failure.retryable || attempt >= maxAttempts) throw failure.withAttempts(attempt);
      const throttled = failure.kind === "service" && isThrottling(failure.status ?? 0, failure.code);
      await deps
        .sleep(backoffDelay(attempt, throttled, retryAfterMs, deps.random), options.signal)
        .catch((error: unknown) => {
          throw failureFromThrown(name, error, options.signal).withAttempts(attempt);
        });
    }
  }

  return { call };
}

export type Transport = ReturnType<typeof createTransport>;

let shared: Transport | undefined;

/** The process-wide transport used by the verb functions. */
export function transport(): Transport {
  shared ??= createTransport();
  return shared;
}
