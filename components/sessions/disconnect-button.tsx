"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { disconnectParticipantAction } from "@/app/actions/stages";
import { useCan } from "@/components/auth/role-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, TextInput } from "@/components/ui/field";
import type { ConsoleContext } from "@/lib/context";
import { ivsKeys } from "@/lib/query-keys";

export interface DisconnectTarget {
  readonly participantId: string;
  readonly userId?: string;
}

const nameOf = ({ participantId, userId }: DisconnectTarget) => (userId ? `${userId} (${participantId})` : participantId);

/** The Disconnect button of one participant (operators and admins); what it opens is `DisconnectDialog`. */
export function DisconnectTrigger({ target, onOpen }: { target: DisconnectTarget; onOpen: (target: DisconnectTarget) => void }) {
  if (!useCan("DisconnectParticipant")) return null;
  return (
    <Button variant="ghost" className="text-live" onClick={() => onOpen(target)} aria-label={`Disconnect ${nameOf(target)}`}>
      Disconnect
    </Button>
  );
}

/**
 * The confirmation that names the participant and takes a reason. A table keeps one for all its rows, outside
 * them: a row that redraws (a poll, a sort, the table's code arriving) never closes it.
 */
export function DisconnectDialog({ context, stageArn, target, onClose }: { context: ConsoleContext; stageArn: string; target: DisconnectTarget | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const who = target ? nameOf(target) : "";
  return (
    <ConfirmDialog
      key={target?.participantId ?? "none"}
      open={Boolean(target)}
      onOpenChange={(open) => {
        if (open) return;
        setReason("");
        onClose();
      }}
      title={`Disconnect ${who}?`}
      description="They leave the stage now and their token is revoked: they cannot rejoin with it."
      confirmLabel="Disconnect"
      action={() => disconnectParticipantAction(context, { stageArn, participantId: target?.participantId ?? "", ...(reason ? { reason } : {}) })}
      onDone={async () => {
        toast.success(`${who} disconnected`);
        await queryClient.invalidateQueries({ queryKey: ivsKeys.all(context) });
      }}
    >
      <Field label="Reason (optional, up to 128 characters)">
        {(props) => <TextInput {...props} maxLength={128} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Off-topic" />}
      </Field>
    </ConfirmDialog>
  );
}

/** Disconnect one participant, with a reason, after a confirmation that names them. */
export function DisconnectButton({ context, stageArn, participantId, userId }: { context: ConsoleContext; stageArn: string; participantId: string; userId?: string }) {
  const [target, setTarget] = useState<DisconnectTarget | undefined>();
  return (
    <>
      <DisconnectTrigger target={{ participantId, ...(userId ? { userId } : {}) }} onOpen={setTarget} />
      <DisconnectDialog context={context} stageArn={stageArn} target={target} onClose={() => setTarget(undefined)} />
    </>
  );
}
