"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/field";
import { formatTags, parseTags } from "@/lib/format";
import { attributesText, satisfies, type AttributeNeed } from "@/lib/layout/arrange";
import type { LayoutParticipant, LayoutResult } from "@/lib/layout/types";
import { participantHue } from "./layout-canvas";

export type ParticipantSource = "live" | "simulated";

export interface ParticipantRow extends LayoutParticipant {
  /** What the participant's token carries now (live), or the simulated attributes. */
  readonly actual: Readonly<Record<string, string>>;
  readonly attributesKnown?: boolean;
}

export const aspectChoices = [
  [16 / 9, "16:9"],
  [4 / 3, "4:3"],
  [1, "1:1"],
  [3 / 4, "3:4"],
  [9 / 16, "9:16"],
] as const;

function aspectValue(aspect: number | undefined): string {
  const found = aspectChoices.find(([value]) => Math.abs(value - (aspect ?? 16 / 9)) < 0.001);
  return found ? found[1] : "16:9";
}

/** Edits attributes as `key=value, …` text; applied on Enter or when leaving the field (invalid text is shown, not applied). */
function AttributesInput({
  label,
  value,
  onCommit,
}: {
  label: string;
  value: Readonly<Record<string, string>>;
  onCommit: (attributes: Record<string, string>) => void;
}) {
  const formatted = formatTags(value);
  const [text, setText] = useState(formatted);
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  function commit() {
    const parsed = parseTags(text);
    if (!parsed.ok) return setError(parsed.error);
    setError(undefined);
    if (formatTags(parsed.tags) !== formatted) onCommit(parsed.tags);
  }
  return (
    <div className="min-w-48">
      <input
        id={id}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`${inputClass} font-mono text-xs`}
        value={text}
        spellCheck={false}
        placeholder="key=value, …"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            commit();
          }
        }}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-live">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Needs({
  needs,
  actual,
  orderMatches,
  orderKey,
}: {
  needs: readonly AttributeNeed[];
  actual: Readonly<Record<string, string>>;
  orderMatches: boolean;
  orderKey?: string;
}) {
  if (needs.length === 0) return <span className="text-xs text-room-300">none (no attribute names set)</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Token attributes needed">
      {needs.map((need) => {
        const ok = need.key === orderKey && orderMatches ? true : satisfies(actual, need);
        const text = need.value === null ? `${need.key} ≠ true` : `${need.key}=${need.value}`;
        const has = actual[need.key];
        return (
          <li
            key={need.key}
            className={`rounded px-1.5 py-0.5 font-mono text-[11px] ${ok ? "bg-ok/15 text-ok" : "bg-warn/15 text-warn"}`}
            title={
              ok
                ? "The token already carries this"
                : has === undefined
                  ? "The token does not carry this attribute"
                  : `The token carries ${need.key}=${has}`
            }
          >
            {ok ? "✓" : "✗"} {text}
            <span className="sr-only">
              {ok ? " (already carried)" : has === undefined ? " (missing)" : ` (token has ${has})`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The participants in composed order with their arrangement controls (keyboard alternative to dragging),
 * their attributes, and the token attributes each would need for IVS to compose this arrangement.
 */
export function ParticipantsPanel({
  source,
  rows,
  result,
  needs,
  orderMatches,
  orderKey,
  pipEnabled,
  onMove,
  onMark,
  onUpdate,
  onRemove,
}: {
  source: ParticipantSource;
  rows: readonly ParticipantRow[];
  result: LayoutResult;
  needs: ReadonlyMap<string, readonly AttributeNeed[]>;
  orderMatches: boolean;
  orderKey?: string;
  pipEnabled: boolean;
  onMove: (id: string, toPosition: number) => void;
  onMark: (what: "featured" | "pip", id: string, on: boolean) => void;
  onUpdate: (id: string, patch: Partial<LayoutParticipant>) => void;
  onRemove?: (id: string) => void;
}) {
  const omitted = new Map(result.omitted.map((o) => [o.participantId, o.reason]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const composed = result.order.map((id) => byId.get(id)).filter((r): r is ParticipantRow => Boolean(r));
  const others = rows.filter((r) => omitted.has(r.id));
  const count = composed.length;

  const row = (participant: ParticipantRow, position: number | undefined) => {
    const isFeatured = result.featuredId === participant.id;
    const isPip = result.pipId === participant.id;
    const reason = omitted.get(participant.id);
    const participantNeeds = needs.get(participant.id) ?? [];
    const copyText = attributesText(participantNeeds);
    return (
      <li
        key={participant.id}
        className="rounded border border-room-700 bg-room-850 p-2"
        data-participant-row={participant.id}
      >
        <div className="flex flex-wrap items-center gap-2">
          <span
            aria-hidden
            className="h-3 w-3 rounded-sm"
            style={{ background: `hsl(${participantHue(participant.id)} 45% 45%)` }}
          />
          <span className="font-mono text-xs text-room-300">{position === undefined ? "—" : `#${position + 1}`}</span>
          {source === "simulated" ? (
            <input
              aria-label={`Name of ${participant.name}`}
              className={`${inputClass} w-36 py-1 text-sm`}
              value={participant.name}
              onChange={(e) => onUpdate(participant.id, { name: e.target.value })}
            />
          ) : (
            <span className="text-sm font-medium text-room-100">{participant.name}</span>
          )}
          {source === "live" ? <code className="font-mono text-[11px] text-room-300">{participant.id}</code> : null}
          {isFeatured ? (
            <span className="rounded bg-accent px-1 text-[11px] font-semibold text-room-950">Featured</span>
          ) : null}
          {isPip ? <span className="rounded bg-warn px-1 text-[11px] font-semibold text-room-950">PiP</span> : null}
          {reason ? (
            <span className="rounded bg-room-800 px-1 text-[11px] text-room-300">
              {reason === "not-publishing" ? "not publishing: not composed" : "video stopped: omitted"}
            </span>
          ) : null}
          <span className="ml-auto flex flex-wrap gap-1">
            {position !== undefined ? (
              <>
                <Button
                  className="px-2 py-0.5 text-xs"
                  disabled={position === 0}
                  onClick={() => onMove(participant.id, position - 1)}
                  aria-label={`Move ${participant.name} earlier`}
                >
                  ↑
                </Button>
                <Button
                  className="px-2 py-0.5 text-xs"
                  disabled={position >= count - 1}
                  onClick={() => onMove(participant.id, position + 1)}
                  aria-label={`Move ${participant.name} later`}
                >
                  ↓
                </Button>
                <Button
                  className="px-2 py-0.5 text-xs"
                  aria-pressed={isFeatured}
                  onClick={() => onMark("featured", participant.id, !isFeatured)}
                  aria-label={`Feature ${participant.name}`}
                >
                  Feature
                </Button>
                {pipEnabled ? (
                  <Button
                    className="px-2 py-0.5 text-xs"
                    aria-pressed={isPip}
                    onClick={() => onMark("pip", participant.id, !isPip)}
                    aria-label={`Put ${participant.name} in the PiP window`}
                  >
                    PiP
                  </Button>
                ) : null}
              </>
            ) : null}
            {onRemove ? (
              <Button
                variant="ghost"
                className="px-2 py-0.5 text-xs"
                onClick={() => onRemove(participant.id)}
                aria-label={`Remove ${participant.name}`}
              >
                Remove
              </Button>
            ) : null}
          </span>
        </div>
        <div className="mt-2 flex flex-wrap items-start gap-3 text-xs text-room-300">
          {source === "simulated" ? (
            <AttributesInput
              key={formatTags(participant.attributes)}
              label={`Attributes of ${participant.name}`}
              value={participant.attributes}
              onCommit={(attributes) => onUpdate(participant.id, { attributes })}
            />
          ) : (
            <span className="min-w-48">
              <span className="sr-only">Token attributes: </span>
              {participant.attributesKnown === false ? (
                "reading attributes…"
              ) : (
                <code className="font-mono text-room-100">{formatTags(participant.actual) || "no attributes"}</code>
              )}
            </span>
          )}
          {source === "simulated" ? (
            <label className="flex items-center gap-1">
              <input
                type="checkbox"
                aria-label={`Publishing (${participant.name})`}
                checked={participant.publishing}
                onChange={(e) => onUpdate(participant.id, { publishing: e.target.checked })}
              />
              Publishing
            </label>
          ) : null}
          <label className="flex items-center gap-1">
            <input
              type="checkbox"
              aria-label={`Video on (${participant.name})`}
              checked={participant.videoOn}
              onChange={(e) => onUpdate(participant.id, { videoOn: e.target.checked })}
              disabled={!participant.publishing}
            />
            Video on
          </label>
          <label className="flex items-center gap-1">
            Source
            <select
              className={`${inputClass} w-20 py-0.5 text-xs`}
              value={aspectValue(participant.aspect)}
              onChange={(e) =>
                onUpdate(participant.id, {
                  aspect: aspectChoices.find(([, label]) => label === e.target.value)?.[0] ?? 16 / 9,
                })
              }
              aria-label={`Source aspect of ${participant.name}`}
            >
              {aspectChoices.map(([, label]) => (
                <option key={label}>{label}</option>
              ))}
            </select>
          </label>
        </div>
        {position !== undefined ? (
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <span className="text-xs text-room-300">Token needs</span>
            <Needs
              needs={participantNeeds}
              actual={participant.actual}
              orderMatches={orderMatches}
              orderKey={orderKey}
            />
            {copyText ? <CopyButton value={copyText} label={`Copy the attributes ${participant.name} needs`} /> : null}
          </div>
        ) : null}
      </li>
    );
  };

  return (
    <div>
      {composed.length ? (
        <ol className="space-y-2" aria-label="Composed participants, in order">
          {composed.map((p, index) => row(p, index))}
        </ol>
      ) : null}
      {others.length ? (
        <>
          <h3 className="mb-1 mt-3 text-xs font-medium text-room-300">Not composed</h3>
          <ul className="space-y-2" aria-label="Participants not composed">
            {others.map((p) => row(p, undefined))}
          </ul>
        </>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-room-300">
          {source === "live" ? "Nobody is connected to this stage." : "No simulated participants: add one."}
        </p>
      ) : null}
    </div>
  );
}
