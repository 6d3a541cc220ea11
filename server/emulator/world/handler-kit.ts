import type { OperationName } from "@/lib/ivs/operations";
import type { OperationHandlers } from "../contract";

/** The handlers of a few operations; resource modules return these and handlers.ts merges them. */
export type HandlerGroup<K extends OperationName> = Pick<OperationHandlers, K>;
