import "server-only";
import type { Result } from "@/lib/result";
import { toUserFacingError } from "./errors";

/** Runs an IVS read for a page and turns any failure into a displayable error instead of a crash. */
export async function attempt<T>(load: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    return { ok: false, error: toUserFacingError(error) };
  }
}
