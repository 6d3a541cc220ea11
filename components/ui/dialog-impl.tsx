"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import type { DialogProps } from "./dialog";

/** The Radix implementation behind `Dialog` (loaded the first time a dialog opens). */
export default function DialogImpl({ open, onOpenChange, title, description, children, wide = false }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <RadixDialog.Content
          className={`fixed left-1/2 top-[10vh] z-50 max-h-[80vh] w-[92vw] -translate-x-1/2 overflow-y-auto rounded-lg border border-room-700 bg-room-900 p-5 shadow-2xl ${wide ? "max-w-2xl" : "max-w-md"}`}
        >
          <RadixDialog.Title className="text-base font-semibold text-room-100">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1 text-sm text-room-300">{description}</RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>
          )}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
