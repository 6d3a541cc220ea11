"use client";

import { useEffect } from "react";
import { sessionTopic, type SessionTopicRef } from "@/lib/observe/live";
import { liveStatus } from "@/lib/observe/live-status";

/** Puts a session on this tab's push subscription while the calling view is mounted. */
export function useSessionTopic(ref: SessionTopicRef | undefined): void {
  const topic = ref ? sessionTopic(ref) : undefined;
  useEffect(() => {
    if (!topic) return;
    liveStatus.getState().addTopic(topic);
    return () => liveStatus.getState().removeTopic(topic);
  }, [topic]);
}
