import { describe, expect, it } from 'vitest';
import { HOOK_INSTALLED_QUERY, HOOK_READY } from '../core/protocol';
import { whenHookListens } from './hook-handshake';

/** What the hook does on the shared window: answer the installed query, then announce itself. */
function installHook(win: EventTarget): void {
  win.addEventListener(HOOK_INSTALLED_QUERY, (e) => e.preventDefault());
  win.dispatchEvent(new Event(HOOK_READY));
}

/** Starts the relay's side on `win`; returns how many times it has offered its hello so far. */
function relayOn(win: EventTarget): () => number {
  let offers = 0;
  whenHookListens(win, () => offers++);
  return () => offers;
}

describe('whenHookListens', () => {
  it('offers at once to a hook that is already installed, and only once', () => {
    const win = new EventTarget();
    installHook(win);
    const offers = relayOn(win);
    expect(offers()).toBe(1);
    win.dispatchEvent(new Event(HOOK_READY));
    expect(offers()).toBe(1);
  });

  it('waits for a hook that comes later, then offers once', () => {
    const win = new EventTarget();
    const offers = relayOn(win);
    expect(offers()).toBe(0);
    installHook(win);
    expect(offers()).toBe(1);
    // A second copy of the hook (or anyone else) announcing again changes nothing.
    win.dispatchEvent(new Event(HOOK_READY));
    expect(offers()).toBe(1);
  });

  it('never offers when no hook runs in the document', () => {
    const win = new EventTarget();
    const offers = relayOn(win);
    win.dispatchEvent(new Event('message'));
    expect(offers()).toBe(0);
  });
});
