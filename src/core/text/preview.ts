import type { Preview } from '../protocol';

/** Default cap on a captured body or message preview while a panel is attached. */
export const PREVIEW_CAP = 64 * 1024;
/** Cap while no panel is attached: the page keeps only a cheap ring of the recent past. */
export const DETACHED_PREVIEW_CAP = 1024;

export function textPreview(text: string, cap: number): Preview {
  return text.length > cap
    ? { encoding: 'text', data: text.slice(0, cap), truncated: true }
    : { encoding: 'text', data: text, truncated: false };
}
