import type { z } from "zod";
import type { OperationName, operations } from "@/lib/ivs/operations";

/** Who is calling and where: derived from the verified SigV4 credential scope. */
export interface RequestContext {
  readonly account: string;
  readonly region: string;
  readonly requestId: string;
  readonly operation: OperationName;
}

/** The validated input of an operation (after the shared zod input schema parsed it). */
export type HandlerInput<N extends OperationName> = z.output<(typeof operations)[N]["input"]>;
/** The wire form of an operation's output (timestamps as ISO-8601 strings). */
export type HandlerOutput<N extends OperationName> = z.input<(typeof operations)[N]["output"]>;

export type OperationHandler<N extends OperationName> = (
  input: HandlerInput<N>,
  ctx: RequestContext,
) => HandlerOutput<N> | Promise<HandlerOutput<N>>;

export type OperationHandlers = { readonly [N in OperationName]: OperationHandler<N> };
