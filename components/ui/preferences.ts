"use client";

import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { TimeZoneChoice } from "@/lib/format";
import { preferencesKey } from "./preferences-key";
import { useHydrated } from "./use-hydrated";

/** `system` follows the operating system (`prefers-color-scheme`); the others pin a theme. */
export type ThemeChoice = "system" | "light" | "dark";

interface Preferences {
  readonly theme: ThemeChoice;
  readonly timeZone: TimeZoneChoice;
  setTheme(theme: ThemeChoice): void;
  setTimeZone(zone: TimeZoneChoice): void;
}

/**
 * The viewer's display preferences, kept in this browser (localStorage) for as long as they like: theme and
 * the time zone every time is shown in. UI state only, so zustand, not the server.
 */
export const usePreferences = create<Preferences>()(
  persist(
    (set) => ({
      theme: "system",
      timeZone: "utc",
      setTheme: (theme) => set({ theme }),
      setTimeZone: (timeZone) => set({ timeZone }),
    }),
    {
      name: preferencesKey,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ theme, timeZone }) => ({ theme, timeZone }),
    },
  ),
);

/**
 * The zone to print times in. The server knows no browser zone, so the server's HTML and the hydrating render
 * use UTC; a stored "local" applies right after hydration (no mismatch, no flash of wrong text on UTC users).
 */
export function useTimeZone(): TimeZoneChoice {
  const hydrated = useHydrated();
  const zone = usePreferences((state) => state.timeZone);
  return hydrated ? zone : "utc";
}
