"use client";

import { lazy, Suspense, type ReactNode } from "react";

// Radix (focus trap, Escape, aria wiring) is loaded the first time any dialog opens, not with every page.
const DialogImpl = lazy(() => import("./dialog-impl"));

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}

/** A modal dialog in the console's style; renders nothing while closed. */
export function Dialog(props: DialogProps) {
  if (!props.open) return null;
  return (
    <Suspense fallback={null}>
      <DialogImpl {...props} />
    </Suspense>
  );
}
