"use server";

import { runIvsMutation } from "@/server/actions/run";

// Thin and uniform: each action validates with the shared shape and calls IVS through one runner.
export async function importPublicKeyAction(context: unknown, input: unknown) {
  return runIvsMutation("ImportPublicKey", context, input);
}

export async function deletePublicKeyAction(context: unknown, input: unknown) {
  return runIvsMutation("DeletePublicKey", context, input);
}
