"use client";

import { afterLoadModule, useAfterLoadModule } from "@/components/hooks/after-load";
import type { ShapeChecks } from "./shape-checks";

const shapeChecks = afterLoadModule(() => import("./shape-checks").then((module) => module.shapeChecks));

/**
 * The designer's checks against the shared shapes (zod, about 40 KB gzip), loaded once the page has loaded
 * instead of with it. Undefined until they arrive: the designer then shows its own rules only, marks the rest
 * of the pre-flight as pending and keeps Start disabled (the server action validates regardless).
 */
export function useShapeChecks(): ShapeChecks | undefined {
  return useAfterLoadModule(shapeChecks, "the designer's input checks");
}
