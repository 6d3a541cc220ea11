import "server-only";
import { collectPages, type AllPages, type ListItem, type ListName } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import type { InputOf } from "@/lib/ivs/operations";
import { redactSecrets } from "@/lib/ivs/redact";
import { isObserved, observedRead } from "@/server/observe/reads";
import { upstream } from "./upstream";

/**
 * Every page of a List operation for a page's first paint, secrets masked: from the observation store for what
 * the collector observes (one page, with its coverage), through the shared upstream cache for the rest.
 */
export async function readAllPages<N extends ListName>(
  context: ConsoleContext,
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
): Promise<AllPages<ListItem<N>>> {
  const all = await collectPages(name, input, (pageInput: InputOf<N>) =>
    isObserved(name) ? observedRead(name, pageInput as never, context) : upstream().read(name, pageInput, context),
  );
  return { ...all, items: redactSecrets(all.items) };
}
