/**
 * The capture as raw events again, for the HAR writer (`toHar`): the CaptureLog's events (all but
 * messages) merged, per source and in arrival order, with the WebSocket frames and SSE events
 * rebuilt from the MessageStore's columns and ConnectionRecords. The panel keeps no raw message objects (see
 * capture-log.ts for why), so this is how its export gets them back.
 *
 * What a rebuilt message carries:
 * - time, size (as the store keeps it: clamped to a Uint32), direction, binary flag, SSE event
 *   name, id and retry; its source and hook id from its connection record, or, once that record
 *   left ConnectionRecords, from the serial the log noted on the connection's start event. A
 *   message with neither is left out: its record is gone and its start was never logged (a
 *   partial record) or no longer is (toHar would drop the message anyway, though a source with
 *   nothing else then gets no HAR page).
 * - the full preview while the store keeps it; after that, the list preview: as is when it is the
 *   whole text (FLAG_COMPLETE), else marked `truncated` (so the HAR flags the message truncated).
 *   A binary frame's list preview is hex of its first 48 bytes: exported as those bytes in base64
 *   (truncated unless the hex shows every byte), as the HAR expects for opcode 2. A text frame
 *   whose capture was base64 (only from an imported file) exports its hex as truncated text.
 * Messages older than the store's ring are not exported (the store counts them in `dropped`); the
 * logged events around them are.
 */
import { bytesToBase64 } from '../text/bytes';
import type { Capture } from './capture';
import type { LoggedSource } from './capture-log';
import type { CaptureEvent, Preview } from '../protocol';
import type { CaptureSource } from './capture-source';
import { FLAG_BINARY, FLAG_UP, KIND_CHUNK, KIND_MASK, KIND_SSE, type MessageStore } from './message-store';

/** The capture's sources with their events in arrival order; sources without events are left out. */
export function exportSources(capture: Pick<Capture, 'messages' | 'records' | 'log'>): CaptureSource[] {
  const store = capture.messages;
  const logged = capture.log.sources();
  const sourceIndex = new Map<string, number>();
  logged.forEach((s, i) => sourceIndex.set(s.source.sourceId, i));
  const starts = startsBySerial(logged);

  // The store's messages, bucketed per source (with their absolute index, for the merge).
  const messages: CaptureEvent[][] = logged.map(() => []);
  const indices: number[][] = logged.map(() => []);
  const rebased = store.rebased;
  let lastSerial = -1;
  let si = -1;
  let id = '';
  for (let l = store.firstLogical; l < store.nextLogical; l++) {
    const p = store.physical(l);
    if ((store.flags[p]! & KIND_MASK) === KIND_CHUNK) continue;
    const serial = store.conn[p]!;
    // Frames come in runs from one connection: resolve its source and id once per run.
    if (serial !== lastSerial) {
      lastSerial = serial;
      const rec = capture.records.get(serial);
      const start = starts.get(serial);
      si = rec ? (sourceIndex.get(rec.sourceId) ?? -1) : (start?.source ?? -1);
      id = rec ? rec.id : (start?.id ?? '');
    }
    if (si < 0) continue;
    messages[si]!.push(messageEvent(store, l, id));
    indices[si]!.push(l + rebased);
  }

  const out: CaptureSource[] = [];
  logged.forEach((s, i) => {
    const events = merge(s, messages[i]!, indices[i]!);
    if (events.length) out.push({ source: s.source, events });
  });
  return out;
}

/** Serial of a logged connection start -> its source (index in `logged`) and hook id. */
function startsBySerial(logged: readonly LoggedSource[]): Map<number, { source: number; id: string }> {
  const out = new Map<number, { source: number; id: string }>();
  logged.forEach((s, source) => {
    for (let i = 0; i < s.events.length; i++) {
      const serial = s.serials[i]!;
      const e = s.events[i]!;
      if (serial >= 0 && e.kind !== 'page') out.set(serial, { source, id: e.id });
    }
  });
  return out;
}

/** A logged event at position p came before the message with absolute index p and every later one. */
function merge(s: LoggedSource, messages: readonly CaptureEvent[], indices: readonly number[]): CaptureEvent[] {
  if (messages.length === 0) return [...s.events];
  const out: CaptureEvent[] = [];
  let i = 0;
  let k = 0;
  while (i < s.events.length || k < messages.length) {
    if (k >= messages.length || (i < s.events.length && s.at[i]! <= indices[k]!)) out.push(s.events[i++]!);
    else out.push(messages[k++]!);
  }
  return out;
}

function messageEvent(store: MessageStore, l: number, id: string): CaptureEvent {
  const f = store.flagsOf(l);
  const t = store.timeOf(l);
  const size = store.sizeOf(l);
  if ((f & KIND_MASK) === KIND_SSE) {
    const sse = store.sseFields(l);
    return {
      kind: 'sse',
      id,
      t,
      event: sse?.event ?? '',
      lastEventId: sse?.id ?? '',
      retry: sse?.retry ?? null,
      size,
      preview: previewOf(store, l, false),
    };
  }
  const binary = (f & FLAG_BINARY) !== 0;
  return { kind: 'ws-message', id, t, dir: f & FLAG_UP ? 'up' : 'down', binary, size, preview: previewOf(store, l, binary) };
}

function previewOf(store: MessageStore, l: number, binary: boolean): Preview {
  const full = store.fullPreview(l);
  if (full !== 'evicted' && full !== 'dropped') return full;
  const list = store.listPreviewOf(l);
  if (binary) {
    const hex = hexPreview(list);
    if (hex) return { encoding: 'base64', data: bytesToBase64(hex.bytes), truncated: hex.cut };
  }
  return { encoding: 'text', data: list, truncated: true };
}

const HEX_LIST = /^(?:[0-9a-f]{2}(?: [0-9a-f]{2})*)?$/;

/** The bytes of a `listPreviewHex` string ("0a 1b …"), `cut` when it ends in an ellipsis; null when it is not one. */
function hexPreview(list: string): { bytes: Uint8Array; cut: boolean } | null {
  const cut = list.endsWith('\u2026');
  const hex = cut ? list.slice(0, -1).trimEnd() : list;
  if (!HEX_LIST.test(hex)) return null;
  const bytes = new Uint8Array(hex ? (hex.length + 1) / 3 : 0);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 3, i * 3 + 2), 16);
  return { bytes, cut };
}
