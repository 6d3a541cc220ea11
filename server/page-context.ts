import "server-only";
import { contextFrom, type ConsoleContext } from "@/lib/context";
import { defaultIvsRegion } from "@/server/ivs/config";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The region/profile a page shows, from its URL. */
export async function pageContext(searchParams: SearchParams): Promise<ConsoleContext> {
  return contextFrom(await searchParams, defaultIvsRegion());
}
