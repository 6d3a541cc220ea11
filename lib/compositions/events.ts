/**
 * EventBridge "IVS Composition State Change" records of one composition, reduced to what its state timeline needs:
 * when each change happened (the event's own time), of the composition or of one destination. Pure; no zod (it
 * runs in the browser's bundle), the records come from the console's own store.
 */
export interface CompositionEvent {
  readonly id: string;
  /** "composition" or `destination:<id>`, like the timeline's observed entries. */
  readonly subject: string;
  readonly eventName: string;
  /** The state the event means (ACTIVE, STOPPED, FAILED, RECONNECTING). */
  readonly state: string;
  /** When it happened: the detail's event_time, else the envelope's time (canonical ISO). */
  readonly time: string;
  readonly destinationId?: string;
  /** A failure's reason, when the event gives one. */
  readonly reason?: string;
}

const stateOf: Readonly<Record<string, string>> = {
  "Session Start": "ACTIVE",
  "Session End": "STOPPED",
  "Session Failure": "FAILED",
  "Destination Start": "ACTIVE",
  "Destination End": "STOPPED",
  "Destination Failure": "FAILED",
  "Destination Reconnecting": "RECONNECTING",
};

export const compositionEventNames = Object.keys(stateOf);

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

function iso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** The composition events among stored EventBridge records (others ignored), oldest first. */
export function compositionEventsOf(records: readonly unknown[]): CompositionEvent[] {
  const events: CompositionEvent[] = [];
  for (const raw of records) {
    const event = record(raw);
    const detail = record(event?.detail);
    if (!event || !detail || event["detail-type"] !== "IVS Composition State Change") continue;
    const eventName = text(detail.event_name);
    const state = eventName ? stateOf[eventName] : undefined;
    const time = iso(text(detail.event_time)) ?? iso(text(event.time));
    if (!eventName || !state || !time) continue;
    const destinationId = eventName.startsWith("Destination") ? text(detail.destination_id) : undefined;
    const reason = text(detail.reason) ?? text(detail.error_message) ?? text(detail.message);
    events.push({
      id: text(event.id) ?? `${eventName}@${time}`,
      subject: destinationId
        ? `destination:${destinationId}`
        : eventName.startsWith("Destination")
          ? "destination:?"
          : "composition",
      eventName,
      state,
      time,
      ...(destinationId ? { destinationId } : {}),
      ...(reason ? { reason } : {}),
    });
  }
  return events.sort((a, b) => a.time.localeCompare(b.time));
}
