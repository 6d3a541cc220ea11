"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchAllPages, type AllPages, type ListItem, type ListName } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import type { InputOf } from "@/lib/ivs/operations";
import { isPushed } from "@/lib/observe/live";
import { livePollInterval } from "@/lib/observe/live-status";
import { ivsKeys, slowPollMs } from "@/lib/query-keys";

/** All pages of a List operation, polled, with progress (items loaded, pages) while the first load runs. */
export function useAllPages<N extends ListName>(
  context: ConsoleContext,
  name: N,
  input: Omit<InputOf<N>, "nextToken">,
  options: { pollMs?: number; initialData?: AllPages<ListItem<N>> } = {},
) {
  const [progress, setProgress] = useState({ loaded: 0, pages: 0 });
  const query = useQuery({
    queryKey: ivsKeys.allPages(context, name, input),
    queryFn: ({ signal }) =>
      fetchAllPages(context, name, input, (loaded, pages) => setProgress({ loaded, pages }), signal),
    refetchInterval: () => livePollInterval(options.pollMs ?? slowPollMs, isPushed(name)),
    initialData: options.initialData,
    initialDataUpdatedAt: options.initialData?.fetchedAt,
  });
  return { ...query, progress };
}
