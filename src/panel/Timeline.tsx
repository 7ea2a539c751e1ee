import type { ChannelView } from '../core/classify/types';
import type { MessageStore } from '../core/store/message-store';
import type { UpdateView, ViewState } from './view-state';

interface Props {
  readonly store: MessageStore;
  /** Lanes, top to bottom (already filtered by the channel list's selection and pattern filter). */
  readonly lanes: readonly ChannelView[];
  readonly view: ViewState;
  readonly update: UpdateView;
}

/** One canvas timeline for every transport: a lane per channel, bars for lifetimes, ticks for messages. (Placeholder.) */
export function Timeline(_: Props) {
  return <section class="timeline" data-testid="timeline" aria-label="Timeline" />;
}
