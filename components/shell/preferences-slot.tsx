"use client";

import { lazy, Suspense } from "react";
import { useAfterLoad } from "@/components/hooks/after-load";

const PreferencesMenu = lazy(() => import("./preferences-menu").then((m) => ({ default: m.PreferencesMenu })));

/** Holds the menu's place (no layout shift) while its code, and zustand's, load after the page. */
function Placeholder() {
  return <div className="h-[50px]" aria-hidden />;
}

/**
 * Theme and time zone, loaded once the page has loaded (they are not needed for the first paint: the theme is
 * applied before it by app/layout.tsx's script, and times render in UTC until hydration anyway).
 */
export function PreferencesSlot() {
  const loaded = useAfterLoad();
  if (!loaded) return <Placeholder />;
  return (
    <Suspense fallback={<Placeholder />}>
      <PreferencesMenu />
    </Suspense>
  );
}
