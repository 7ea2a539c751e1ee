/**
 * The user's preferences, kept in `storage.local` so the options page, every DevTools panel and
 * every popped-out tab share them. Everything read back is validated: a value out of range is
 * clamped, a value of the wrong type falls back to its default, unknown keys are ignored.
 *
 * The storage is injectable (`PrefsStore`) so this module is unit tested without a browser; by
 * default it is `browser.storage.local` through webextension-polyfill, imported lazily because the
 * polyfill refuses to load outside an extension.
 */

export interface Prefs {
  /** Messages the panel's store keeps before dropping the oldest (read when a panel opens). */
  readonly capacity: number;
  /** Keep the capture when the inspected tab's top frame navigates (DevTools' "Preserve log"). */
  readonly preserveLog: boolean;
}

export const CAPACITY_MIN = 10_000;
export const CAPACITY_MAX = 5_000_000;
export const CAPACITY_DEFAULT = 1_000_000;

export const DEFAULT_PREFS: Prefs = { capacity: CAPACITY_DEFAULT, preserveLog: false };

/**
 * Header values redacted in the page before anything is captured (see src/core/text/redact.ts). Not a
 * preference: redaction cannot be turned off. Listed here so the options page can say so.
 */
export const REDACTED_HEADERS: readonly string[] = ['Authorization', 'Proxy-Authorization', 'Cookie', 'Set-Cookie'];

/** The one storage key the preferences live under. */
export const PREFS_KEY = 'prefs';

/** A number (or numeric string) clamped to [CAPACITY_MIN, CAPACITY_MAX] and rounded; anything else is the default. */
export function clampCapacity(raw: unknown): number {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw.replace(/[\s,_]/g, '')) : raw;
  if (typeof n !== 'number' || Number.isNaN(n)) return CAPACITY_DEFAULT;
  return Math.min(CAPACITY_MAX, Math.max(CAPACITY_MIN, Math.round(n)));
}

/** Whatever was stored (or sent), as valid preferences: missing or malformed fields take their default. */
export function validatePrefs(raw: unknown): Prefs {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    capacity: 'capacity' in o ? clampCapacity(o['capacity']) : DEFAULT_PREFS.capacity,
    preserveLog: typeof o['preserveLog'] === 'boolean' ? o['preserveLog'] : DEFAULT_PREFS.preserveLog,
  };
}

export type PrefsListener = (changes: Record<string, { readonly newValue?: unknown }>, areaName: string) => void;

/** The part of `browser.storage` used here (a fake in unit tests). */
export interface PrefsStore {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  readonly onChanged: {
    addListener(fn: PrefsListener): void;
    removeListener(fn: PrefsListener): void;
  };
  /** The area name `onChanged` reports for this store ('local'). */
  readonly area: string;
}

let browserStore: Promise<PrefsStore> | null = null;

function defaultStore(): Promise<PrefsStore> {
  browserStore ??= import('webextension-polyfill').then(({ default: browser }) => ({
    get: (key: string) => browser.storage.local.get(key),
    set: (items: Record<string, unknown>) => browser.storage.local.set(items),
    onChanged: browser.storage.onChanged,
    area: 'local',
  }));
  return browserStore;
}

/** The stored preferences, validated; the defaults when nothing is stored or the storage fails. */
export async function loadPrefs(store?: PrefsStore): Promise<Prefs> {
  try {
    const s = store ?? (await defaultStore());
    const got = await s.get(PREFS_KEY);
    return validatePrefs(got[PREFS_KEY]);
  } catch {
    return DEFAULT_PREFS;
  }
}

/** Merges a change into the stored preferences (validated, clamped) and returns what was stored. */
export async function savePrefs(patch: Partial<Prefs>, store?: PrefsStore): Promise<Prefs> {
  const s = store ?? (await defaultStore());
  const current = await loadPrefs(s);
  const next = validatePrefs({ ...current, ...patch });
  await s.set({ [PREFS_KEY]: { ...next } });
  return next;
}

/**
 * Calls `cb` with the new, validated preferences whenever they change (in this page or any other
 * extension page). Returns the unsubscribe function.
 */
export function onPrefsChanged(cb: (prefs: Prefs) => void, store?: PrefsStore): () => void {
  let stopped = false;
  let unsubscribe = (): void => {
    stopped = true;
  };
  const attach = (s: PrefsStore): void => {
    if (stopped) return;
    const listener: PrefsListener = (changes, area) => {
      const change = changes[PREFS_KEY];
      if (area === s.area && change) cb(validatePrefs(change.newValue));
    };
    s.onChanged.addListener(listener);
    unsubscribe = () => s.onChanged.removeListener(listener);
  };
  if (store) attach(store);
  else void defaultStore().then(attach, () => undefined);
  return () => unsubscribe();
}
