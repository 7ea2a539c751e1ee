import { describe, expect, it } from 'vitest';
import type { CaptureEvent, PageEvent, SourceInfo } from '../../core/protocol';
import { documentStart, shouldClearOn, TopNavigation } from './preserve';

const top = (sourceId: string): SourceInfo => ({ sourceId, frameId: 0, url: 'https://x.test/', top: true });
const frame = (sourceId: string): SourceInfo => ({ sourceId, frameId: 3, url: 'https://ads.test/', top: false });
const page = (t: number, reason: PageEvent['reason'] = 'install', isTop = true): PageEvent => ({
  kind: 'page',
  t,
  url: 'https://x.test/',
  top: isTop,
  visibility: 'visible',
  reason,
});
const chunk = (t: number): CaptureEvent => ({ kind: 'chunk', id: 'r1', t, size: 10 });

describe('documentStart', () => {
  it('is the install event, else the first event, else null', () => {
    expect(documentStart([chunk(5), page(7)])).toBe(7);
    expect(documentStart([chunk(5), page(9, 'visibility')])).toBe(5);
    expect(documentStart([])).toBeNull();
  });
});

describe('shouldClearOn', () => {
  it('never clears for the first top document, and clears for a reload (a newer top source)', () => {
    const known = new Map<string, number>();
    expect(shouldClearOn(top('a'), [page(100), chunk(101)], false, known)).toBe(false);
    // More of the same document: no.
    expect(shouldClearOn(top('a'), [chunk(150)], false, known)).toBe(false);
    // Same-document navigation (pushState) keeps the source: no.
    expect(shouldClearOn(top('a'), [page(160, 'navigation')], false, known)).toBe(false);
    // Reload: a new source whose first event is the install of a top frame.
    expect(shouldClearOn(top('b'), [page(200), chunk(201)], false, known)).toBe(true);
    // The rest of the new document: no.
    expect(shouldClearOn(top('b'), [chunk(250)], false, known)).toBe(false);
  });

  it('does not clear when the log is preserved, but remembers the document', () => {
    const known = new Map<string, number>();
    shouldClearOn(top('a'), [page(100)], false, known);
    expect(shouldClearOn(top('b'), [page(200)], true, known)).toBe(false);
    expect([...known.keys()]).toEqual(['a', 'b']);
    // Preserve turned off afterwards: b is known, only the next navigation clears.
    expect(shouldClearOn(top('b'), [chunk(300)], false, known)).toBe(false);
    expect(shouldClearOn(top('c'), [page(400)], false, known)).toBe(true);
  });

  it('ignores iframes, empty batches and late batches of an older document', () => {
    const known = new Map<string, number>();
    expect(shouldClearOn(frame('f1'), [page(50, 'install', false)], false, known)).toBe(false);
    expect(shouldClearOn(top('new'), [page(200)], false, known)).toBe(false);
    expect(shouldClearOn(frame('f2'), [page(300, 'install', false)], false, known)).toBe(false);
    expect(shouldClearOn(top('empty'), [], false, known)).toBe(false);
    expect(known.has('empty')).toBe(false);
    // The previous document's last events arrive after the new one's (replay order): no clear.
    expect(shouldClearOn(top('old'), [page(100), page(180, 'unload')], false, known)).toBe(false);
  });

  it('uses the first event when the install event was evicted before the panel asked', () => {
    const known = new Map<string, number>();
    shouldClearOn(top('a'), [page(100)], false, known);
    expect(shouldClearOn(top('b'), [chunk(500), chunk(501)], false, known)).toBe(true);
  });
});

describe('TopNavigation', () => {
  it('keeps its own memory across calls', () => {
    const nav = new TopNavigation();
    expect(nav.clearsOn(top('a'), [page(1)], false)).toBe(false);
    expect(nav.clearsOn(top('b'), [page(2)], false)).toBe(true);
    expect(nav.clearsOn(top('c'), [page(3)], true)).toBe(false);
  });
});
