"use client";

import { useInputCheck } from "@/components/hooks/use-input-check";
import { useQueryClient } from "@tanstack/react-query";
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
import { ivsKeys } from "@/lib/query-keys";
import type { ErrorInfo } from "@/lib/result";
import { link, routes } from "@/lib/routes";

export function StageActions({ context, stageArn, name }: { context: ConsoleContext; stageArn: string; name: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const input = { arn: stageArn, name: newName };
  const check = useInputCheck("UpdateStage", input);

  async function rename(event: React.FormEvent) {
    event.preventDefault();
    if (!check.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await updateStageAction(context, input);
      if (result.ok) {
        setRenaming(false);
        toast.success(`Stage renamed to ${newName || "(unnamed)"}`);
        await queryClient.invalidateQueries({ queryKey: ivsKeys.all(context) });
      } else setError(result.error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex gap-2">
      <Can perform="UpdateStage">
        <Button onClick={() => setRenaming(true)}>Rename</Button>
      </Can>
      <Can perform="DeleteStage">
        <Button variant="danger" onClick={() => setDeleting(true)}>
          Delete stage
        </Button>
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
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete stage ${name || "(unnamed)"}?`}
        description={
          <>
            Deleting <strong>{name || stageArn}</strong> disconnects every participant now and detaches its ingest configurations. This cannot be undone.
          </>
        }
        confirmLabel="Delete stage"
        action={() => deleteStageAction(context, { arn: stageArn })}
        onDone={async () => {
          toast.success(`Stage ${name || "(unnamed)"} deleted`);
          await queryClient.invalidateQueries({ queryKey: ivsKeys.all(context) });
          router.push(link(context, routes.stages()));
        }}
      />
    </div>
  );
}
