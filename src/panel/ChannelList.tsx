import type { ChannelView } from '../core/classify/types';
import type { Finding } from '../core/diagnose/types';
import type { UpdateView, ViewState } from './view-state';

interface Props {
  readonly channels: readonly ChannelView[];
  readonly findings: readonly Finding[];
  readonly view: ViewState;
  readonly update: UpdateView;
}

/** The channel list: one row per channel with its pattern badge and evidence; selecting filters the rest. (Placeholder.) */
export function ChannelList(_: Props) {
  return <nav class="channel-list" data-testid="channel-list" aria-label="Channels" />;
}
