import "server-only";

/**
 * The one error type of the IVS transport.
 * - `service`: IVS answered with an error status (code from `x-amzn-ErrorType`, message from `exceptionMessage`);
 * - `network`: the connection failed or was reset;
 * - `timeout`: no answer within the attempt timeout;
 * - `aborted`: the caller's AbortSignal fired;
 * - `invalid-response`: a 2xx whose body does not match the declared output shape (drift).
 */
export type IvsErrorKind = "service" | "network" | "timeout" | "aborted" | "invalid-response";

export class IvsError extends Error {
  readonly kind: IvsErrorKind;
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly operation: string;
  readonly attempts: number;

  constructor(init: {
    kind: IvsErrorKind;
    code: string;
    message: string;
    operation: string;
    status?: number;
    requestId?: string;
    retryable: boolean;
    attempts?: number;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "IvsError";
    this.kind = init.kind;
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.operation = init.operation;
    this.attempts = init.attempts ?? 1;
  }

  withAttempts(attempts: number): IvsError {
    return new IvsError({
      kind: this.kind,
      code: this.code,
      message: this.message,
      operation: this.operation,
      status: this.status,
      requestId: this.requestId,
      retryable: this.retryable,
      cause: this.cause,
      attempts,
    });
  }
}

/** Error codes AWS SDKs treat as throttling (retryable with the throttling backoff base). */
const throttlingCodes = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
]);

export function isThrottling(status: number, code: string): boolean {
  return status === 429 || throttlingCodes.has(code);
}

export function isTransientStatus(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}

/** `x-amzn-ErrorType` may carry `:<url>` or a `namespace#` prefix; keep the bare code (as the SDK does). */
export function normalizeErrorCode(raw: string): string {
  const first = raw.split(",")[0] ?? raw;
  const noUrl = first.split(":")[0] ?? first;
  const hash = noUrl.lastIndexOf("#");
  return (hash >= 0 ? noUrl.slice(hash + 1) : noUrl).trim();
}

/** What the UI shows for a failed IVS call: readable text plus the AWS code and request id. */
export interface UserFacingError {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly retryable: boolean;
}

const friendly: Record<string, string> = {
  ResourceNotFoundException: "That resource does not exist (or no longer exists) in this account and region.",
  ValidationException: "IVS rejected the input.",
  ConflictException: "IVS refused because of the resource's current state.",
  ServiceQuotaExceededException: "A service quota would be exceeded.",
  AccessDeniedException: "The AWS credentials in use are not allowed to do this.",
  ThrottlingException: "IVS is throttling requests; try again in a moment.",
  UnrecognizedClientException: "The AWS access key is not recognised.",
  InvalidSignatureException: "The request signature was rejected (check the secret key and the clock).",
  MissingAuthenticationTokenException: "No AWS credentials were sent.",
  CredentialsProviderError: "No AWS credentials found (environment, profile or instance role).",
};

/** The single place where an error becomes a user-facing message. Never includes secrets. */
export function toUserFacingError(error: unknown): UserFacingError {
  if (error instanceof IvsError) {
    const lead = friendly[error.code];
    const detail = error.kind === "service" && error.message && error.message !== lead ? error.message : "";
    return {
      code: error.code,
      message: [lead, detail].filter(Boolean).join(" ") || error.message,
      requestId: error.requestId,
      retryable: error.retryable,
    };
  }
  if (error instanceof Error && error.name === "CredentialsProviderError") {
    return {
      code: "CredentialsProviderError",
      message: friendly.CredentialsProviderError ?? error.message,
      retryable: false,
    };
  }
  return { code: "InternalError", message: "Something went wrong on the console's server.", retryable: true };
}
