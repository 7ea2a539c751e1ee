import type { Pattern } from '../core/classify/types';

export type Tab = 'requests' | 'messages' | 'findings';

/**
 * What the user has chosen to look at, shared by every view of the panel: the channel list's
 * selection filters the timeline and the message list, the timeline's brush filters the list,
 * a click anywhere selects a message or a request for the detail pane.
 */
export interface ViewState {
  /** Selected channel keys; empty = every channel. */
  readonly channels: ReadonlySet<string>;
  /** Patterns shown in the channel list (and so on the timeline); empty = every pattern. */
  readonly patterns: ReadonlySet<Pattern>;
  /** Brushed time range [from, to) in epoch ms, or null for all time. */
  readonly range: readonly [number, number] | null;
  /** The timeline keeps the newest traffic in view. */
  readonly follow: boolean;
  /** Selected message (the store's logical index). */
  readonly message: number | null;
  /** Selected request/connection (ConnectionRow key, `sourceId:id`). */
  readonly row: string | null;
  readonly tab: Tab;
}

export const INITIAL_VIEW: ViewState = {
  channels: new Set(),
  patterns: new Set(),
  range: null,
  follow: true,
  message: null,
  row: null,
  tab: 'requests',
};

export type UpdateView = (patch: Partial<ViewState>) => void;
