"use client";

import { useState, type ReactNode } from "react";
import type { ErrorInfo, Result } from "@/lib/result";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { ErrorPanel } from "./error-panel";

/**
 * A destructive action: a dialog that names the resource, then in progress, then success (closes) or the
 * failure with its AWS code and a Retry.
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
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  action: () => Promise<Result<T>>;
  onDone: (data: T) => void;
  children?: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await action();
      if (result.ok) {
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
          onOpenChange(next);
        }
      }}
      title={title}
      description={description}
    >
      {children}
      {error ? (
        <div className="mb-3">
          <ErrorPanel title={`${confirmLabel} failed`} error={error} />
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button
          onClick={() => {
            setError(undefined);
            onOpenChange(false);
          }}
          disabled={busy}
        >
          Cancel
        </Button>
        <Button variant="danger" busy={busy} onClick={run}>
          {error ? "Retry" : confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
