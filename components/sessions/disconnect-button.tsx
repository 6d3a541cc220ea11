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
import { invalidations } from "@/lib/query-keys";
import type { ErrorInfo, Result } from "@/lib/result";

export interface DisconnectTarget {
  readonly participantId: string;
  readonly userId?: string;
}

const nameOf = ({ participantId, userId }: DisconnectTarget) =>
  userId ? `${userId} (${participantId})` : participantId;

/** The Disconnect button of one participant (operators and admins); what it opens is `DisconnectDialog`. */
export function DisconnectTrigger({
  target,
  onOpen,
}: {
  target: DisconnectTarget;
  onOpen: (target: DisconnectTarget) => void;
}) {
  if (!useCan("DisconnectParticipant")) return null;
  return (
    <Button
      variant="ghost"
      className="text-live"
      onClick={() => onOpen(target)}
      aria-label={`Disconnect ${nameOf(target)}`}
    >
      Disconnect
    </Button>
  );
}

/**
 * The confirmation that names the participants and takes a reason: one participant, or several selected at once
 * (each disconnected by its own audited action, one after another; a failure names who is still connected, and
 * Retry goes on with them only). A table keeps one for all its rows, outside them: a row that redraws (a poll,
 * a sort, the table's code arriving) never closes it.
 */
export function DisconnectDialog({
  context,
  stageArn,
  target,
  targets,
  onClose,
  onDone,
}: {
  context: ConsoleContext;
  stageArn: string;
  target?: DisconnectTarget | undefined;
  /** Several participants at once (takes the place of `target`). */
  targets?: readonly DisconnectTarget[] | undefined;
  onClose: () => void;
  /** After every one of them is disconnected. */
  onDone?: () => void;
}) {
  const list = targets?.length ? targets : target ? [target] : [];
  const identity = list.map((t) => t.participantId).join(",");
  return (
    <DisconnectConfirm
      key={identity || "none"}
      context={context}
      stageArn={stageArn}
      list={list}
      onClose={onClose}
      {...(onDone ? { onDone } : {})}
    />
  );
}

function DisconnectConfirm({
  context,
  stageArn,
  list,
  onClose,
  onDone,
}: {
  context: ConsoleContext;
  stageArn: string;
  list: readonly DisconnectTarget[];
  onClose: () => void;
  onDone?: () => void;
}) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [doneIds, setDoneIds] = useState<ReadonlySet<string>>(() => new Set());
  const many = list.length > 1;
  const who = many ? `${list.length} participants` : list[0] ? nameOf(list[0]) : "";
  const left = list.filter((t) => !doneIds.has(t.participantId));

  async function disconnectAll(): Promise<Result<number>> {
    const done = new Set(doneIds);
    const failed: { target: DisconnectTarget; error: ErrorInfo }[] = [];
    for (const t of list) {
      if (done.has(t.participantId)) continue;
      // One action per participant: each is checked, sent and audited on its own.
      const result = await disconnectParticipantAction(context, {
        stageArn,
        participantId: t.participantId,
        ...(reason ? { reason } : {}),
      });
      if (result.ok) {
        done.add(t.participantId);
        setDoneIds(new Set(done));
      } else failed.push({ target: t, error: result.error });
    }
    const first = failed[0];
    if (!first) return { ok: true, data: done.size };
    if (!many) return { ok: false, error: first.error };
    await queryClient.invalidateQueries(invalidations.ivs(context));
    return {
      ok: false,
      error: {
        ...first.error,
        message: `${done.size} of ${list.length} disconnected. Still connected: ${failed.map((f) => nameOf(f.target)).join(", ")}. ${first.error.message}`,
      },
    };
  }

  return (
    <ConfirmDialog
      open={list.length > 0}
      onOpenChange={(open) => {
        if (open) return;
        setReason("");
        onClose();
      }}
      title={`Disconnect ${who}?`}
      description={
        many
          ? "They leave the stage now and their tokens are revoked: they cannot rejoin with them. Each disconnect is sent and audited on its own."
          : "They leave the stage now and their token is revoked: they cannot rejoin with it."
      }
      confirmLabel={
        many ? `Disconnect ${left.length === list.length ? list.length : `the other ${left.length}`}` : "Disconnect"
      }
      action={disconnectAll}
      onDone={async () => {
        toast.success(many ? `${list.length} participants disconnected` : `${who} disconnected`);
        onDone?.();
        await queryClient.invalidateQueries(invalidations.ivs(context));
      }}
    >
      {many ? (
        <ul
          aria-label="Participants to disconnect"
          className="mb-3 max-h-48 space-y-0.5 overflow-y-auto rounded border border-room-700 px-3 py-2 text-sm"
        >
          {list.map((t) => (
            <li key={t.participantId} className="flex items-baseline justify-between gap-2">
              <span>
                {t.userId || "(no user id)"} <span className="font-mono text-xs text-room-300">{t.participantId}</span>
              </span>
              {doneIds.has(t.participantId) ? <span className="text-xs text-ok">disconnected</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {many && doneIds.size > 0 ? (
        <p className="mb-2 text-xs text-room-300" aria-live="polite">
          {doneIds.size} of {list.length} disconnected
        </p>
      ) : null}
      <Field label={`Reason (optional, up to 128 characters${many ? ", sent with each" : ""})`}>
        {(props) => (
          <TextInput
            {...props}
            maxLength={128}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Off-topic"
          />
        )}
      </Field>
    </ConfirmDialog>
  );
}

/** Disconnect one participant, with a reason, after a confirmation that names them. */
export function DisconnectButton({
  context,
  stageArn,
  participantId,
  userId,
}: {
  context: ConsoleContext;
  stageArn: string;
  participantId: string;
  userId?: string;
}) {
  const [target, setTarget] = useState<DisconnectTarget | undefined>();
  return (
    <>
      <DisconnectTrigger target={{ participantId, ...(userId ? { userId } : {}) }} onOpen={setTarget} />
      <DisconnectDialog context={context} stageArn={stageArn} target={target} onClose={() => setTarget(undefined)} />
    </>
  );
}
