/**
 * An error the emulator answers with, in the wire form IVS uses: HTTP status, `x-amzn-ErrorType`
 * header, and a JSON body. Modeled IVS errors carry `exceptionMessage`; the generic AWS
 * authentication and throttling errors carry `message` (see docs/emulator.md).
 */
export class EmulatorError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly bodyKey: "exceptionMessage" | "message" = "exceptionMessage",
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}

export const validation = (message: string) => new EmulatorError("ValidationException", 400, message);
export const notFound = (message: string) => new EmulatorError("ResourceNotFoundException", 404, message);
export const conflict = (message: string) => new EmulatorError("ConflictException", 409, message);
export const quotaExceeded = (message: string) => new EmulatorError("ServiceQuotaExceededException", 402, message);
export const internal = (message: string) => new EmulatorError("InternalServerException", 500, message);
