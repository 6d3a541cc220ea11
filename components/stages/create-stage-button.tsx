"use client";

import { DeferredDialog } from "@/components/ui/deferred-dialog";
import type { ConsoleContext } from "@/lib/context";

/** "Create stage": the dialog (form, schemas) loads when the button is first used. */
export function CreateStageButton(props: { context: ConsoleContext; storageConfigurations: readonly { arn: string; name?: string }[] }) {
  return <DeferredDialog label="Create stage" load={() => import("./create-stage-dialog").then((m) => m.CreateStageDialog)} props={props} />;
}
