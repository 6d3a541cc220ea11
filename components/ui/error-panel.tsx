import type { ErrorInfo } from "@/lib/result";

export function ErrorPanel({ title, error }: { title: string; error: ErrorInfo }) {
  return (
    <div role="alert" className="rounded border border-live/40 bg-live/10 px-4 py-3 text-sm">
      <p className="font-medium text-room-100">{title}</p>
      <p className="mt-1 text-room-100">{error.message}</p>
      <p className="mt-1 font-mono text-xs text-room-300">
        {error.code}
        {error.requestId ? ` · request ${error.requestId}` : ""}
      </p>
    </div>
  );
}
