"use server";

import { runIvsMutation } from "@/server/actions/run";

// Thin and uniform, like app/actions/stages.ts. StartComposition arrives with the layout designer.
export async function stopCompositionAction(context: unknown, input: unknown) {
  return runIvsMutation("StopComposition", context, input);
}
