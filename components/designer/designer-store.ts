import { createStore, type StoreApi } from "zustand/vanilla";
import type { LayoutParticipant } from "@/lib/layout/types";
import { createHistory } from "@/lib/ui-state/history";
import { withParam } from "@/lib/ui-state/url-sync";
import { emptyDestinations, emptyLayoutForm, type DestinationsForm, type LayoutForm } from "./forms";
import type { ParticipantSource } from "./participants-panel";

/**
 * The designer's document: the stage it designs for, the participants the preview uses (simulated ones, or
 * the live ones with the operator's attribute edits), the layout form and the destinations. A vanilla zustand
 * store (like `lib/observe/live-status.ts`), one per mounted designer; its undo history (`designerHistory`)
 * attaches after the page has loaded. The stage is also in the URL (`?stage=`, see `writeDesignerUrl`). Server data (stages, encoders, participants)
 * stays in TanStack Query.
 */
export interface DesignerDocument {
  readonly stageArn: string;
  readonly source: ParticipantSource;
  readonly simulated: readonly LayoutParticipant[];
  /** The operator's edits of live participants, by participant id. */
  readonly overrides: Readonly<Record<string, Partial<LayoutParticipant>>>;
  readonly form: LayoutForm;
  readonly destinations: DestinationsForm;
}

export interface DesignerState {
  readonly document: DesignerDocument;
  /** What the last arrangement did, for the screen reader and the eye; not part of the history. */
  readonly notice: string;
  /** One undoable edit: every field it returns changes in one step. */
  edit(change: (document: DesignerDocument) => Partial<DesignerDocument>, notice?: string): void;
  chooseStage(arn: string): void;
}

/** At most this many simulated participants (a stage takes 12 publishers; a few more show the warning). */
export const maxSimulated = 16;

export function simulatedParticipant(index: number, name?: string): LayoutParticipant {
  return { id: `sim-${index}`, name: name ?? `guest-${index}`, attributes: {}, publishing: true, videoOn: true };
}

const initialSimulated: readonly LayoutParticipant[] = [
  simulatedParticipant(1, "host"),
  simulatedParticipant(2, "guest-1"),
  simulatedParticipant(3, "guest-2"),
];

export type DesignerStore = StoreApi<DesignerState>;

export function createDesignerStore(initialStageArn = ""): DesignerStore {
  return createStore<DesignerState>()((set) => ({
    document: {
      stageArn: initialStageArn,
      source: initialStageArn ? "live" : "simulated",
      simulated: initialSimulated,
      overrides: {},
      form: emptyLayoutForm,
      destinations: emptyDestinations,
    },
    notice: "",
    edit: (change, notice) =>
      set(({ document }) => ({
        document: { ...document, ...change(document) },
        ...(notice === undefined ? {} : { notice }),
      })),
    chooseStage: (arn) =>
      set(({ document }) => ({
        document: {
          ...document,
          stageArn: arn,
          overrides: {},
          source: !arn ? "simulated" : document.source === "simulated" && !document.stageArn ? "live" : document.source,
        },
      })),
  }));
}

/** The document's undo history (one step per edit; typing in one field is one step). */
export function designerHistory(store: DesignerStore) {
  return createHistory(
    store,
    (state) => state.document,
    (document) => ({ document }),
  );
}

/** The part of the designer the URL holds: `?stage=`. */
export function writeDesignerUrl(state: DesignerState, params: URLSearchParams): URLSearchParams {
  return withParam(params, "stage", state.document.stageArn);
}

/** Simulated participants cut to, or padded with new guests up to, `count`. */
export function resizeSimulated(list: readonly LayoutParticipant[], count: number): readonly LayoutParticipant[] {
  if (count <= list.length) return list.slice(0, count);
  const next = [...list];
  let index = Math.max(0, ...list.map((p) => Number(p.id.slice(4)) || 0));
  while (next.length < count) next.push(simulatedParticipant(++index));
  return next;
}
