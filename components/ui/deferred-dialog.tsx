"use client";

import { useState, type ComponentType } from "react";
import { Button } from "./button";

type Variant = "primary" | "secondary" | "danger" | "ghost";

/**
 * A button that looks like a dialog's trigger but loads the dialog's module (its form, schemas, zod) only when
 * pressed — or hovered/focused, to hide the delay. Once loaded, the real component renders, already open.
 */
export function DeferredDialog<P extends object>({
  label,
  variant = "primary",
  disabled,
  load,
  props,
}: {
  label: string;
  variant?: Variant;
  disabled?: boolean;
  load: () => Promise<ComponentType<P & { defaultOpen?: boolean }>>;
  props: P;
}) {
  const [Loaded, setLoaded] = useState<ComponentType<P & { defaultOpen?: boolean }> | null>(null);
  const [busy, setBusy] = useState(false);
  if (Loaded) return <Loaded {...props} defaultOpen />;
  const prefetch = () => void load().catch(() => undefined);
  return (
    <Button
      variant={variant}
      disabled={disabled}
      busy={busy}
      onPointerEnter={prefetch}
      onFocus={prefetch}
      onClick={async () => {
        setBusy(true);
        try {
          const component = await load();
          setLoaded(() => component);
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </Button>
  );
}
