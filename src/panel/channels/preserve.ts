/**
 * "Preserve log": when it is off, a navigation of the inspected tab's top frame (a reload, a link,
 * a form post) clears the panel, as DevTools' Network panel does. Each document is its own source
 * (a new `sourceId`, whose first event is the hook's `page` install event), so a navigation shows
 * as a top-frame source the panel has not seen, started after every top-frame source it has.
 * Same-document navigations (pushState, hashchange) keep the source and never clear.
 */
import type { CaptureEvent, SourceInfo } from '../../core/protocol';

/**
 * When a batch's document started: its top-frame `page` install event, else its first event
 * (`firstT`, when that is a frame not in `events`); null for an empty batch.
 */
export function documentStart(events: readonly CaptureEvent[], firstT: number | null = events[0]?.t ?? null): number | null {
  for (const e of events) if (e.kind === 'page' && e.reason === 'install') return e.t;
  return firstT;
}

/**
 * True when this batch starts a newer top-frame document than any in `known` and the log is not
 * preserved: the caller clears before ingesting the batch. Records the source in `known`
 * (sourceId → document start) whatever the answer, so turning "Preserve log" off later still
 * knows the documents already shown. A late batch of an older document never clears.
 */
export function shouldClearOn(
  source: SourceInfo,
  events: readonly CaptureEvent[],
  preserveLog: boolean,
  known: Map<string, number>,
  firstT?: number | null,
): boolean {
  if (!source.top || known.has(source.sourceId)) return false;
  const start = documentStart(events, firstT);
  if (start === null) return false;
  const earlier = [...known.values()];
  known.set(source.sourceId, start);
  return !preserveLog && earlier.length > 0 && earlier.every((t) => start > t);
}

/** `shouldClearOn` with its own memory of the top-frame documents seen: one per panel session. */
export class TopNavigation {
  private readonly known = new Map<string, number>();

  /** See `shouldClearOn`. */
  clearsOn(source: SourceInfo, events: readonly CaptureEvent[], preserveLog: boolean, firstT?: number | null): boolean {
    return shouldClearOn(source, events, preserveLog, this.known, firstT);
  }
}
