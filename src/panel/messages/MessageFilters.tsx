import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import { PATTERNS, type ChannelView, type Pattern } from '../../core/classify/types';
import type { UpdateView, ViewState } from '../view-state';
import { formatOffset } from '../../core/format/numbers';

export interface SearchState {
  readonly text: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
}

export interface FilterState {
  readonly direction: '' | 'up' | 'down';
  /** Bytes, as typed ('' = no bound). */
  readonly minSize: string;
  readonly maxSize: string;
}

export const INITIAL_SEARCH: SearchState = { text: '', regex: false, caseSensitive: false };
export const INITIAL_FILTERS: FilterState = { direction: '', minSize: '', maxSize: '' };

/** A typed size bound in bytes, or null when empty or not a number. */
export function parseSize(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

interface SearchProps {
  readonly search: SearchState;
  readonly onSearch: (s: SearchState) => void;
  readonly error: string | null;
  readonly inputRef: Ref<HTMLInputElement>;
  /** Esc in an empty box: back to the list. */
  readonly onLeave: () => void;
}

export function SearchBar({ search, onSearch, error, inputRef, onLeave }: SearchProps) {
  return (
    <span class="msg-search" role="search">
      <input
        ref={inputRef}
        type="search"
        data-testid="search-input"
        aria-label="Search messages"
        aria-invalid={error !== null}
        aria-describedby={error !== null ? 'msg-search-error' : undefined}
        placeholder={search.regex ? 'Regex (/ to focus)' : 'Search (/ to focus)'}
        spellcheck={false}
        value={search.text}
        onInput={(e) => onSearch({ ...search, text: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          e.stopPropagation();
          if (search.text !== '') onSearch({ ...search, text: '' });
          else onLeave();
        }}
      />
      <button
        type="button"
        class="toggle"
        data-testid="search-regex"
        aria-pressed={search.regex}
        title="Regular expression"
        aria-label="Regular expression"
        onClick={() => onSearch({ ...search, regex: !search.regex })}
      >
        .*
      </button>
      <button
        type="button"
        class="toggle"
        data-testid="search-case"
        aria-pressed={search.caseSensitive}
        title="Match case"
        aria-label="Match case"
        onClick={() => onSearch({ ...search, caseSensitive: !search.caseSensitive })}
      >
        Aa
      </button>
      {error !== null && (
        <span class="msg-search-error" id="msg-search-error" role="alert" data-testid="search-error">
          {error}
        </span>
      )}
    </span>
  );
}

interface FilterProps {
  readonly filters: FilterState;
  readonly onFilters: (f: FilterState) => void;
  readonly channels: readonly ChannelView[];
  readonly view: ViewState;
  readonly update: UpdateView;
  readonly origin: number;
}

const MULTI = '\u0000multi';
/** Options in the channel dropdown at most: a thousand made the Messages tab's first paint 3x slower. */
const MAX_OPTIONS = 100;

/** The busiest MAX_OPTIONS channels (and every selected one), by endpoint. */
function dropdownChannels(withMessages: readonly ChannelView[], selected: ReadonlySet<string>): ChannelView[] {
  let list = [...withMessages];
  if (list.length > MAX_OPTIONS) {
    list.sort((a, b) => b.evidence.messages - a.evidence.messages);
    list = [...list.slice(0, MAX_OPTIONS), ...list.slice(MAX_OPTIONS).filter((c) => selected.has(c.key))];
  }
  return list.sort((a, b) => (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
}

export function MessageFilters({ filters, onFilters, channels, view, update, origin }: FilterProps) {
  // Channels that carry messages (and any selected one), for the dropdown.
  const withMessages = channels.filter((c) => c.evidence.messages > 0 || view.channels.has(c.key));
  const present = new Set<Pattern>(withMessages.map((c) => c.pattern));
  // Options are built when the dropdown is first focused or pressed (before it opens): up to a
  // hundred option elements were a third of the Messages tab's first paint, for a control most
  // people never open (the channel list selects channels too).
  const [armed, setArmed] = useState(false);
  const arm = (): void => {
    if (!armed) setArmed(true);
  };
  const listed = armed ? dropdownChannels(withMessages, view.channels) : withMessages.filter((c) => view.channels.has(c.key)).slice(0, 1);
  for (const p of view.patterns) present.add(p);
  const selected = view.channels.size === 1 ? [...view.channels][0]! : view.channels.size > 1 ? MULTI : '';
  const togglePattern = (p: Pattern): void => {
    const next = new Set(view.patterns);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    update({ patterns: next });
  };
  return (
    <span class="msg-filters">
      <select
        aria-label="Direction"
        data-testid="filter-direction"
        value={filters.direction}
        onChange={(e) => onFilters({ ...filters, direction: e.currentTarget.value as FilterState['direction'] })}
      >
        <option value="">Both directions</option>
        <option value="up">↑ Sent</option>
        <option value="down">↓ Received</option>
      </select>
      <select
        aria-label="Channel"
        data-testid="filter-channel"
        value={selected}
        onFocus={arm}
        onPointerDown={arm}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (v !== MULTI) update({ channels: v === '' ? new Set() : new Set([v]) });
        }}
      >
        <option value="">All channels</option>
        {selected === MULTI && <option value={MULTI}>{view.channels.size} selected channels</option>}
        {listed.map((c) => (
          <option key={c.key} value={c.key}>
            {c.template} ({c.pattern})
          </option>
        ))}
        {armed && listed.length < withMessages.length && (
          <option value={MULTI} disabled>
            {withMessages.length - listed.length} quieter channels: pick them in the channel list
          </option>
        )}
      </select>
      {present.size > 0 && (
        <span class="msg-patterns" role="group" aria-label="Patterns">
          {PATTERNS.filter((p) => present.has(p)).map((p) => (
            <label key={p} class={`msg-pattern pattern-${p}`}>
              <input type="checkbox" data-testid="filter-pattern" value={p} checked={view.patterns.has(p)} onChange={() => togglePattern(p)} />
              {p}
            </label>
          ))}
        </span>
      )}
      <label class="msg-size">
        Size
        <input
          type="number"
          min="0"
          inputMode="numeric"
          aria-label="Minimum size in bytes"
          data-testid="filter-min-size"
          placeholder="min B"
          value={filters.minSize}
          onInput={(e) => onFilters({ ...filters, minSize: e.currentTarget.value })}
        />
        –
        <input
          type="number"
          min="0"
          inputMode="numeric"
          aria-label="Maximum size in bytes"
          data-testid="filter-max-size"
          placeholder="max B"
          value={filters.maxSize}
          onInput={(e) => onFilters({ ...filters, maxSize: e.currentTarget.value })}
        />
      </label>
      {view.range && (
        <span class="msg-chip" data-testid="range-chip">
          {formatOffset(view.range[0], origin)} – {formatOffset(view.range[1], origin)}
          <button type="button" aria-label="Clear time range" data-testid="range-clear" onClick={() => update({ range: null })}>
            ×
          </button>
        </span>
      )}
    </span>
  );
}
