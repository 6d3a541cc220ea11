/**
 * What the designer does to its working copy of participants (drag to reorder, mark featured / PiP) and what
 * each participant's token must carry for IVS to compose that arrangement. The real order comes from token
 * attributes: the designer can only show which values are needed.
 */
import { orderParticipants } from "./order";
import type { LayoutParticipant, ResolvedLayout } from "./types";

/** Attribute names the designer fills in when the producer arranges by hand and the layout names none. */
export const suggestedAttributes = { order: "order", featured: "featured", pip: "pip" } as const;

/** Every participant in displayed order (composed or not), by the order attribute then arrival. */
export function displayOrder<P extends LayoutParticipant>(
  participants: readonly P[],
  orderAttribute: string | undefined,
): P[] {
  return orderParticipants(participants, orderAttribute).ordered;
}

function withAttribute<P extends LayoutParticipant>(participant: P, key: string, value: string | undefined): P {
  const attributes = { ...participant.attributes };
  if (value === undefined) delete attributes[key];
  else attributes[key] = value;
  return { ...participant, attributes };
}

/**
 * Moves `id` to `toIndex` of the displayed order and renumbers everyone's order attribute 1…n, so that the
 * working copy composes in the new order. The input list (arrival order) keeps its order.
 */
export function moveParticipant<P extends LayoutParticipant>(
  participants: readonly P[],
  orderAttribute: string,
  id: string,
  toIndex: number,
): P[] {
  const order = displayOrder(participants, orderAttribute).map((p) => p.id);
  const from = order.indexOf(id);
  if (from < 0) return [...participants];
  order.splice(from, 1);
  order.splice(Math.max(0, Math.min(toIndex, order.length)), 0, id);
  const rank = new Map(order.map((pid, index) => [pid, index + 1]));
  return participants.map((p) => withAttribute(p, orderAttribute, String(rank.get(p.id) ?? order.length)));
}

/** Marks `id` with `attribute` = "true" and unmarks everyone else (one featured, one PiP); `on: false` unmarks it. */
export function markParticipant<P extends LayoutParticipant>(
  participants: readonly P[],
  attribute: string,
  id: string,
  on = true,
): P[] {
  return participants.map((p) => {
    if (p.id === id) return withAttribute(p, attribute, on ? "true" : undefined);
    return p.attributes[attribute] === "true" ? withAttribute(p, attribute, undefined) : p;
  });
}

/** One attribute a token must carry: a value, or `null` for "absent (anything but "true")". */
export interface AttributeNeed {
  readonly key: string;
  readonly value: string | null;
}

/**
 * The attributes that make IVS compose `arrangement` (displayed order, featured and PiP participants) under a
 * layout: order values 1…n under the order attribute, "true" under the featured / PiP attributes for the
 * chosen participants, and no "true" there for the others.
 */
export function requiredAttributes(
  resolved: ResolvedLayout,
  arrangement: { readonly order: readonly string[]; readonly featuredId?: string; readonly pipId?: string },
): Map<string, AttributeNeed[]> {
  const needs = new Map<string, AttributeNeed[]>();
  const pipAttribute = resolved.kind === "pip" ? resolved.pipAttribute : undefined;
  arrangement.order.forEach((id, index) => {
    const list: AttributeNeed[] = [];
    if (resolved.orderAttribute) list.push({ key: resolved.orderAttribute, value: String(index + 1) });
    if (resolved.featuredAttribute)
      list.push({ key: resolved.featuredAttribute, value: id === arrangement.featuredId ? "true" : null });
    if (pipAttribute) list.push({ key: pipAttribute, value: id === arrangement.pipId ? "true" : null });
    needs.set(id, list);
  });
  return needs;
}

/** Whether a participant's current attributes satisfy one need (order values compare as numbers). */
export function satisfies(attributes: Readonly<Record<string, string>>, need: AttributeNeed): boolean {
  const actual = attributes[need.key];
  if (need.value === null) return actual !== "true";
  if (actual === need.value) return true;
  return actual !== undefined && need.value !== "true" && Number(actual) === Number(need.value) && actual.trim() !== "";
}

/** `key=value` text of a token's attributes, for copying into a token request. */
export function attributesText(needs: readonly AttributeNeed[]): string {
  return needs
    .filter((need) => need.value !== null)
    .map((need) => `${need.key}=${need.value}`)
    .join(", ");
}
