import type { z } from "zod";

export type HttpMethod = "GET" | "POST" | "DELETE";

/**
 * How one IVS Real-Time operation travels on the wire (restJson1) and what it carries.
 * Members named in `{braces}` inside `path` are bound to the path (percent-encoded as one segment);
 * members listed in `query` are bound to repeated query parameters; every other input member goes
 * into the JSON body (POST only).
 */
export interface OperationSpec<
  Name extends string = string,
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
  Items extends string | undefined = string | undefined,
> {
  readonly name: Name;
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: readonly string[];
  readonly input: Input;
  readonly output: Output;
  /** List operations: the member of the output holding the page's items. */
  readonly items?: Items;
  /** Output members bound to response headers (member name → header name). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Documented API rate quota per account and region (transactions per second); absent when undocumented. */
  readonly tps?: number;
  /** Whether the operation changes state (used for auth, audit and upstream caching). */
  readonly mutating: boolean;
}

export function defineOperation<
  const Name extends string,
  Input extends z.ZodType,
  Output extends z.ZodType,
  const Items extends string | undefined = undefined,
>(spec: OperationSpec<Name, Input, Output, Items>): OperationSpec<Name, Input, Output, Items> {
  return spec;
}
