import type { ChannelView } from '../../core/classify/types';
import { matchRanges, type CompiledFilter } from '../../core/store/filter-index';
import { oneLine } from '../../core/format/one-line';
import { FLAG_BINARY, FLAG_UP, KIND_CHUNK, KIND_MASK, KIND_SSE, type MessageStore } from '../../core/store/message-store';
import { formatBytes, formatOffset } from '../../core/format/numbers';
import { highlightSegments } from './highlight';
import { formatClock } from './list-nav';

export const ROW_HEIGHT = 20;

interface Props {
  readonly store: MessageStore;
  readonly logical: number;
  /** Row position in the filtered view (0-based) and its y relative to the viewport. */
  readonly index: number;
  readonly y: number;
  readonly origin: number;
  readonly channel: ChannelView | undefined;
  readonly filter: CompiledFilter;
  readonly selected: boolean;
  readonly open: boolean;
  readonly onSelect: (logical: number) => void;
}

/** The text a row shows for a message: its list preview on one line ('' for stream chunks). */
export function rowText(store: MessageStore, logical: number): string {
  return oneLine(store.listPreviewOf(logical));
}

/**
 * One message of the virtual list. Every captured string reaches the DOM as a text node (matches
 * as <mark> elements holding text), never as markup.
 */
export function MessageRow({ store, logical, index, y, origin, channel, filter, selected, open, onSelect }: Props) {
  const t = store.timeOf(logical);
  const size = store.sizeOf(logical);
  const flags = store.flagsOf(logical);
  const up = (flags & FLAG_UP) !== 0;
  const kind = flags & KIND_MASK;
  const binary = (flags & FLAG_BINARY) !== 0;
  const sse = kind === KIND_SSE ? store.sseFields(logical) : null;
  const text = rowText(store, logical);
  const segments = highlightSegments(text, filter.highlight ? matchRanges(text, filter) : []);
  const template = channel?.template || store.channelOf(logical) || store.connectionOf(logical)?.url || '';
  // An imported stream body without event times: its events' times were placed, not measured.
  const placed = sse !== null && (store.connectionOf(logical)?.placedMessages ?? 0) > 0;
  return (
    <div
      role="row"
      id={`msg-row-${logical}`}
      class={`msg-row${selected ? ' selected' : ''}${open ? ' open' : ''}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="message-row"
      data-logical={String(logical)}
      data-dir={up ? 'up' : 'down'}
      data-size={String(size)}
      data-channel={store.channelOf(logical)}
      data-kind={kind === KIND_SSE ? 'sse' : kind === KIND_CHUNK ? 'chunk' : 'ws'}
      data-binary={String(binary)}
      style={{ transform: `translateY(${y}px)` }}
      onClick={() => onSelect(logical)}
    >
      <span
        role="gridcell"
        class="c-time"
        data-placed={placed ? 'true' : undefined}
        title={placed ? `${formatClock(t)}: placed, not measured (the HAR kept this event in the response body without a time)` : formatClock(t)}
      >
        {placed ? '≈' : ''}
        {formatOffset(t, origin)}
      </span>
      <span role="gridcell" class="c-chan" title={channel ? `${channel.template} (${channel.pattern})` : template}>
        <span class={`dot pattern-${channel?.pattern ?? 'none'}`} aria-hidden="true" />
        {template}
      </span>
      <span role="gridcell" class={`c-dir ${up ? 'up' : 'down'}`} title={up ? 'sent' : 'received'} aria-label={up ? 'sent' : 'received'}>
        {up ? '↑' : '↓'}
      </span>
      <span role="gridcell" class="c-size">
        {formatBytes(size)}
      </span>
      <span role="gridcell" class={`c-preview${binary ? ' binary' : ''}`}>
        {sse && sse.event && sse.event !== 'message' && <span class="msg-event">{sse.event}</span>}
        {kind === KIND_CHUNK && text === '' ? (
          <span class="note">stream chunk</span>
        ) : (
          segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))
        )}
      </span>
    </div>
  );
}
