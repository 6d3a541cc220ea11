"use client";

import type { ButtonHTMLAttributes } from "react";
import { useHydrated } from "./use-hydrated";

type Variant = "primary" | "secondary" | "danger" | "ghost";

const variants: Record<Variant, string> = {
  primary: "bg-accent text-room-950 hover:bg-accent/90 font-medium",
  secondary: "border border-room-700 bg-room-850 text-room-100 hover:border-room-500",
  danger: "bg-live text-room-950 hover:bg-live/90 font-medium",
  ghost: "text-room-300 hover:bg-room-850 hover:text-room-100",
};

/**
 * The console's button. Its handlers are JavaScript, so it stays disabled until the page has hydrated: on a
 * cold load a click that the page cannot handle yet must not look possible (the button then enables itself).
 */
export function Button({
  variant = "secondary",
  busy = false,
  className = "",
  children,
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; busy?: boolean }) {
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      {...props}
      disabled={disabled || busy || !hydrated}
      aria-busy={busy || undefined}
      className={`inline-flex items-center justify-center gap-1.5 rounded px-3 py-1.5 text-sm disabled:cursor-not-allowed disabled:opacity-60 ${variants[variant]} ${className}`}
    >
      {busy ? (
        <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" />
      ) : null}
      {children}
    </button>
  );
}
