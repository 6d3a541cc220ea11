/**
 * The localStorage key of the display preferences (components/ui/preferences.ts). In a module of its own, without
 * "use client": app/layout.tsx (a server component) puts it into its pre-paint theme script.
 */
export const preferencesKey = "control-room-preferences";
