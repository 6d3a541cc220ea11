"use client";

import { useState } from "react";
import { toast } from "sonner";
import { useHydrated } from "./use-hydrated";

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      aria-label={label}
      disabled={!hydrated}
      className="rounded border border-room-700 px-1.5 py-0.5 text-xs text-room-300 hover:border-room-500 hover:text-room-100 disabled:cursor-not-allowed disabled:opacity-60"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          toast.error("Copy failed: the browser refused clipboard access.");
        }
      }}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
