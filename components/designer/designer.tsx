"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { lazy, useEffect, useMemo, useState } from "react";
import { useStore } from "zustand";
import { useAllPages } from "@/components/hooks/use-all-pages";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ReadError, type AllPages, type ListItem } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/arn";
import {
  displayOrder,
  markParticipant,
  moveParticipant,
  requiredAttributes,
  suggestedAttributes,
} from "@/lib/layout/arrange";
import { computeLayout } from "@/lib/layout/geometry";
import { canvasOf } from "@/lib/layout/options";
import type { LayoutPreset } from "@/lib/layout/presets";
import type { LayoutParticipant } from "@/lib/layout/types";
import { readQuery, slowPollMs, livePollMs } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";
import { bindToUrl } from "@/lib/ui-state/url-sync";
import { LayoutCanvas } from "./layout-canvas";
import type { EncoderFact } from "./checks";
import { Deferred } from "@/components/ui/deferred";
import { createDesignerStore, maxSimulated, resizeSimulated, writeDesignerUrl } from "./designer-store";
import { formFromLayout, layoutFromForm, type FieldErrors, type LayoutForm } from "./forms";
import { HistoryToolbar } from "./history-toolbar";
import type { ParticipantRow } from "./participants-panel";
import { PanelLoading, RequestSections, Section } from "./section";
import { useShapeChecks } from "./use-shape-checks";
import { useStageParticipants } from "./use-stage-participants";

type Stage = ListItem<"ListStages">;
type Encoder = ListItem<"ListEncoderConfigurations">;
type Storage = ListItem<"ListStorageConfigurations">;

// Beside and below the preview: loaded after the page (Deferred), not with it.
const LayoutFormFields = lazy(() => import("./layout-form").then((m) => ({ default: m.LayoutFormFields })));
const ParticipantsPanel = lazy(() => import("./participants-panel").then((m) => ({ default: m.ParticipantsPanel })));
const PresetsPanel = lazy(() => import("./presets-panel").then((m) => ({ default: m.PresetsPanel })));
const RequestPanels = lazy(() => import("./request-panels").then((m) => ({ default: m.RequestPanels })));
const CopyButton = lazy(() => import("@/components/ui/copy-button").then((m) => ({ default: m.CopyButton })));
const UndoRedo = lazy(() => import("./undo-redo").then((m) => ({ default: m.UndoRedo })));

const isMissing = (error: unknown) => error instanceof ReadError && error.status === 404;

const noErrors: FieldErrors = {};

const attributeKeys = {
  order: "participantOrderAttribute",
  featured: "featuredParticipantAttribute",
  pip: "pipParticipantAttribute",
} as const;

/**
 * The token attribute that expresses an arrangement: the one the layout form names, or the suggested name,
 * which is then written into the form (`form` is set when it changed).
 */
function attributeFor(which: keyof typeof attributeKeys, form: LayoutForm): { name: string; form?: LayoutForm } {
  const key = attributeKeys[which];
  const current = form.kind === "grid" ? (key === "pipParticipantAttribute" ? "" : form.grid[key]) : form.pip[key];
  if (current.trim()) return { name: current.trim() };
  const name = suggestedAttributes[which];
  if (form.kind === "grid")
    return key === "pipParticipantAttribute"
      ? { name }
      : { name, form: { ...form, grid: { ...form.grid, [key]: name } } };
  return { name, form: { ...form, pip: { ...form.pip, [key]: name } } };
}

export function Designer({
  context,
  initialStageArn,
  initialStages,
  initialEncoders,
  initialStorages,
  initialPresets,
}: {
  context: ConsoleContext;
  initialStageArn?: string;
  initialStages?: AllPages<Stage>;
  initialEncoders?: AllPages<Encoder>;
  initialStorages?: AllPages<Storage>;
  initialPresets: LayoutPreset[];
}) {
  const [store] = useState(() => createDesignerStore(initialStageArn));
  useEffect(() => bindToUrl(store, writeDesignerUrl), [store]);
  const { document: design, notice, edit, chooseStage } = useStore(store);
  const { stageArn, source, simulated, overrides, form, destinations } = design;

  // Reads.
  const stages = useAllPages(
    context,
    "ListStages",
    { maxResults: 100 },
    initialStages ? { initialData: initialStages } : {},
  );
  const encoders = useAllPages(
    context,
    "ListEncoderConfigurations",
    {},
    initialEncoders ? { initialData: initialEncoders } : {},
  );
  const storages = useAllPages(
    context,
    "ListStorageConfigurations",
    {},
    initialStorages ? { initialData: initialStorages } : {},
  );
  const stageQuery = useQuery({
    ...readQuery(context, "GetStage", { arn: stageArn }, livePollMs),
    enabled: Boolean(stageArn),
    retry: (n, e) => !isMissing(e) && n < 2,
  });
  const stage = stageQuery.data?.data.stage;
  const sessionId = stage?.activeSessionId || undefined;
  const live = useStageParticipants(context, stageArn || undefined, sessionId);

  // The working copy the preview shows.
  const rows: ParticipantRow[] = useMemo(() => {
    if (source === "simulated") return simulated.map((p) => ({ ...p, actual: p.attributes }));
    return live.participants.map((p) => {
      const override = overrides[p.id] ?? {};
      return {
        ...p,
        ...override,
        attributes: override.attributes ?? p.attributes,
        actual: p.attributes,
        attributesKnown: p.attributesKnown,
      };
    });
  }, [source, simulated, live.participants, overrides]);

  // Layout, output size, geometry.
  const layout = useMemo(() => layoutFromForm(form), [form]);
  // The shared shapes (zod) arrive after the page has loaded; until then only the designer's own rules apply.
  const shapes = useShapeChecks();
  const layoutProblems = useMemo(() => (shapes ? shapes.layout(layout) : noErrors), [shapes, layout]);
  /** Undefined while the shapes load. */
  const layoutValid = shapes ? Object.keys(layoutProblems).length === 0 : undefined;
  const previewEncoderArn =
    (destinations.s3.enabled && destinations.s3.encoderArn) ||
    (destinations.channel.enabled && destinations.channel.encoderArn) ||
    "";
  const encoderArns = [
    ...new Set(
      [
        destinations.channel.enabled ? destinations.channel.encoderArn : "",
        destinations.s3.enabled ? destinations.s3.encoderArn : "",
      ].filter(Boolean),
    ),
  ];
  const encoderReads = useQueries({
    queries: encoderArns.map((arn) => ({
      ...readQuery(context, "GetEncoderConfiguration", { arn }, slowPollMs),
      retry: (n: number, e: unknown) => !isMissing(e) && n < 2,
    })),
  });
  const videoOf = (arn: string) => {
    const index = encoderArns.indexOf(arn);
    const read = index >= 0 ? encoderReads[index] : undefined;
    if (!read) return undefined;
    if (read.error && isMissing(read.error)) return null;
    return read.data?.data.encoderConfiguration?.video;
  };
  const previewVideo = previewEncoderArn ? videoOf(previewEncoderArn) : undefined;
  const { width: canvasWidth, height: canvasHeight } = canvasOf(previewVideo ?? undefined);
  const canvas = useMemo(() => ({ width: canvasWidth, height: canvasHeight }), [canvasWidth, canvasHeight]);
  const result = useMemo(() => computeLayout(layout, canvas, rows), [layout, canvas, rows]);
  const needs = useMemo(
    () =>
      requiredAttributes(result.resolved, { order: result.order, featuredId: result.featuredId, pipId: result.pipId }),
    [result],
  );
  const actualOrder = useMemo(
    () =>
      computeLayout(
        layout,
        canvas,
        rows.map((r) => ({ ...r, attributes: r.actual })),
      ).order,
    [layout, canvas, rows],
  );
  const orderMatches = actualOrder.join("\n") === result.order.join("\n");
  const changedLive = source === "live" && rows.some((r) => JSON.stringify(r.attributes) !== JSON.stringify(r.actual));

  // Arranging (drag, keyboard, buttons): edits the working copy's attributes, in one undoable step.
  function arrange(
    which: keyof typeof attributeKeys,
    change: (list: readonly LayoutParticipant[], attribute: string) => LayoutParticipant[],
    notice: string,
  ) {
    edit((current) => {
      const attribute = attributeFor(which, current.form);
      const formChange = attribute.form ? { form: attribute.form } : {};
      if (current.source === "simulated")
        return { ...formChange, simulated: change(current.simulated, attribute.name) };
      const merged = { ...current.overrides };
      for (const p of change(rows, attribute.name)) merged[p.id] = { ...merged[p.id], attributes: p.attributes };
      return { ...formChange, overrides: merged };
    }, notice);
  }

  const nameOf = (id: string) => rows.find((r) => r.id === id)?.name ?? id;
  const actions = {
    move(id: string, toPosition: number) {
      const targetId = result.order[toPosition];
      if (!targetId || targetId === id) return;
      arrange(
        "order",
        (list, attribute) => {
          const toIndex = displayOrder(rows, attribute)
            .map((p) => p.id)
            .indexOf(targetId);
          return moveParticipant(list, attribute, id, toIndex);
        },
        `${nameOf(id)} moved to position ${toPosition + 1}.`,
      );
    },
    mark(what: "featured" | "pip", id: string, on: boolean) {
      if (what === "pip" && form.kind !== "pip") return;
      const who = nameOf(id);
      arrange(
        what,
        (list, attribute) => markParticipant(list, attribute, id, on),
        on
          ? `${who} ${what === "pip" ? "goes into the PiP window" : "is featured"}.`
          : `${who} is no longer ${what === "pip" ? "in the PiP window" : "featured"}.`,
      );
    },
  };

  function updateParticipant(id: string, patch: Partial<LayoutParticipant>) {
    edit((current) =>
      current.source === "simulated"
        ? { simulated: current.simulated.map((p) => (p.id === id ? { ...p, ...patch } : p)) }
        : { overrides: { ...current.overrides, [id]: { ...current.overrides[id], ...patch } } },
    );
  }

  const setSimulatedCount = (count: number) =>
    edit((current) => ({ simulated: resizeSimulated(current.simulated, count) }));
  const setForm = (next: LayoutForm) => edit(() => ({ form: next }));

  // What the request panels and the pre-flight need.
  const encoderList = encoders.data?.items ?? [];
  const labelOf = (arn: string) => {
    const found = encoderList.find((e) => e.arn === arn);
    return found?.name || arnId(arn);
  };
  const encoderFacts: EncoderFact[] = encoderArns.map((arn) => ({
    arn,
    label: labelOf(arn),
    usedBy: [
      destinations.channel.enabled && destinations.channel.encoderArn === arn ? "channel" : "",
      destinations.s3.enabled && destinations.s3.encoderArn === arn ? "S3" : "",
    ]
      .filter(Boolean)
      .join(" and "),
    video: videoOf(arn),
  }));
  const preflightStage = !stageArn
    ? null
    : stageQuery.error && isMissing(stageQuery.error)
      ? null
      : stage
        ? {
            arn: stage.arn,
            ...(stage.name ? { name: stage.name } : {}),
            ...(sessionId ? { activeSessionId: sessionId } : {}),
          }
        : undefined;
  const publishers = sessionId ? (live.loading ? undefined : live.participants.filter((p) => p.publishing).length) : 0;

  const stageOptions = [...(stages.data?.items ?? [])].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
  const layoutJson = JSON.stringify(layout, null, 2);

  return (
    <div className="space-y-4">
      <Deferred fallback={<HistoryToolbar />}>
        <UndoRedo store={store} />
      </Deferred>
      <Section
        id="designer-source"
        title="Stage and participants"
        description="The stage the composition mixes. Its live participants and their token attributes drive the preview, or simulate participants to try a layout before anyone joins."
      >
        <div className="flex flex-wrap items-end gap-4">
          <label className="block text-xs text-room-300">
            Stage
            <select
              aria-label="Stage"
              className={`${inputClass} mt-1 w-72`}
              value={stageArn}
              onChange={(e) => chooseStage(e.target.value)}
            >
              <option value="">Choose a stage…</option>
              {stageArn && !stageOptions.some((s) => s.arn === stageArn) ? (
                <option value={stageArn}>{arnId(stageArn)}</option>
              ) : null}
              {stageOptions.map((s) => (
                <option key={s.arn} value={s.arn}>
                  {s.name || arnId(s.arn)}
                  {s.activeSessionId ? " (live)" : ""}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend className="mb-1 text-xs text-room-300">Preview with</legend>
            <div className="flex overflow-hidden rounded border border-room-700 text-sm">
              {(
                [
                  ["live", "Live participants"],
                  ["simulated", "Simulated participants"],
                ] as const
              ).map(([value, text]) => (
                <label
                  key={value}
                  className={`flex cursor-pointer items-center gap-1.5 px-3 py-1.5 ${source === value ? "bg-room-800 text-room-100" : "text-room-300"} ${value === "live" && !stageArn ? "cursor-not-allowed opacity-60" : ""}`}
                >
                  <input
                    type="radio"
                    name="participant-source"
                    value={value}
                    checked={source === value}
                    disabled={value === "live" && !stageArn}
                    onChange={() => edit(() => ({ source: value }))}
                  />
                  {text}
                </label>
              ))}
            </div>
          </fieldset>
          {source === "simulated" ? (
            <label className="block text-xs text-room-300">
              Number of simulated participants
              <input
                type="number"
                min={0}
                max={maxSimulated}
                className={`${inputClass} mt-1 w-24`}
                value={simulated.length}
                onChange={(e) => {
                  const n = Math.max(0, Math.min(maxSimulated, Math.floor(Number(e.target.value) || 0)));
                  setSimulatedCount(n);
                }}
              />
            </label>
          ) : null}
          {stageArn ? (
            <p className="text-xs text-room-300">
              {stageQuery.error && isMissing(stageQuery.error) ? (
                <span className="text-live">This stage does not exist in {context.region}.</span>
              ) : stage ? (
                <>
                  <Link href={link(context, routes.stage(stageArn))} className="text-accent underline">
                    {stage.name || arnId(stageArn)}
                  </Link>
                  {sessionId ? ` · session ${sessionId} · ${live.participants.length} connected` : " · no live session"}
                </>
              ) : (
                "Reading the stage…"
              )}
            </p>
          ) : null}
        </div>
      </Section>

      {/*
        The preview stays in view (sticky on wide screens) beside what changes it and what starts it: layout
        options, destinations, pre-flight and Start. Participants, the JSON and presets follow below.
      */}
      <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 xl:sticky xl:top-4">
          <Section
            id="designer-preview"
            title="Preview"
            description={
              <>
                {form.kind === "pip" ? "Picture-in-picture" : "Grid"} at the output size of{" "}
                {previewEncoderArn ? `encoder ${labelOf(previewEncoderArn)}` : "the default encoder (1280×720)"}.
              </>
            }
          >
            <LayoutCanvas
              result={result}
              label={`Preview of the ${form.kind === "pip" ? "picture-in-picture" : "grid"} layout`}
              actions={actions}
              pipEnabled={form.kind === "pip"}
            />
            {result.warnings.length ? (
              <div className="mt-3 rounded border border-warn/40 bg-warn/10 px-3 py-2">
                <h3 className="text-xs font-semibold text-warn">Warnings ({result.warnings.length})</h3>
                <ul className="mt-1 list-disc space-y-0.5 pl-4 text-xs text-room-100" aria-label="Layout warnings">
                  {result.warnings.map((w, index) => (
                    <li key={`${w.code}-${w.participantId ?? ""}-${index}`} data-code={w.code}>
                      {w.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </Section>
        </div>

        <div className="min-w-0 space-y-4">
          <Section id="designer-layout" title="Layout options" description="Blank fields take the documented defaults.">
            <Deferred fallback={<PanelLoading />}>
              <LayoutFormFields form={form} onChange={setForm} errors={layoutProblems} result={result} />
            </Deferred>
          </Section>
          <Deferred fallback={<RequestSections destinations={<PanelLoading />} start={<PanelLoading />} />}>
            <RequestPanels
              context={context}
              stageArn={stageArn}
              stage={preflightStage}
              publishers={publishers}
              layout={layout}
              layoutErrors={layoutProblems}
              layoutWarnings={result.warnings}
              destinations={destinations}
              onDestinationsChange={(next) => edit(() => ({ destinations: next }))}
              encoders={encoderList}
              encoderFacts={encoderFacts}
              storages={storages.data?.items}
              shapes={shapes}
            />
          </Deferred>
        </div>
      </div>

      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-4">
          <Section
            id="designer-participants"
            title="Participants"
            description={
              <>
                IVS arranges participants by their <strong>token attributes</strong>, not by this page: reordering or
                marking here edits a working copy and shows which attributes each participant&apos;s token needs. Mint
                tokens with them on the stage page, or exchange the participants&apos; tokens.
              </>
            }
            actions={
              source === "simulated" ? (
                <Button
                  className="px-2 py-1 text-xs"
                  disabled={simulated.length >= maxSimulated}
                  onClick={() => setSimulatedCount(simulated.length + 1)}
                >
                  Add participant
                </Button>
              ) : changedLive ? (
                <Button className="px-2 py-1 text-xs" onClick={() => edit(() => ({ overrides: {} }))}>
                  Reset to live attributes
                </Button>
              ) : null
            }
          >
            <p className="mb-2 text-xs text-room-300" aria-live="polite">
              {notice}
            </p>
            {source === "live" && live.truncated ? (
              <p className="mb-2 text-xs text-warn">Only the first {rows.length} connected participants are shown.</p>
            ) : null}
            {source === "live" && changedLive ? (
              <p className="mb-2 text-xs text-warn">
                The preview shows your arrangement; the live composition follows the tokens until their attributes
                change.
              </p>
            ) : null}
            {source === "live" && !sessionId && stageArn ? (
              <p className="mb-2 text-sm text-room-300">
                Nobody is on this stage. Switch to simulated participants to design anyway.
              </p>
            ) : null}
            <Deferred fallback={<PanelLoading />}>
              <ParticipantsPanel
                source={source}
                rows={rows}
                result={result}
                needs={needs}
                orderMatches={orderMatches}
                {...(result.resolved.orderAttribute ? { orderKey: result.resolved.orderAttribute } : {})}
                pipEnabled={form.kind === "pip"}
                onMove={actions.move}
                onMark={actions.mark}
                onUpdate={updateParticipant}
                {...(source === "simulated"
                  ? {
                      onRemove: (id: string) =>
                        edit((design) => ({ simulated: design.simulated.filter((p) => p.id !== id) })),
                    }
                  : {})}
              />
            </Deferred>
          </Section>
        </div>

        <div className="min-w-0 space-y-4">
          <Section
            id="designer-json"
            title="LayoutConfiguration"
            actions={
              <Deferred fallback={null}>
                <CopyButton value={layoutJson} label="Copy the LayoutConfiguration JSON" />
              </Deferred>
            }
          >
            <pre
              className="max-h-72 overflow-auto rounded bg-room-950 p-3 font-mono text-xs text-room-100"
              tabIndex={0}
              aria-label="LayoutConfiguration JSON"
              data-testid="layout-json"
            >
              {layoutJson}
            </pre>
            <p className="mt-1 text-xs text-room-300">
              {layoutValid === undefined
                ? "Checking…"
                : layoutValid
                  ? "Valid for StartComposition."
                  : "Invalid: see the layout options."}
            </p>
          </Section>
          <Section id="designer-presets" title="Presets" description="Layouts saved for the whole team.">
            <Deferred fallback={<PanelLoading />}>
              <PresetsPanel
                initial={initialPresets}
                layout={layout}
                layoutValid={layoutValid}
                checkName={shapes?.presetName}
                onLoad={(preset) => setForm(formFromLayout(preset.layout))}
              />
            </Deferred>
          </Section>
        </div>
      </div>
    </div>
  );
}
