/**
 * The designer's model validated synchronously with the shared shapes: forms.ts (the forms), request.ts (the
 * request and the designer's own rules) and shape-checks.ts (zod). The page itself loads the shape checks after
 * the load event (use-shape-checks.ts) and combines them the same way. Pure (no React), tested in model.test.ts.
 */
import type { DestinationsForm, FieldErrors, LayoutInput, StartRequest } from "./forms";
import { requestErrorsWith } from "./request";
import { shapeChecks } from "./shape-checks";

export * from "./forms";
export * from "./request";

/** Field messages of a layout, keyed like `pip.pipWidth` (empty when valid). */
export function layoutErrors(layout: LayoutInput): FieldErrors {
  return shapeChecks.layout(layout);
}

/** Every problem of a request: the shared StartComposition shape plus the designer's own rules. */
export function requestErrors(request: StartRequest, destinations: DestinationsForm, region: string): FieldErrors {
  return requestErrorsWith(shapeChecks.request(request), request, destinations, region);
}
