"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * The error boundary of every page: what went wrong (without server details, which Next hides in production)
 * and a Retry that re-fetches the page's server data and renders it again.
 */
export default function ErrorBoundary({ error, reset }: { error: unknown; reset: () => void }) {
  const router = useRouter();
  const [retrying, startTransition] = useTransition();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  const message =
    error instanceof Error && !digest ? error.message : "The page failed while loading on the console's server.";

  return (
    <div role="alert" className="max-w-2xl rounded border border-live/40 bg-live/10 p-5">
      <h1 className="text-lg font-semibold text-room-100">Something went wrong</h1>
      <p className="mt-2 text-sm text-room-100">{message}</p>
      <p className="mt-1 text-sm text-room-300">
        This is usually temporary (IVS or the network did not answer). Retry, or go back to the{" "}
        <Link href="/" className="text-accent hover:underline">
          overview
        </Link>
        .
      </p>
      {digest ? (
        <p className="mt-2 font-mono text-xs text-room-300">Error id {digest} (in the console&apos;s server log)</p>
      ) : null}
      <div className="mt-4">
        <Button
          variant="primary"
          busy={retrying}
          onClick={() =>
            startTransition(() => {
              router.refresh();
              reset();
            })
          }
        >
          Retry
        </Button>
      </div>
    </div>
  );
}
