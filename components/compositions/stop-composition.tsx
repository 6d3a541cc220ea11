"use client";

import { useState } from "react";
import { toast } from "sonner";
import { stopCompositionAction } from "@/app/actions/compositions";
import { Can } from "@/components/auth/can";
import { useIvsAction } from "@/components/hooks/use-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";

/** Stop a composition (operators and admins; hidden for viewers): a confirmation naming it (and its stage), then the polled views follow the state. */
export function StopCompositionButton({
  context,
  compositionArn,
  stageName,
  compact = false,
}: {
  context: ConsoleContext;
  compositionArn: string;
  stageName?: string;
  compact?: boolean;
}) {
  const stop = useIvsAction(context, stopCompositionAction);
  const [open, setOpen] = useState(false);
  const id = arnId(compositionArn);
  return (
    <Can perform="StopComposition">
      <Button
        variant={compact ? "secondary" : "danger"}
        className={compact ? "px-2 py-0.5 text-xs" : ""}
        onClick={() => setOpen(true)}
        aria-label={`Stop composition ${id}`}
      >
        Stop
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Stop composition ${id}?`}
        description={
          <>
            Composition <strong className="font-mono">{id}</strong>
            {stageName ? (
              <>
                {" "}
                of stage <strong>{stageName}</strong>
              </>
            ) : null}{" "}
            stops sending to all its destinations: channel output ends and the S3 recording is finalised. A stopped
            composition cannot be restarted; starting again creates a new one.
          </>
        }
        confirmLabel="Stop composition"
        action={() => stop.run({ arn: compositionArn })}
        onDone={() => toast.success(`Composition ${id} is stopping`)}
      />
    </Can>
  );
}
