import "server-only";
import { contextFrom, type ConsoleContext } from "@/lib/context";
import { requirePageUser } from "@/server/auth/request";
import { defaultIvsRegion } from "@/server/ivs/config";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The region/profile a page shows, from its URL — for a signed-in user only: without a valid session the page
 * redirects to `/sign-in?next=<this page>` before anything is read.
 */
export async function pageContext(searchParams: SearchParams): Promise<ConsoleContext> {
  await requirePageUser();
  return contextFrom(await searchParams, defaultIvsRegion());
}
