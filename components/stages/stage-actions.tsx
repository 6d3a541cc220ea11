"use client";

import { useIvsAction } from "@/components/hooks/use-action";
import { useInputCheck } from "@/components/hooks/use-input-check";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Can } from "@/components/auth/can";
import { deleteStageAction, updateStageAction } from "@/app/actions/stages";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, TextInput } from "@/components/ui/field";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { sessionQueries, stageQueries } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";

/** Everyday stage actions, beside the stage's name (Delete lives apart, in `DeleteStageZone`). */
export function StageActions({ context, stageArn, name }: { context: ConsoleContext; stageArn: string; name: string }) {
  const update = useIvsAction(context, updateStageAction);
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(name);
  const { busy, error } = update;
  const input = { arn: stageArn, name: newName };
  const check = useInputCheck("UpdateStage", input);

  async function rename(event: React.FormEvent) {
    event.preventDefault();
    if (!check.ok) return;
    const result = await update.run(input);
    if (!result.ok) return;
    setRenaming(false);
    toast.success(`Stage renamed to ${newName || "(unnamed)"}`);
  }

  return (
    <div className="flex gap-2">
      <Can perform="UpdateStage">
        <Button onClick={() => setRenaming(true)}>Rename</Button>
      </Can>
      <Dialog open={renaming} onOpenChange={setRenaming} title="Rename stage">
        <form onSubmit={rename} noValidate>
          <Field label="Name" errors={[...(check.errors.name ?? []), ...(error?.fields?.name ?? [])]}>
            {(props) => <TextInput {...props} value={newName} onChange={(e) => setNewName(e.target.value)} />}
          </Field>
          {error && !error.fields ? <ErrorPanel title="Rename failed" error={error} /> : null}
          <div className="mt-3 flex justify-end gap-2">
            <Button onClick={() => setRenaming(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy} disabled={!check.ok}>
              Save
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * What deleting the stage would cut off right now: the people connected (and publishing) in its live session
 * and its running compositions. Read from the same polled queries as the page, so it is current while open.
 */
function useLiveSummary(context: ConsoleContext, stageArn: string, activeSessionId: string | undefined) {
  const participants = useQuery({
    ...sessionQueries(context, stageArn, activeSessionId ?? "st-0000000000000").participants(),
    enabled: Boolean(activeSessionId),
  });
  const compositions = useQuery(stageQueries(context).compositions(stageArn));
  const list = participants.data?.data.participants ?? [];
  const connected = list.filter((p) => p.state === "CONNECTED");
  const running = (compositions.data?.data.compositions ?? []).filter(
    (c) => c.state === "ACTIVE" || c.state === "STARTING",
  );
  return {
    loading: (Boolean(activeSessionId) && participants.isLoading) || compositions.isLoading,
    connected,
    publishing: connected.filter((p) => p.published),
    more: Boolean(participants.data?.data.nextToken),
    running,
  };
}

/**
 * Deleting a stage, apart from the everyday actions at the bottom of its page. The confirmation says what is
 * live (connected, publishing, compositions running) and asks for the stage's name to be typed.
 */
export function DeleteStageZone({
  context,
  stageArn,
  name,
  activeSessionId,
}: {
  context: ConsoleContext;
  stageArn: string;
  name: string;
  activeSessionId?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const label = name || arnId(stageArn);
  return (
    <Can perform="DeleteStage">
      <section aria-labelledby="danger-zone" className="rounded border border-live/50 p-4">
        <h2 id="danger-zone" className="text-sm font-semibold text-room-100">
          Danger zone
        </h2>
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <p className="max-w-2xl text-xs text-room-300">
            Deleting the stage ends its session for everyone in it, detaches its ingest configurations and cannot be
            undone.
          </p>
          <Button variant="danger" onClick={() => setOpen(true)}>
            Delete stage
          </Button>
        </div>
      </section>
      {open ? (
        <DeleteStageDialog
          context={context}
          stageArn={stageArn}
          label={label}
          activeSessionId={activeSessionId}
          onOpenChange={setOpen}
          onDone={() => {
            toast.success(`Stage ${label} deleted`);
            router.push(link(context, routes.stages()));
          }}
        />
      ) : null}
    </Can>
  );
}

function DeleteStageDialog({
  context,
  stageArn,
  label,
  activeSessionId,
  onOpenChange,
  onDone,
}: {
  context: ConsoleContext;
  stageArn: string;
  label: string;
  activeSessionId?: string;
  onOpenChange: (open: boolean) => void;
  onDone: () => void;
}) {
  const remove = useIvsAction(context, deleteStageAction);
  const live = useLiveSummary(context, stageArn, activeSessionId);
  const isLive = live.connected.length > 0 || live.running.length > 0;
  const names = live.connected.slice(0, 6).map((p) => p.userId || p.participantId || "?");
  return (
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      title={`Delete stage ${label}?`}
      description={
        <>
          Deleting <strong>{label}</strong> disconnects every participant now and detaches its ingest configurations.
          This cannot be undone.
        </>
      }
      live={
        live.loading ? (
          <p>Checking who is on the stage…</p>
        ) : isLive ? (
          <>
            <p className="font-semibold">This stage is live.</p>
            <ul className="mt-1 list-disc pl-5" aria-label="Live now">
              {live.connected.length > 0 ? (
                <li>
                  {live.more ? "At least " : ""}
                  {plural(live.connected.length, "participant")} connected (
                  {plural(live.publishing.length, "publishing", "publishing")}):{" "}
                  <span className="font-mono">
                    {names.join(", ")}
                    {live.connected.length > names.length ? ", …" : ""}
                  </span>
                </li>
              ) : null}
              {live.running.length > 0 ? (
                <li>
                  {plural(live.running.length, "composition")} running:{" "}
                  <span className="font-mono">{live.running.map((c) => arnId(c.arn)).join(", ")}</span>
                </li>
              ) : null}
            </ul>
          </>
        ) : undefined
      }
      typeToConfirm={label}
      confirmLabel="Delete stage"
      action={() => remove.run({ arn: stageArn })}
      onDone={onDone}
    />
  );
}
