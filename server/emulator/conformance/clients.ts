/**
 * The two clients the conformance scenarios run with, behind one interface: the official
 * `@aws-sdk/client-ivs-realtime` (unmodified `IVSRealTimeClient`, endpoint override, real HTTP) and the
 * console's own signed transport (`createTransport` from server/ivs/transport.ts). Both report a call as an
 * `Outcome`, so one scenario table can assert the same codes and statuses for both.
 */
import * as sdk from "@aws-sdk/client-ivs-realtime";
import { expect } from "vitest";
import type { OperationName } from "@/lib/ivs/operations";
import { IvsError } from "@/server/ivs/errors";
import { createTransport } from "@/server/ivs/transport";
import { REGION, testCredentials } from "./harness";

export type ClientKind = "sdk" | "ours";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface CallOptions {
  readonly region?: string;
  readonly credentials?: Credentials;
  /** Total attempts (both clients default to 3). */
  readonly maxAttempts?: number;
  /** SigV4 signing name; only the SDK can be configured with another one than `ivs`. */
  readonly signingName?: string;
}

export type Output = Record<string, unknown>;

export type Outcome =
  | { readonly ok: true; readonly output: Output; readonly attempts: number }
  | {
      readonly ok: false;
      /** `x-amzn-ErrorType` as the client saw it (SDK: `error.name`; ours: `IvsError.code`). */
      readonly code: string;
      readonly status: number | undefined;
      /** `exceptionMessage` for modeled IVS errors, `message` for the generic AWS ones. */
      readonly message: string;
      /** SDK: the error is an instance of its typed exception class (or of the service base class for unmodeled codes). */
      readonly typed: boolean;
      readonly attempts: number;
      readonly error: unknown;
    };

export interface ClientUnderTest {
  readonly kind: ClientKind;
  call(name: OperationName, input: object, options?: CallOptions): Promise<Outcome>;
  /** Matches a timestamp as this client returns it: the SDK gives `Date`s, ours ISO-8601 strings. */
  time(ms?: number): unknown;
  /** Release sockets (SDK clients keep their own agents). */
  close(): void;
}

// ---- the official SDK -------------------------------------------------------------------------------------

type SdkCommand = Parameters<sdk.IVSRealTimeClient["send"]>[0];
type CommandConstructor = new (input: object) => SdkCommand;

function commandFor(name: OperationName): CommandConstructor {
  const ctor = (sdk as unknown as Record<string, unknown>)[`${name}Command`];
  if (typeof ctor !== "function") throw new Error(`the SDK has no ${name}Command`);
  return ctor as CommandConstructor;
}

/** The SDK's typed exception class for each modeled error code. */
const modeledErrors: Readonly<Record<string, abstract new (...args: never[]) => sdk.IVSRealTimeServiceException>> = {
  ValidationException: sdk.ValidationException,
  ResourceNotFoundException: sdk.ResourceNotFoundException,
  ConflictException: sdk.ConflictException,
  ServiceQuotaExceededException: sdk.ServiceQuotaExceededException,
  AccessDeniedException: sdk.AccessDeniedException,
  InternalServerException: sdk.InternalServerException,
  PendingVerification: sdk.PendingVerification,
};

export function sdkErrorClassFor(code: string): string {
  return modeledErrors[code] ? code : "IVSRealTimeServiceException";
}

function withoutMetadata(output: object): Output {
  return Object.fromEntries(Object.entries(output).filter(([key]) => key !== "$metadata"));
}

export function sdkClient(endpoint: string): ClientUnderTest {
  const clients = new Map<string, sdk.IVSRealTimeClient>();
  function clientFor(options: CallOptions): sdk.IVSRealTimeClient {
    const credentials = options.credentials ?? testCredentials;
    const region = options.region ?? REGION;
    const key = JSON.stringify([region, credentials, options.maxAttempts ?? 3, options.signingName ?? ""]);
    let client = clients.get(key);
    if (!client) {
      // `signingName` is a resolved-config option the client type does not declare; a variable avoids the
      // excess-property check without modifying the client.
      const config = {
        region,
        endpoint,
        credentials: { ...credentials },
        maxAttempts: options.maxAttempts ?? 3,
        ...(options.signingName ? { signingName: options.signingName } : {}),
      };
      client = new sdk.IVSRealTimeClient(config);
      clients.set(key, client);
    }
    return client;
  }
  return {
    kind: "sdk",
    async call(name, input, options = {}) {
      try {
        const output = (await clientFor(options).send(new (commandFor(name))(input))) as {
          $metadata: { attempts?: number };
        };
        return { ok: true, output: withoutMetadata(output), attempts: output.$metadata.attempts ?? 1 };
      } catch (error) {
        if (!(error instanceof sdk.IVSRealTimeServiceException)) throw error;
        const modeled = modeledErrors[error.name];
        const typed = modeled
          ? error instanceof modeled
          : Object.getPrototypeOf(error) === sdk.IVSRealTimeServiceException.prototype;
        const exceptionMessage = (error as { exceptionMessage?: unknown }).exceptionMessage;
        return {
          ok: false,
          code: error.name,
          status: error.$metadata.httpStatusCode,
          message: typeof exceptionMessage === "string" ? exceptionMessage : error.message,
          typed,
          attempts: error.$metadata.attempts ?? 1,
          error,
        };
      }
    },
    time: (ms) => (ms === undefined ? expect.any(Date) : new Date(ms)),
    close() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

// ---- our transport ------------------------------------------------------------------------------------------

const isoMillis = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

type UntypedCall = (
  name: OperationName,
  input: object,
  options: { region?: string; maxAttempts?: number },
) => Promise<unknown>;

/**
 * `createTransport` aimed at the emulator. `onSleep` replaces the backoff wait (e.g. to advance the emulator's
 * manual clock instead of sleeping), so retries cost no real time.
 */
export function oursClient(endpoint: string, onSleep: (ms: number) => void = () => {}): ClientUnderTest {
  let sleeps = 0;
  const transports = new Map<string, UntypedCall>();
  function transportFor(options: CallOptions): UntypedCall {
    if (options.signingName !== undefined && options.signingName !== "ivs") {
      throw new Error("our transport always signs with service name ivs");
    }
    const credentials = options.credentials ?? testCredentials;
    const key = JSON.stringify(credentials);
    let call = transports.get(key);
    if (!call) {
      const transport = createTransport({
        target: (region) => ({ region, endpoint, isEmulator: true }),
        credentials: () => async () => ({ ...credentials }),
        sleep: async (ms) => {
          sleeps++;
          onSleep(ms);
        },
        random: () => 0.5,
        strictResponses: true,
      });
      call = transport.call as unknown as UntypedCall;
      transports.set(key, call);
    }
    return call;
  }
  return {
    kind: "ours",
    async call(name, input, options = {}) {
      const before = sleeps;
      try {
        const output = await transportFor(options)(name, input, {
          region: options.region ?? REGION,
          ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
        });
        return { ok: true, output: output as Output, attempts: sleeps - before + 1 };
      } catch (error) {
        if (!(error instanceof IvsError) || error.kind !== "service") throw error;
        return {
          ok: false,
          code: error.code,
          status: error.status,
          message: error.message,
          typed: true,
          attempts: error.attempts,
          error,
        };
      }
    },
    time: (ms) => (ms === undefined ? expect.stringMatching(isoMillis) : new Date(ms).toISOString()),
    close() {
      transports.clear();
    },
  };
}
