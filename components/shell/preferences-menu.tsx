"use client";

import { useEffect } from "react";
import { usePreferences, type ThemeChoice } from "@/components/ui/preferences";
import { useHydrated } from "@/components/ui/use-hydrated";
import { zoneLabel, type TimeZoneChoice } from "@/lib/format";

const selectClass = "w-full rounded border border-room-700 bg-room-850 px-1.5 py-0.5 text-xs text-room-100";

/** Puts the chosen theme on <html> (`data-theme`); "system" leaves it to `prefers-color-scheme`. */
function useApplyTheme(theme: ThemeChoice) {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "system") delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

/** Theme and time zone, for this browser (remembered in localStorage). */
export function PreferencesMenu() {
  const hydrated = useHydrated();
  const theme = usePreferences((state) => state.theme);
  const timeZone = usePreferences((state) => state.timeZone);
  const setTheme = usePreferences((state) => state.setTheme);
  const setTimeZone = usePreferences((state) => state.setTimeZone);
  useApplyTheme(theme);
  return (
    <section
      aria-label="Display preferences"
      className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1.5 text-xs"
    >
      <label htmlFor="pref-theme" className="text-room-300">
        Theme
      </label>
      <select
        id="pref-theme"
        className={selectClass}
        disabled={!hydrated}
        value={hydrated ? theme : "system"}
        onChange={(e) => setTheme(e.target.value as ThemeChoice)}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
      <label htmlFor="pref-zone" className="text-room-300">
        Times
      </label>
      <select
        id="pref-zone"
        className={selectClass}
        disabled={!hydrated}
        value={hydrated ? timeZone : "utc"}
        onChange={(e) => setTimeZone(e.target.value as TimeZoneChoice)}
      >
        <option value="utc">UTC</option>
        {/* The offset is the browser's: unknown to the server's HTML. */}
        <option value="local">{hydrated ? `Local (${zoneLabel("local")})` : "Local"}</option>
      </select>
    </section>
  );
}
