"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import type { ConsoleContext } from "@/lib/context";
import { audienceChart, formatValue, seriesById } from "@/lib/metrics/quality";
import { sessionQueries } from "@/lib/query-keys";
import { link, routes } from "@/lib/routes";
import { LineChart } from "./line-chart";
import { useQuality } from "./use-quality";

const hhmmss = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)}Z`;

/**
 * A session's audience and its worst connections: Publishers and Subscribers over the session (CloudWatch, per
 * Stage) and the participants with the most packet loss, linked to their pages. Used on the session page and,
 * for the live session, on the stage page.
 */
export function SessionQuality({
  context,
  stageArn,
  sessionId,
  names,
}: {
  context: ConsoleContext;
  stageArn: string;
  sessionId: string;
  names?: ReadonlyMap<string, string>;
}) {
  const session = useQuery(sessionQueries(context, stageArn, sessionId).detail());
  const info = session.data?.data.stageSession;
  const start = info?.startTime ? Date.parse(info.startTime) : undefined;
  const end = info?.endTime ? Date.parse(info.endTime) : undefined;
  const quality = useQuality(
    context,
    start !== undefined
      ? { stageArn, sessionId, start, ...(end !== undefined ? { end: end + 60_000 } : {}) }
      : undefined,
  );
  const answer = quality.data;
  const byId = useMemo(() => seriesById(answer?.series ?? []), [answer]);
  const window = useMemo(
    () => ({ from: answer?.start ?? start ?? 0, to: answer?.end ?? end ?? (start ?? 0) + 1 }),
    [answer, start, end],
  );
  const worst = (answer?.worst ?? []).filter((w) => w.peakLoss > 0);
  return (
    <section
      aria-labelledby={`quality-${sessionId}`}
      className="space-y-2 rounded border border-room-700 bg-room-900 p-4"
      data-testid="session-quality"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`quality-${sessionId}`} className="text-sm font-semibold">
          Audience and quality
        </h2>
        <p className="text-xs text-room-300">
          {quality.error
            ? `Could not read the metrics: ${quality.error.message}`
            : !answer
              ? "Reading metrics…"
              : `CloudWatch, ${answer.period} s values · ${answer.source === "store" ? "kept by the console" : "read now"}`}
        </p>
      </div>
      {answer ? (
        <LineChart
          spec={audienceChart}
          name={`Publishers and subscribers of session ${sessionId}`}
          series={byId}
          period={answer.period}
          domain={window}
          window={window}
          height={96}
        />
      ) : null}
      {answer && answer.source === "store" ? (
        <div>
          <h3 className="mb-1 text-xs font-semibold text-room-100">Most packet loss</h3>
          {worst.length ? (
            <table className="w-full text-left text-xs">
              <caption className="sr-only">Participants with the most packet loss in this session, worst first</caption>
              <thead className="text-room-300">
                <tr>
                  <th scope="col" className="py-1 font-normal">
                    Participant
                  </th>
                  <th scope="col" className="py-1 font-normal">
                    Peak loss
                  </th>
                  <th scope="col" className="py-1 font-normal">
                    At
                  </th>
                  <th scope="col" className="py-1 font-normal">
                    Mean
                  </th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {worst.map((w) => (
                  <tr key={w.participantId} className="border-t border-room-800">
                    <th scope="row" className="py-0.5 font-normal">
                      <Link
                        href={link(context, routes.participant(stageArn, sessionId, w.participantId))}
                        className="text-accent hover:underline"
                      >
                        {names?.get(w.participantId) || w.participantId}
                      </Link>
                    </th>
                    <td className={w.peakLoss >= 3 ? "text-warn" : ""}>{formatValue(w.peakLoss, "percent")}</td>
                    <td>{w.peakAt ? hhmmss(w.peakAt) : "—"}</td>
                    <td>{formatValue(w.meanLoss, "percent")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-xs text-room-300">
              No packet loss reported (IVS reports it per participant only for participants who publish and subscribe).
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
