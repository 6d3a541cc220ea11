/**
 * Stage (g), dispatch: call the operation's handler and turn whatever it throws into a wire error.
 * An `EmulatorError` keeps its status, code and body key; anything else becomes a logged 500
 * InternalServerException (the log carries the error and request id, never the request body).
 */
import { EmulatorError } from "@/server/emulator/errors";
import type { Logger } from "@/server/emulator/http/logger";

export interface DispatchContext {
  readonly requestId: string;
  readonly operation: string;
}

/** Run `handler`; `undefined`/`null` results become `{}` (e.g. StartParticipantReplication). */
export async function invoke<I, C>(handler: (input: I, ctx: C) => unknown, input: I, ctx: C): Promise<unknown> {
  const result = await handler(input, ctx);
  return result ?? {};
}

export function internalError(requestId: string): EmulatorError {
  return new EmulatorError("InternalServerException", 500, `An internal error occurred (request id ${requestId}).`);
}

/** Map any thrown value to the error to send; unexpected errors are logged (no request data). */
export function toWireError(error: unknown, ctx: DispatchContext, logger: Logger): EmulatorError {
  if (error instanceof EmulatorError) return error;
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  logger.error("unexpected error", { requestId: ctx.requestId, operation: ctx.operation, error: detail });
  return internalError(ctx.requestId);
}
