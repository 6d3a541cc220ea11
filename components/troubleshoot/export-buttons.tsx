"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** Saves text as a file through a temporary object URL. */
export function download(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Export as JSON / CSV, and copy a link to this exact view. */
export function ExportButtons({
  what,
  json,
  csv,
  disabled,
}: {
  /** "participant timeline" / "session swimlane": part of the accessible names. */
  what: string;
  json: () => { fileName: string; text: string };
  csv: () => { fileName: string; text: string };
  disabled?: boolean;
}) {
  return (
    <div role="group" aria-label={`Export and share the ${what}`} className="flex flex-wrap items-center gap-1">
      <Button
        className="px-2 py-0.5 text-xs"
        disabled={disabled}
        aria-label={`Download the ${what} as JSON`}
        onClick={() => {
          const file = json();
          download(file.fileName, "application/json", file.text);
        }}
      >
        JSON
      </Button>
      <Button
        className="px-2 py-0.5 text-xs"
        disabled={disabled}
        aria-label={`Download the ${what} as CSV`}
        onClick={() => {
          const file = csv();
          download(file.fileName, "text/csv;charset=utf-8", file.text);
        }}
      >
        CSV
      </Button>
      <CopyLink what={what} />
    </div>
  );
}

/** Copies the page's current URL, which holds the window and the filters (read at click time). */
function CopyLink({ what }: { what: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      className="px-2 py-0.5 text-xs"
      aria-label={`Copy a link to this view of the ${what}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(window.location.href);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          toast.error("Copy failed: the browser refused clipboard access.");
        }
      }}
    >
      {copied ? "Link copied" : "Copy link"}
    </Button>
  );
}
