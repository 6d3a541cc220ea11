"use client";

import { Can } from "@/components/auth/can";
import { DeferredDialog } from "@/components/ui/deferred-dialog";
import type { ConsoleContext } from "@/lib/context";

/** "Create stage" (admins): the dialog (form, schemas) loads when the button is first used. */
export function CreateStageButton(props: {
  context: ConsoleContext;
  storageConfigurations: readonly { arn: string; name?: string }[];
}) {
  return (
    <Can perform="CreateStage">
      <DeferredDialog
        label="Create stage"
        load={() => import("./create-stage-dialog").then((m) => m.CreateStageDialog)}
        props={props}
      />
    </Can>
  );
}
