"use client";

import { Can } from "@/components/auth/can";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { startCompositionAction } from "@/app/actions/designer";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, TextInput } from "@/components/ui/field";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { invalidations } from "@/lib/query-keys";
import { networkError, type ErrorInfo } from "@/lib/result";
import { link, routes } from "@/lib/routes";
import { canStart, type Check } from "./checks";
import type { StartRequest } from "./forms";

const levelText: Record<Check["level"], { icon: string; word: string; tone: string }> = {
  ok: { icon: "✓", word: "OK", tone: "text-ok" },
  warn: { icon: "!", word: "Warning", tone: "text-warn" },
  error: { icon: "✕", word: "Error", tone: "text-live" },
  pending: { icon: "…", word: "Checking", tone: "text-room-300" },
  todo: { icon: "○", word: "To do", tone: "text-room-300" },
};

/** A new browser-made idempotency token (crypto.randomUUID where available). */
function newToken(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Pre-flight checks, the exact StartComposition request, and Start. One click makes one idempotency token; a
 * retry of the same request after a failure reuses it, and clicks while a start is in flight are ignored, so a
 * double click (or a retried request) creates one composition.
 */
export function StartPanel({
  context,
  checks,
  checked,
  request,
  tags,
  onTagsChange,
  tagsError,
}: {
  context: ConsoleContext;
  checks: readonly Check[];
  /** False while the shared shapes (zod) load: Start waits for them. */
  checked: boolean;
  request: StartRequest;
  tags: string;
  onTagsChange: (tags: string) => void;
  tagsError?: string;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const inFlight = useRef(false);
  const attempt = useRef<{ token: string; body: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const [token, setToken] = useState<string | undefined>();
  /** The request (JSON) the token belongs to, for the button's "Retry" wording. */
  const [attemptBody, setAttemptBody] = useState<string | undefined>();
  const ready = checked && canStart(checks) && !tagsError;
  const body = JSON.stringify(request);

  async function start() {
    if (inFlight.current || !ready) return;
    inFlight.current = true;
    // Same request after a failure = a retry: keep its token. Anything else is a new start: a new token.
    const retry = Boolean(error && attempt.current && attempt.current.body === body);
    if (!retry || !attempt.current) attempt.current = { token: newToken(), body };
    const { token: idempotencyToken } = attempt.current;
    setToken(idempotencyToken);
    setAttemptBody(body);
    setBusy(true);
    setError(undefined);
    try {
      const result = await startCompositionAction(context, { ...request, idempotencyToken });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const arn = result.data.composition?.arn;
      attempt.current = undefined;
      toast.success(arn ? `Composition ${arnId(arn)} is starting` : "Composition starting");
      await queryClient.invalidateQueries(invalidations.ivs(context));
      if (arn) router.push(link(context, routes.composition(arn)));
    } catch {
      setError(networkError);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  const json = JSON.stringify(request, null, 2);
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <div>
        <ul className="space-y-1.5" aria-label="Pre-flight checks">
          {checks.map((check) => {
            const level = levelText[check.level];
            return (
              <li
                key={check.id}
                className="flex gap-2 rounded border border-room-700 bg-room-850 px-3 py-2 text-sm"
                data-level={check.level}
              >
                <span aria-hidden className={`w-4 shrink-0 text-center font-bold ${level.tone}`}>
                  {level.icon}
                </span>
                <span className="min-w-0">
                  <span className="font-medium text-room-100">
                    <span className="sr-only">{level.word}: </span>
                    {check.title}
                  </span>
                  <span className="block text-xs text-room-300">{check.detail}</span>
                </span>
              </li>
            );
          })}
        </ul>
        <div className="mt-3">
          <Field
            label="Composition tags"
            hint="Optional key=value pairs, separated by commas."
            errors={tagsError ? [tagsError] : []}
          >
            {(props) => (
              <TextInput
                {...props}
                value={tags}
                onChange={(e) => onTagsChange(e.target.value)}
                placeholder="show=morning"
              />
            )}
          </Field>
        </div>
        {error ? (
          <div className="mb-3">
            <ErrorPanel title="The composition did not start" error={error} />
          </div>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Can
            perform="StartComposition"
            fallback={
              <p className="text-xs text-room-300">
                Starting a composition needs the operator role; you can still design and copy the request.
              </p>
            }
          >
            <Button variant="primary" busy={busy} disabled={!ready} onClick={() => void start()} className="px-4 py-2">
              {error && attemptBody === body ? "Retry start" : "Start composition"}
            </Button>
            <p className="text-xs text-room-300" aria-live="polite">
              {!checked
                ? "Checking the request…"
                : !ready
                  ? checks.some((check) => check.level === "error") || tagsError
                    ? "Fix the errors above to start."
                    : "Complete the to-dos above to start."
                  : busy
                    ? "Starting…"
                    : "Starts with one click; IVS reports ACTIVE after a few seconds."}
            </p>
          </Can>
        </div>
      </div>
      <div>
        <div className="mb-1 flex items-center justify-between gap-2">
          <h3 className="text-xs font-medium text-room-300">StartComposition request</h3>
          <CopyButton value={json} label="Copy the StartComposition request" />
        </div>
        <pre
          className="max-h-96 overflow-auto rounded bg-room-950 p-3 font-mono text-xs text-room-100"
          tabIndex={0}
          aria-label="StartComposition request JSON"
        >
          {json}
        </pre>
        <p className="mt-1 text-xs text-room-300">
          Start adds an <code className="font-mono">idempotencyToken</code> made for that click and reused if the
          request is retried
          {token ? (
            <>
              {" "}
              (last: <code className="font-mono">{token}</code>)
            </>
          ) : null}
          .
        </p>
      </div>
    </div>
  );
}
