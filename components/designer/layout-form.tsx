"use client";

import { useId, type ReactNode } from "react";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import type { LayoutResult } from "@/lib/layout/types";
import type { FieldErrors, GridForm, LayoutForm, LayoutKind, PipForm } from "./forms";

function Select<T extends string>({
  value,
  options,
  onChange,
  ...props
}: {
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}) {
  return (
    <select {...props} className={inputClass} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map(([option, label]) => (
        <option key={option} value={option}>
          {label}
        </option>
      ))}
    </select>
  );
}

function Check({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="mb-3">
      <label className="flex items-center gap-2 text-sm text-room-100" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-room-300">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const fillOptions = (defaultLabel: string) =>
  [
    ["", defaultLabel],
    ["COVER", "COVER: crop to fill the slot"],
    ["CONTAIN", "CONTAIN: letterbox inside the slot"],
    ["FILL", "FILL: stretch to the slot"],
  ] as const;

const attributeHint = "A token attribute name (letters, digits, - and _).";

/** Every LayoutConfiguration option as a control, with the shared shape's messages under each field. */
export function LayoutFormFields({
  form,
  onChange,
  errors,
  result,
}: {
  form: LayoutForm;
  onChange: (form: LayoutForm) => void;
  errors: FieldErrors;
  result: LayoutResult;
}) {
  const groupId = useId();
  const kind = form.kind;
  const setGrid = (patch: Partial<GridForm>) => onChange({ ...form, grid: { ...form.grid, ...patch } });
  const setPip = (patch: Partial<PipForm>) => onChange({ ...form, pip: { ...form.pip, ...patch } });
  const messages = (key: string) => [...(errors[`${kind}.${key}`] ?? [])];
  const common = kind === "grid" ? form.grid : form.pip;
  const setCommon = (patch: Partial<GridForm & PipForm>) => (kind === "grid" ? setGrid(patch) : setPip(patch));
  const derivedPip = result.pipSlot;

  return (
    <div>
      <fieldset className="mb-4">
        <legend className="mb-1 text-xs font-medium text-room-300">Layout</legend>
        <div className="grid grid-cols-2 gap-2">
          {(
            [
              ["grid", "Grid", "Equal tiles; optional featured slot."],
              ["pip", "Picture-in-picture", "One participant in a window over the others."],
            ] as const
          ).map(([value, label, description]) => (
            <label
              key={value}
              className={`flex cursor-pointer gap-2 rounded border px-3 py-2 text-sm ${kind === value ? "border-accent bg-accent/10 text-room-100" : "border-room-700 text-room-300 hover:border-room-500"}`}
            >
              <input
                type="radio"
                name={`${groupId}-kind`}
                value={value}
                checked={kind === value}
                onChange={() => onChange({ ...form, kind: value as LayoutKind })}
              />
              <span>
                <span className="block font-medium text-room-100">{label}</span>
                <span className="block text-xs text-room-300">{description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-x-3 sm:grid-cols-2">
        <Field
          label="Featured participant attribute"
          hint={`${attributeHint} Its value "true" features a participant.`}
          errors={messages("featuredParticipantAttribute")}
        >
          {(props) => (
            <TextInput
              {...props}
              value={common.featuredParticipantAttribute}
              onChange={(e) => setCommon({ featuredParticipantAttribute: e.target.value })}
              placeholder="featured"
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="Participant order attribute"
          hint={`${attributeHint} Numeric values order the tiles; others keep arrival order.`}
          errors={messages("participantOrderAttribute")}
        >
          {(props) => (
            <TextInput
              {...props}
              value={common.participantOrderAttribute}
              onChange={(e) => setCommon({ participantOrderAttribute: e.target.value })}
              placeholder="order"
              spellCheck={false}
            />
          )}
        </Field>
        {kind === "pip" ? (
          <Field
            label="PiP participant attribute"
            hint={`${attributeHint} Its value "true" puts a participant in the window.`}
            errors={messages("pipParticipantAttribute")}
          >
            {(props) => (
              <TextInput
                {...props}
                value={form.pip.pipParticipantAttribute}
                onChange={(e) => setPip({ pipParticipantAttribute: e.target.value })}
                placeholder="pip"
                spellCheck={false}
              />
            )}
          </Field>
        ) : null}
        <Field
          label="Grid gap (px)"
          hint={`Whole pixels between tiles, ≥ 0. Default ${kind === "grid" ? 2 : 0}.`}
          errors={messages("gridGap")}
        >
          {(props) => (
            <TextInput
              {...props}
              inputMode="numeric"
              value={common.gridGap}
              onChange={(e) => setCommon({ gridGap: e.target.value })}
              placeholder={kind === "grid" ? "2" : "0"}
            />
          )}
        </Field>
        <div className="sm:col-span-2">
          <Field label="Video fill mode" hint="How each source fits its slot." errors={messages("videoFillMode")}>
            {(props) => (
              <Select
                {...props}
                value={common.videoFillMode}
                onChange={(videoFillMode) => setCommon({ videoFillMode })}
                options={fillOptions(kind === "grid" ? "Default: COVER (featured: CONTAIN)" : "Default: COVER")}
              />
            )}
          </Field>
        </div>
        {kind === "grid" ? (
          <Field
            label="Video aspect ratio"
            hint="Shape of the non-featured tiles."
            errors={messages("videoAspectRatio")}
          >
            {(props) => (
              <Select
                {...props}
                value={form.grid.videoAspectRatio}
                onChange={(videoAspectRatio) => setGrid({ videoAspectRatio })}
                options={[
                  ["", "Default: VIDEO (16:9)"],
                  ["VIDEO", "VIDEO (16:9)"],
                  ["SQUARE", "SQUARE (1:1)"],
                  ["PORTRAIT", "PORTRAIT (3:4)"],
                  ["AUTO", "AUTO (each source's aspect)"],
                ]}
              />
            )}
          </Field>
        ) : null}
        {kind === "pip" ? (
          <>
            <Field label="PiP position" errors={messages("pipPosition")}>
              {(props) => (
                <Select
                  {...props}
                  value={form.pip.pipPosition}
                  onChange={(pipPosition) => setPip({ pipPosition })}
                  options={[
                    ["", "Default: bottom right"],
                    ["TOP_LEFT", "Top left"],
                    ["TOP_RIGHT", "Top right"],
                    ["BOTTOM_LEFT", "Bottom left"],
                    ["BOTTOM_RIGHT", "Bottom right"],
                  ]}
                />
              )}
            </Field>
            <Field
              label="PiP behavior"
              hint="When everyone else leaves: STATIC keeps the window, DYNAMIC fills the frame."
              errors={messages("pipBehavior")}
            >
              {(props) => (
                <Select
                  {...props}
                  value={form.pip.pipBehavior}
                  onChange={(pipBehavior) => setPip({ pipBehavior })}
                  options={[
                    ["", "Default: STATIC"],
                    ["STATIC", "STATIC"],
                    ["DYNAMIC", "DYNAMIC"],
                  ]}
                />
              )}
            </Field>
            <Field
              label="PiP offset (px)"
              hint="Distance from the two edges of the position. Default 0."
              errors={messages("pipOffset")}
            >
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={form.pip.pipOffset}
                  onChange={(e) => setPip({ pipOffset: e.target.value })}
                  placeholder="0"
                />
              )}
            </Field>
            <Field
              label="PiP width (px)"
              hint={`≥ 1. Blank: derived${derivedPip ? ` (${derivedPip.width} px now)` : ""}.`}
              errors={messages("pipWidth")}
            >
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={form.pip.pipWidth}
                  onChange={(e) => setPip({ pipWidth: e.target.value })}
                  placeholder={derivedPip ? String(derivedPip.width) : ""}
                />
              )}
            </Field>
            <Field
              label="PiP height (px)"
              hint={`≥ 1. Blank: derived${derivedPip ? ` (${derivedPip.height} px now)` : ""}.`}
              errors={messages("pipHeight")}
            >
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={form.pip.pipHeight}
                  onChange={(e) => setPip({ pipHeight: e.target.value })}
                  placeholder={derivedPip ? String(derivedPip.height) : ""}
                />
              )}
            </Field>
          </>
        ) : null}
      </div>
      <Check
        label="Omit participants whose video is stopped"
        checked={common.omitStoppedVideo}
        onChange={(omitStoppedVideo) => setCommon({ omitStoppedVideo })}
        hint="Off (default): an audio-only publisher keeps a tile."
      />
      {errors[kind]?.length || errors[""]?.length ? (
        <p role="alert" className="text-xs text-live">
          {[...(errors[kind] ?? []), ...(errors[""] ?? [])].join(" ")}
        </p>
      ) : null}
    </div>
  );
}
