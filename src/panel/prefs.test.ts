import { describe, expect, it } from 'vitest';
import {
  CAPACITY_DEFAULT,
  CAPACITY_MAX,
  CAPACITY_MIN,
  DEFAULT_PREFS,
  PREFS_KEY,
  clampCapacity,
  loadPrefs,
  onPrefsChanged,
  savePrefs,
  validatePrefs,
  type PrefsListener,
  type PrefsStore,
} from './prefs';

/** storage.local in memory, with onChanged fired like the browser's (after the write). */
class MemoryStore implements PrefsStore {
  readonly area = 'local';
  data: Record<string, unknown> = {};
  private listeners = new Set<PrefsListener>();
  failGet = false;
  onChanged = {
    addListener: (fn: PrefsListener) => void this.listeners.add(fn),
    removeListener: (fn: PrefsListener) => void this.listeners.delete(fn),
  };
  get listenerCount(): number {
    return this.listeners.size;
  }
  async get(key: string): Promise<Record<string, unknown>> {
    if (this.failGet) throw new Error('storage is gone');
    return key in this.data ? { [key]: structuredClone(this.data[key]) } : {};
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(items)) {
      const oldValue = this.data[k];
      this.data[k] = structuredClone(v);
      for (const l of this.listeners) l({ [k]: { newValue: structuredClone(v), oldValue } } as never, this.area);
    }
  }
  emit(changes: Record<string, { newValue?: unknown }>, area: string): void {
    for (const l of this.listeners) l(changes, area);
  }
}

describe('clampCapacity', () => {
  it('keeps values in range, rounded', () => {
    expect(clampCapacity(250_000)).toBe(250_000);
    expect(clampCapacity(12_345.6)).toBe(12_346);
    expect(clampCapacity(CAPACITY_MIN)).toBe(CAPACITY_MIN);
    expect(clampCapacity(CAPACITY_MAX)).toBe(CAPACITY_MAX);
  });
  it('clamps out-of-range values to the bounds', () => {
    expect(clampCapacity(0)).toBe(CAPACITY_MIN);
    expect(clampCapacity(-5)).toBe(CAPACITY_MIN);
    expect(clampCapacity(9_999)).toBe(CAPACITY_MIN);
    expect(clampCapacity(5_000_001)).toBe(CAPACITY_MAX);
    expect(clampCapacity(Infinity)).toBe(CAPACITY_MAX);
    expect(clampCapacity(-Infinity)).toBe(CAPACITY_MIN);
  });
  it('reads numeric strings, with thousands separators', () => {
    expect(clampCapacity('20000')).toBe(20_000);
    expect(clampCapacity('2,000,000')).toBe(2_000_000);
    expect(clampCapacity(' 30 000 ')).toBe(30_000);
  });
  it('falls back to the default for anything else', () => {
    for (const bad of [NaN, '', 'lots', null, undefined, {}, [], true]) expect(clampCapacity(bad)).toBe(CAPACITY_DEFAULT);
  });
});

describe('validatePrefs', () => {
  it('fills in defaults for missing or malformed fields and drops unknown keys', () => {
    expect(validatePrefs(undefined)).toEqual(DEFAULT_PREFS);
    expect(validatePrefs('nope')).toEqual(DEFAULT_PREFS);
    expect(validatePrefs({ preserveLog: 'yes', capacity: 'x', extra: 1 })).toEqual(DEFAULT_PREFS);
    expect(validatePrefs({ preserveLog: true, capacity: 7 })).toEqual({ preserveLog: true, capacity: CAPACITY_MIN });
  });
  it('defaults to a million messages and no preserved log', () => {
    expect(DEFAULT_PREFS).toEqual({ capacity: 1_000_000, preserveLog: false });
  });
});

describe('load / save / onPrefsChanged', () => {
  it('loads the defaults from an empty store, or when the store fails', async () => {
    const store = new MemoryStore();
    expect(await loadPrefs(store)).toEqual(DEFAULT_PREFS);
    store.failGet = true;
    expect(await loadPrefs(store)).toEqual(DEFAULT_PREFS);
  });

  it('saves a patch merged into what is stored, clamped, and loads it back', async () => {
    const store = new MemoryStore();
    expect(await savePrefs({ preserveLog: true }, store)).toEqual({ ...DEFAULT_PREFS, preserveLog: true });
    expect(await savePrefs({ capacity: 99_000_000 }, store)).toEqual({ capacity: CAPACITY_MAX, preserveLog: true });
    expect(store.data[PREFS_KEY]).toEqual({ capacity: CAPACITY_MAX, preserveLog: true });
    expect(await loadPrefs(store)).toEqual({ capacity: CAPACITY_MAX, preserveLog: true });
  });

  it('validates what a hand-edited or older store holds', async () => {
    const store = new MemoryStore();
    store.data[PREFS_KEY] = { capacity: 3, preserveLog: 1 };
    expect(await loadPrefs(store)).toEqual({ capacity: CAPACITY_MIN, preserveLog: false });
  });

  it('tells listeners about changes to the prefs in its area only, validated, until unsubscribed', async () => {
    const store = new MemoryStore();
    const seen: unknown[] = [];
    const stop = onPrefsChanged((p) => seen.push(p), store);
    await savePrefs({ capacity: 20_000 }, store);
    store.emit({ other: { newValue: 1 } }, 'local');
    store.emit({ [PREFS_KEY]: { newValue: { capacity: 50_000 } } }, 'sync');
    store.emit({ [PREFS_KEY]: { newValue: { capacity: -1, preserveLog: true } } }, 'local');
    expect(seen).toEqual([
      { capacity: 20_000, preserveLog: false },
      { capacity: CAPACITY_MIN, preserveLog: true },
    ]);
    stop();
    expect(store.listenerCount).toBe(0);
    await savePrefs({ preserveLog: false }, store);
    expect(seen).toHaveLength(2);
  });
});
