import { operations, type OperationName } from "./operations";
import { fieldErrors } from "./validation-message";

export interface InputCheck {
  readonly ok: boolean;
  /** Messages by field path ("" for the input as a whole), as the server action would return them. */
  readonly errors: Readonly<Record<string, string[]>>;
}

/** Checks an operation's input against its one declared shape (the same check the server action makes). */
export function checkInput(name: OperationName, input: unknown): InputCheck {
  const parsed = operations[name].input.safeParse(input);
  return parsed.success ? { ok: true, errors: {} } : { ok: false, errors: fieldErrors(parsed.error) };
}
