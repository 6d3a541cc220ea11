"use client";

import { useCan } from "@/components/auth/role-provider";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { disconnectParticipantAction } from "@/app/actions/stages";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, TextInput } from "@/components/ui/field";
import type { ConsoleContext } from "@/lib/context";
import { ivsKeys } from "@/lib/query-keys";

/** Disconnect one participant, with a reason, after a confirmation that names them. */
export function DisconnectButton({ context, stageArn, participantId, userId }: { context: ConsoleContext; stageArn: string; participantId: string; userId?: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const allowed = useCan("DisconnectParticipant");
  const who = userId ? `${userId} (${participantId})` : participantId;
  if (!allowed) return null;
  return (
    <>
      <Button variant="ghost" className="text-live" onClick={() => setOpen(true)} aria-label={`Disconnect ${who}`}>
        Disconnect
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Disconnect ${who}?`}
        description="They leave the stage now and their token is revoked: they cannot rejoin with it."
        confirmLabel="Disconnect"
        action={() => disconnectParticipantAction(context, { stageArn, participantId, ...(reason ? { reason } : {}) })}
        onDone={async () => {
          toast.success(`${who} disconnected`);
          setReason("");
          await queryClient.invalidateQueries({ queryKey: ivsKeys.all(context) });
        }}
      >
        <Field label="Reason (optional, up to 128 characters)">
          {(props) => <TextInput {...props} maxLength={128} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Off-topic" />}
        </Field>
      </ConfirmDialog>
    </>
  );
}
