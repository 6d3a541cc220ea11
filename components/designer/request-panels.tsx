"use client";

import { useState } from "react";
import { useAllPages } from "@/components/hooks/use-all-pages";
import type { ListItem } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { parseTagText } from "@/components/resources/tags";
import type { LayoutWarning } from "@/lib/layout/types";
import { livePollMs } from "@/lib/query-keys";
import { preflightChecks, type EncoderFact, type PreflightInput } from "./checks";
import { DestinationsPanel } from "./destinations-panel";
import type { DestinationsForm, FieldErrors, LayoutInput } from "./forms";
import { buildStartRequest, requestErrorsWith } from "./request";
import { RequestSections } from "./section";
import type { ShapeChecks } from "./shape-checks";
import { StartPanel } from "./start-panel";

type Encoder = ListItem<"ListEncoderConfigurations">;
type Storage = ListItem<"ListStorageConfigurations">;

const noErrors: FieldErrors = {};

/**
 * The designer's request panels: the destinations form, the pre-flight checks, the exact StartComposition request
 * and Start. Loaded after the page (below the preview and the layout form), with the reads only they need.
 */
export function RequestPanels({
  context,
  stageArn,
  stage,
  publishers,
  layout,
  layoutErrors,
  layoutWarnings,
  destinations,
  onDestinationsChange,
  encoders,
  encoderFacts,
  storages,
  shapes,
}: {
  context: ConsoleContext;
  stageArn: string;
  stage: PreflightInput["stage"];
  publishers: number | undefined;
  layout: LayoutInput;
  layoutErrors: FieldErrors;
  layoutWarnings: readonly LayoutWarning[];
  destinations: DestinationsForm;
  onDestinationsChange: (form: DestinationsForm) => void;
  encoders: readonly Encoder[];
  encoderFacts: readonly EncoderFact[];
  /** Undefined until read. */
  storages: readonly Storage[] | undefined;
  /** The shared shapes; undefined while they load. */
  shapes: ShapeChecks | undefined;
}) {
  const [tags, setTags] = useState("");
  const compositions = useAllPages(context, "ListCompositions", {}, { pollMs: livePollMs });

  const parsedTags = parseTagText(tags);
  const request = buildStartRequest({
    stageArn,
    layout,
    destinations,
    ...(parsedTags.ok ? { tags: parsedTags.tags } : {}),
  });
  const problems = requestErrorsWith(
    shapes ? shapes.request(request) : noErrors,
    request,
    destinations,
    context.region,
  );
  const checks = preflightChecks(
    {
      stage,
      publishers,
      layoutErrors,
      requestErrors: problems,
      layoutWarnings,
      encoders: encoderFacts,
      compositions: compositions.data?.items,
      ...(destinations.s3.enabled && destinations.s3.storageArn && storages
        ? { storageExists: storages.some((s) => s.arn === destinations.s3.storageArn) }
        : {}),
    },
    shapes?.video,
  );

  return (
    <RequestSections
      destinations={
        <DestinationsPanel
          context={context}
          form={destinations}
          onChange={onDestinationsChange}
          errors={problems}
          encoders={encoders}
          storages={storages ?? []}
        />
      }
      start={
        <StartPanel
          context={context}
          checks={checks}
          checked={shapes !== undefined}
          request={request}
          tags={tags}
          onTagsChange={setTags}
          {...(parsedTags.ok ? {} : { tagsError: parsedTags.error })}
        />
      }
    />
  );
}
