"use client";

import type { InputCheck } from "@/lib/ivs/input-check";
import type { OperationName } from "@/lib/ivs/operations";
import { afterLoadModule, useAfterLoadModule } from "./after-load";

const inputChecks = afterLoadModule(() => import("@/lib/ivs/input-check"));

const notYetChecked: InputCheck = { ok: true, errors: {} };

/**
 * Live validation of a form that is on the page from the start (not in a dialog) against the operation's shared
 * shape. The shapes and zod (about 30 KB gzip) load once the page has loaded instead of with it; until they
 * arrive nothing is flagged, and a submit in that moment is still validated by the server action.
 */
export function useInputCheck(name: OperationName, input: unknown): InputCheck {
  const checks = useAfterLoadModule(inputChecks, "the input checks");
  return checks ? checks.checkInput(name, input) : notYetChecked;
}
