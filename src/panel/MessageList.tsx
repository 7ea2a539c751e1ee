import type { ChannelView } from '../core/classify/types';
import type { MessageStore } from '../core/store/message-store';
import type { UpdateView, ViewState } from './view-state';

interface Props {
  readonly store: MessageStore;
  readonly channels: readonly ChannelView[];
  readonly view: ViewState;
  readonly update: UpdateView;
}

/** Every message of the selected channels and time range, virtualized, with search and filters. (Placeholder.) */
export function MessageList(_: Props) {
  return <section class="message-list" data-testid="message-list" aria-label="Messages" />;
}
