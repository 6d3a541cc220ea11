"use client";

import { useEffect, useState } from "react";
import type { InputCheck } from "@/lib/ivs/input-check";
import { afterLoad } from "./after-load";
import type { OperationName } from "@/lib/ivs/operations";

type Checker = (name: OperationName, input: unknown) => InputCheck;

let loading: Promise<Checker> | undefined;
let loaded: Checker | undefined;

function load(): Promise<Checker> {
  loading ??= afterLoad()
    .then(() => import("@/lib/ivs/input-check"))
    .then((module) => (loaded = module.checkInput));
  return loading;
}

const notYetChecked: InputCheck = { ok: true, errors: {} };

/**
 * Live validation of a form that is on the page from the start (not in a dialog) against the operation's shared
 * shape. The shapes and zod (about 30 KB gzip) load once the page has loaded instead of with it; until they
 * arrive nothing is flagged, and a submit in that moment is still validated by the server action.
 */
export function useInputCheck(name: OperationName, input: unknown): InputCheck {
  const [checker, setChecker] = useState<Checker | undefined>(() => loaded);
  useEffect(() => {
    if (!checker) void load().then((next) => setChecker(() => next));
  }, [checker]);
  return checker ? checker(name, input) : notYetChecked;
}
