"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { useStore } from "zustand";
import { useConsoleContext } from "@/components/hooks/use-console-context";
import { contextParams } from "@/lib/context";
import { affectsQuery, everythingTopic, sessionOfTopic, type LiveMessage } from "@/lib/observe/live";
import { liveStatus } from "@/lib/observe/live-status";

/** Reconnect delays after the stream drops: 1 s, 2 s, 4 s … at most 30 s (with jitter). */
function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(retries, 5));
  return Math.round(base / 2 + (random() * base) / 2);
}

/** Messages that refresh everything on screen: each subscribed session, the stage lists and the overview. */
function catchUp(context: { region: string; profile?: string }, topicList: string): LiveMessage[] {
  const scope = { region: context.region, profile: context.profile ?? "" };
  const sessions = topicList.split("\n").flatMap((topic) => {
    const ref = sessionOfTopic(topic);
    return ref ? [{ ...scope, change: { kind: "session" as const, ...ref } }] : [];
  });
  return [{ ...scope, change: { kind: "stages" } }, ...sessions];
}

/** The server sends a comment every 15 s; this long without anything means the stream is dead. */
const silentMs = 50_000;

/** Invalidations are batched for this long, so that a burst of changes costs one refetch per query. */
const batchMs = 100;

/**
 * The tab's one push stream (Server-Sent Events from `/api/live`), opened for the topics on screen and
 * reopened when they change. A change marks the affected queries stale, and they refetch from the store at
 * once. While the stream is down the tab polls (queries read `liveStatus`), and it reconnects with backoff.
 * Loaded after the page (live-updates.tsx); renders nothing.
 */
export default function LiveStream({ defaultRegion }: { defaultRegion: string }) {
  const context = useConsoleContext(defaultRegion);
  const queryClient = useQueryClient();
  const topicCounts = useStore(liveStatus, (state) => state.topics);
  const topicList = useMemo(() => [everythingTopic, ...Object.keys(topicCounts).sort()].join("\n"), [topicCounts]);

  useEffect(() => {
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    let pending: LiveMessage[] = [];
    let retries = 0;
    let closed = false;

    const apply = () => {
      flush = undefined;
      const messages = pending;
      pending = [];
      void queryClient.invalidateQueries(
        { predicate: (query) => messages.some((message) => affectsQuery(message, context, query.queryKey)) },
        { cancelRefetch: false },
      );
    };

    const open = () => {
      const params = contextParams(context);
      params.set("topics", topicList);
      source = new EventSource(`/api/live?${params.toString()}`);
      source.addEventListener("ready", () => {
        // Whatever changed between the page's render and this subscription (or while the stream was down)
        // was not pushed: refresh what is on screen once, from the store.
        pending.push(...catchUp(context, topicList));
        flush ??= setTimeout(apply, batchMs);
        retries = 0;
        liveStatus.getState().setMode("push", 0);
        liveStatus.getState().touched(Date.now());
      });
      source.addEventListener("change", (event) => {
        liveStatus.getState().touched(Date.now());
        try {
          pending.push(JSON.parse((event as MessageEvent<string>).data) as LiveMessage);
        } catch {
          return;
        }
        flush ??= setTimeout(apply, batchMs);
      });
      source.addEventListener("ping", () => liveStatus.getState().touched(Date.now()));
      source.addEventListener("signed-out", () => {
        source?.close();
        liveStatus.getState().setMode("off");
      });
      source.onerror = () => {
        // EventSource would retry on its own; take over to back off and to poll meanwhile.
        source?.close();
        if (closed || liveStatus.getState().mode === "off") return;
        liveStatus.getState().setMode("polling", retries + 1);
        const delay = reconnectDelayMs(retries);
        retries += 1;
        timer = setTimeout(open, delay);
      };
    };

    if (liveStatus.getState().mode !== "push")
      liveStatus.getState().setMode(liveStatus.getState().mode === "off" ? "off" : "connecting");
    open();
    // A stream that stays silent past three heartbeats is dead even if the socket looks open (a proxy that
    // hangs): drop it, poll, reconnect.
    const watchdog = setInterval(() => {
      const { mode, lastMessageAt } = liveStatus.getState();
      if (mode === "push" && lastMessageAt !== undefined && Date.now() - lastMessageAt > silentMs)
        source?.onerror?.(new Event("error"));
    }, 5000);
    return () => {
      clearInterval(watchdog);
      closed = true;
      source?.close();
      if (timer) clearTimeout(timer);
      if (flush) clearTimeout(flush);
    };
  }, [context, queryClient, topicList]);

  return null;
}
