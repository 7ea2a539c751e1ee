/**
 * HAR pages as capture sources: one source per page (a page is a document, like a source), one
 * more for entries without a known page; our own page field (`_polltergeist`) rebuilds the source
 * exactly and replays its events in their captured order.
 */
import type { CaptureEvent, PageEvent, SourceInfo } from '../protocol';
import { bool, FIELD_CAP, isObject, kindOf, num, shown, str } from './fields';
import { PG_FORMAT } from './types';
import type { Warnings } from './warnings';

type ConnEvent = Exclude<CaptureEvent, { kind: 'page' }>;

const VISIBILITY: ReadonlySet<string> = new Set(['visible', 'hidden']);
const REASONS: ReadonlySet<string> = new Set(['install', 'visibility', 'navigation', 'unload']);

export interface Conn {
  /** Index in `log.entries`. */
  readonly entry: number;
  readonly events: ConnEvent[];
  readonly ours: boolean;
}

export interface Slot {
  readonly id: string | null;
  readonly title: string | null;
  /** The page's start (epoch ms), when it has a valid one. */
  readonly start: number | null;
  /** Our page field, when valid. */
  ours: { readonly info: SourceInfo; readonly events: PageEvent[]; readonly order: number[] } | null;
  readonly conns: Conn[];
}

export function newSlot(id: string | null, title: string | null, start: number | null): Slot {
  return { id, title, start, ours: null, conns: [] };
}

export function readPages(raw: unknown, warnings: Warnings): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  if (raw === undefined) return slots;
  if (!Array.isArray(raw)) {
    warnings.add(`log.pages is ${kindOf(raw)}, not a list; entries read without their pages`);
    return slots;
  }
  raw.forEach((p, i) => {
    if (!isObject(p)) return;
    const id = str(p['id'], FIELD_CAP);
    if (id === undefined || slots.has(id)) return;
    const started = typeof p['startedDateTime'] === 'string' ? Date.parse(p['startedDateTime']) : NaN;
    const slot = newSlot(id, str(p['title'], FIELD_CAP) ?? null, Number.isFinite(started) ? started : null);
    if (p['_polltergeist'] !== undefined) {
      const ours = ourPage(p['_polltergeist']);
      if (typeof ours === 'string') warnings.add(`page ${i} (${shown(id)}): its _polltergeist field is damaged (${ours}); read as a plain HAR page`);
      else slot.ours = ours;
    }
    slots.set(id, slot);
  });
  return slots;
}

function ourPage(x: unknown): Slot['ours'] | string {
  if (!isObject(x)) return 'it is not an object';
  if (x['v'] !== PG_FORMAT) return `format ${shown(x['v'])} is not ${PG_FORMAT}`;
  const sourceId = str(x['sourceId'], FIELD_CAP);
  const frameId = num(x['frameId']);
  const url = str(x['url'], FIELD_CAP * 4);
  const top = bool(x['top']);
  if (sourceId === undefined || frameId === undefined || url === undefined || top === undefined) return 'its source is malformed';
  const rawEvents = x['events'];
  const rawOrder = x['order'];
  if (!Array.isArray(rawEvents) || !Array.isArray(rawOrder)) return 'events or order is not a list';
  const events: PageEvent[] = [];
  for (const e of rawEvents) {
    if (!isObject(e)) return 'a page event is malformed';
    const t = num(e['t']);
    const eventUrl = str(e['url'], FIELD_CAP * 4);
    const eventTop = bool(e['top']);
    const visibility = e['visibility'];
    const reason = e['reason'];
    if (t === undefined || eventUrl === undefined || eventTop === undefined) return 'a page event is malformed';
    if (typeof visibility !== 'string' || !VISIBILITY.has(visibility) || typeof reason !== 'string' || !REASONS.has(reason)) {
      return 'a page event is malformed';
    }
    events.push({
      kind: 'page',
      t,
      url: eventUrl,
      top: eventTop,
      visibility: visibility as PageEvent['visibility'],
      reason: reason as PageEvent['reason'],
    });
  }
  const order: number[] = [];
  for (const n of rawOrder) {
    if (typeof n !== 'number' || !Number.isInteger(n)) return 'order is malformed';
    order.push(n);
  }
  return { info: { sourceId, frameId, url, top }, events, order };
}

export function sourceOf(slot: Slot, n: number): SourceInfo {
  if (slot.ours) return slot.ours.info;
  // Chrome titles a page with its URL until the document has a title.
  const url = slot.title && /^(https?|file):/i.test(slot.title) ? slot.title : '';
  return { sourceId: slot.id === null ? 'har' : `har:${slot.id}`, frameId: 0, url, top: n === 0 || slot.id !== null };
}

/** The source's events: in their captured order when our page field says it, else merged by time. */
export function eventsOf(slot: Slot, warnings: Warnings): CaptureEvent[] {
  const pageEvents = slot.ours?.events ?? [];
  if (slot.ours && slot.conns.every((c) => c.ours)) {
    const replayed = replay(slot.ours.order, pageEvents, slot.conns);
    if (replayed) return replayed;
    warnings.add(`page ${shown(slot.id)}: the stored event order does not match its entries; events merged by time`);
  }
  return mergeByTime([pageEvents, ...slot.conns.map((c) => c.events)]);
}

function replay(order: readonly number[], pageEvents: readonly PageEvent[], conns: readonly Conn[]): CaptureEvent[] | null {
  if (order.length % 2) return null;
  const byEntry = new Map(conns.map((c) => [c.entry, c.events]));
  const taken = new Map<number, number>();
  let pageTaken = 0;
  const out: CaptureEvent[] = [];
  for (let k = 0; k < order.length; k += 2) {
    const index = order[k]!;
    const n = order[k + 1]!;
    if (n <= 0) return null;
    const list: readonly CaptureEvent[] | undefined = index === -1 ? pageEvents : byEntry.get(index);
    if (!list) return null;
    const from = index === -1 ? pageTaken : (taken.get(index) ?? 0);
    if (from + n > list.length) return null;
    for (let j = from; j < from + n; j++) out.push(list[j]!);
    if (index === -1) pageTaken += n;
    else taken.set(index, from + n);
  }
  if (pageTaken !== pageEvents.length) return null;
  for (const c of conns) if ((taken.get(c.entry) ?? 0) !== c.events.length) return null;
  return out;
}

/**
 * Several event lists into one, in time order. Each list keeps its own order (its sort key is the
 * running maximum of its times); equal keys go in list order.
 */
export function mergeByTime(lists: readonly (readonly CaptureEvent[])[]): CaptureEvent[] {
  const items: { key: number; list: number; index: number; e: CaptureEvent }[] = [];
  lists.forEach((list, li) => {
    let key = -Infinity;
    list.forEach((e, index) => {
      if (e.t > key) key = e.t;
      items.push({ key, list: li, index, e });
    });
  });
  items.sort((a, b) => a.key - b.key || a.list - b.list || a.index - b.index);
  return items.map((x) => x.e);
}
