"use client";

import { useId, useState, type ReactNode } from "react";
import type { ErrorInfo, Result } from "@/lib/result";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { ErrorPanel } from "./error-panel";
import { inputClass } from "./field";

/**
 * A destructive action: a dialog that names the resource, then in progress, then success (closes) or the
 * failure with its AWS code and a Retry. For live resources, `live` says what the action would cut off (who is
 * connected, what is running) above everything else, and `typeToConfirm` keeps the button disabled until the
 * resource's name has been typed exactly.
 */
export function ConfirmDialog<T>({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  action,
  onDone,
  children,
  live,
  typeToConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  action: () => Promise<Result<T>>;
  onDone: (data: T) => void;
  children?: ReactNode;
  /** What is live on the resource now; shown as a warning (omit when nothing is). */
  live?: ReactNode;
  /** The text to type before the action is allowed (the resource's name). */
  typeToConfirm?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const [typed, setTyped] = useState("");
  const typeId = useId();
  const confirmed = typeToConfirm === undefined || typed === typeToConfirm;

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await action();
      if (result.ok) {
        setTyped("");
        onOpenChange(false);
        onDone(result.data);
      } else setError(result.error);
    } catch {
      setError({ code: "NetworkError", message: "The console's server could not be reached.", retryable: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!busy) {
          setError(undefined);
          setTyped("");
          onOpenChange(next);
        }
      }}
      title={title}
      description={description}
    >
      {live ? (
        <div role="alert" className="mb-3 rounded border border-live/60 bg-live/10 px-3 py-2 text-sm text-room-100">
          {live}
        </div>
      ) : null}
      {children}
      {typeToConfirm !== undefined ? (
        <form
          className="mb-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (confirmed && !busy) void run();
          }}
        >
          <label htmlFor={typeId} className="mb-1 block text-xs font-medium text-room-300">
            Type <strong className="select-all font-mono text-room-100">{typeToConfirm}</strong> to confirm
          </label>
          <input
            id={typeId}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            className={`${inputClass} font-mono`}
          />
        </form>
      ) : null}
      {error ? (
        <div className="mb-3">
          <ErrorPanel title={`${confirmLabel} failed`} error={error} />
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button
          onClick={() => {
            setError(undefined);
            setTyped("");
            onOpenChange(false);
          }}
          disabled={busy}
        >
          Cancel
        </Button>
        <Button variant="danger" busy={busy} disabled={!confirmed} onClick={run}>
          {error ? "Retry" : confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
