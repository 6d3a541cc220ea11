/**
 * Participant order and selection by token attributes (api §8): `participantOrderAttribute` names an
 * attribute whose value is a number; featured / PiP attributes select a participant whose value is exactly
 * the string "true".
 */
import type { LayoutParticipant, LayoutWarning } from "./types";

const numeric = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The numeric value of an order attribute, or undefined when it is missing or not a number. */
export function orderValue(value: string | undefined): number | undefined {
  if (value === undefined || !numeric.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Whether the participant carries `attribute` = "true" (exactly, as IVS compares it). */
export function isMarked(participant: LayoutParticipant, attribute: string | undefined): boolean {
  return attribute !== undefined && participant.attributes[attribute] === "true";
}

/** A value that looks meant as "true" but is not exactly "true" (e.g. "TRUE", "yes", "1"). */
export function looksTrue(value: string | undefined): boolean {
  return value !== undefined && value !== "true" && /^\s*(true|yes|y|1|on)\s*$/i.test(value);
}

/**
 * Participants in composed order: with an order attribute, numeric values ascending (ties keep arrival
 * order), then everyone without a numeric value in arrival order. Non-numeric values warn. Without an order
 * attribute: arrival order (the order of the input list).
 */
export function orderParticipants<P extends LayoutParticipant>(
  participants: readonly P[],
  orderAttribute: string | undefined,
): { ordered: P[]; warnings: LayoutWarning[] } {
  if (!orderAttribute) return { ordered: [...participants], warnings: [] };
  const warnings: LayoutWarning[] = [];
  const keyed = participants.map((participant, arrival) => {
    const raw = participant.attributes[orderAttribute];
    const value = orderValue(raw);
    if (raw !== undefined && value === undefined) {
      warnings.push({
        code: "order-not-numeric",
        participantId: participant.id,
        message: `${participant.name}: ${orderAttribute}="${raw}" is not a number; arrival order is used for this participant.`,
      });
    }
    return { participant, arrival, value };
  });
  keyed.sort((a, b) => {
    if (a.value !== undefined && b.value !== undefined && a.value !== b.value) return a.value - b.value;
    if (a.value !== undefined && b.value === undefined) return -1;
    if (a.value === undefined && b.value !== undefined) return 1;
    return a.arrival - b.arrival;
  });
  if (participants.length > 0 && keyed.every((k) => k.participant.attributes[orderAttribute] === undefined)) {
    warnings.push({
      code: "order-attribute-unmatched",
      message: `No participant carries the order attribute "${orderAttribute}": arrival order applies.`,
    });
  }
  return { ordered: keyed.map((k) => k.participant), warnings };
}
