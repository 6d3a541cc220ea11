import type { LayoutParticipant, Rect } from "./types";

/** A publishing participant with video on, named after its id. */
export function person(
  id: string,
  attributes: Record<string, string> = {},
  extra: Partial<LayoutParticipant> = {},
): LayoutParticipant {
  return { id, name: id, attributes, publishing: true, videoOn: true, ...extra };
}

export const people = (n: number, attributes: (index: number) => Record<string, string> = () => ({})) =>
  Array.from({ length: n }, (_, index) => person(`p${index + 1}`, attributes(index)));

export function inside(inner: Rect, outer: Rect, epsilon = 1e-6): boolean {
  return (
    inner.x >= outer.x - epsilon &&
    inner.y >= outer.y - epsilon &&
    inner.x + inner.width <= outer.x + outer.width + epsilon &&
    inner.y + inner.height <= outer.y + outer.height + epsilon
  );
}

/** Distance between two rectangles along the axis that separates them (negative when their interiors overlap). */
export function separation(a: Rect, b: Rect): number {
  const dx = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width));
  const dy = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height));
  return Math.max(dx, dy);
}

export function overlaps(a: Rect, b: Rect): boolean {
  if (a.width <= 0 || a.height <= 0 || b.width <= 0 || b.height <= 0) return false;
  return separation(a, b) < 0;
}
