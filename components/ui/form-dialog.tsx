"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import type { ActionMutation } from "@/components/hooks/use-action";
import { Button } from "./button";
import { Dialog, type DialogProps } from "./dialog";
import { ErrorPanel } from "./error-panel";
import { FormProblems } from "./form-problems";

// Built on `Dialog` (not a second dialog); a module of its own so that pages with only a ConfirmDialog do not
// carry the form scaffold in their first load.

export interface FormDialogProps extends Omit<DialogProps, "open" | "onOpenChange" | "title"> {
  /** What the dialog does ("Create stage"): its title, its submit button and the button that opens it. */
  readonly label: string;
  readonly defaultOpen?: boolean;
  /** Given by a caller that opens the dialog itself (then there is no trigger button). */
  readonly open?: boolean;
  readonly onOpenChange?: (open: boolean) => void;
  /** Clears the form: runs whenever the dialog closes (Cancel, Escape, after a successful submit). */
  readonly onClosed: () => void;
  readonly canSubmit: boolean;
  /** The action the form runs (components/hooks/use-action.ts): busy while it runs, its failure, reset on close. */
  readonly action: Pick<ActionMutation<never, unknown>, "busy" | "error" | "reset">;
  /** Runs on submit; resolves true to close the dialog (false: stay, e.g. to show a failure or a result). */
  readonly onSubmit: () => boolean | Promise<boolean>;
  /** The title of the failure panel, shown when the failure has no field messages (those show at their fields). */
  readonly errorTitle: string;
  /** Field messages listed under the form for fields that are not on screen, and which are. */
  readonly problems?: { readonly errors: Readonly<Record<string, readonly string[]>>; readonly shown: string[] };
  /** Shown instead of the form once it has done its work (e.g. what was imported), with a Done button. */
  readonly done?: ReactNode;
  readonly doneLabel?: string;
}

/**
 * The one scaffold of the console's create and import dialogs: the trigger button (or a caller-controlled `open`),
 * the form, the failure panel and field problems, and the Cancel / submit footer.
 */
export function FormDialog({
  label,
  defaultOpen = false,
  open,
  onOpenChange,
  onClosed,
  canSubmit,
  action,
  onSubmit,
  errorTitle,
  problems,
  done,
  doneLabel = "Done",
  children,
  ...dialog
}: FormDialogProps) {
  const [ownOpen, setOwnOpen] = useState(defaultOpen);
  const isOpen = open ?? ownOpen;
  const { busy, error } = action;
  const setOpen = (next: boolean) => {
    if (open === undefined) setOwnOpen(next);
    onOpenChange?.(next);
    if (!next) {
      action.reset();
      onClosed();
    }
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onSubmit()) setOpen(false);
  }
  return (
    <>
      {open === undefined ? (
        <Button variant="primary" onClick={() => setOpen(true)}>
          {label}
        </Button>
      ) : null}
      <Dialog {...dialog} title={label} open={isOpen} onOpenChange={setOpen}>
        {done ? (
          <div>
            {done}
            <div className="flex justify-end">
              <Button variant={doneLabel === "Done" ? "secondary" : "primary"} onClick={() => setOpen(false)}>
                {doneLabel}
              </Button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} noValidate>
            {children}
            {error && !error.fields ? <ErrorPanel title={errorTitle} error={error} /> : null}
            {problems ? (
              <FormProblems errors={{ ...problems.errors, ...(error?.fields ?? {}) }} shown={problems.shown} />
            ) : null}
            <div className="mt-4 flex justify-end gap-2">
              <Button onClick={() => setOpen(false)} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" busy={busy} disabled={!canSubmit}>
                {label}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
