"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

const storageKey = "control-room.alerts.notify";

/** Did this browser opt in to system notifications for new alerts (and grant the permission)? */
export function notificationsWanted(): boolean {
  if (typeof window === "undefined" || !("Notification" in window)) return false;
  return window.localStorage.getItem(storageKey) === "on" && Notification.permission === "granted";
}

function current(): "unsupported" | "off" | "on" | "denied" {
  if (!("Notification" in window)) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return notificationsWanted() ? "on" : "off";
}

/** Opt-in (and opt-out) of browser notifications for alerts that start firing. Off until asked for. */
export function BrowserNotificationsToggle() {
  const hydrated = useHydrated();
  const [chosen, setState] = useState<"unsupported" | "off" | "on" | "denied" | undefined>();
  const state = chosen ?? (hydrated ? current() : "off");

  if (state === "unsupported") return <p className="text-xs text-room-300">This browser cannot show notifications.</p>;
  if (state === "denied")
    return <p className="text-xs text-room-300">Notifications are blocked for this site in the browser settings.</p>;
  return (
    <Button
      aria-pressed={state === "on"}
      onClick={async () => {
        if (state === "on") {
          window.localStorage.setItem(storageKey, "off");
          setState("off");
          return;
        }
        const permission = await Notification.requestPermission();
        if (permission === "granted") {
          window.localStorage.setItem(storageKey, "on");
          setState("on");
        } else setState(permission === "denied" ? "denied" : "off");
      }}
    >
      {state === "on" ? "Browser notifications: on" : "Browser notifications: off"}
    </Button>
  );
}
