"use client";

import { useAllPages } from "@/components/hooks/use-all-pages";
import type { AllPages, ListItem } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { slowPollMs } from "@/lib/query-keys";
import type { Result } from "@/lib/result";
import { okData } from "./common";
import { EncoderSection } from "./encoder-section";
import { IngestSection } from "./ingest-section";
import { StorageSection } from "./storage-section";

export interface ConfigurationsInitial {
  readonly encoders: Result<AllPages<ListItem<"ListEncoderConfigurations">>>;
  readonly storage: Result<AllPages<ListItem<"ListStorageConfigurations">>>;
  readonly ingest: Result<AllPages<ListItem<"ListIngestConfigurations">>>;
  readonly stages: Result<AllPages<ListItem<"ListStages">>>;
}

/** The three configuration kinds, each polled and paginated on its own. */
export function ConfigurationsView({ context, initial }: { context: ConsoleContext; initial: ConfigurationsInitial }) {
  // Stage names for the ingest table and the attach selects (the same query the stages page polls).
  const stages = useAllPages(
    context,
    "ListStages",
    { maxResults: 100 },
    { pollMs: slowPollMs, initialData: okData(initial.stages) },
  );
  return (
    <div className="space-y-8">
      <EncoderSection context={context} initial={initial.encoders} />
      <StorageSection context={context} initial={initial.storage} />
      <IngestSection context={context} initial={initial.ingest} stages={stages.data?.items ?? []} />
    </div>
  );
}
