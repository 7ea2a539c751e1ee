import type { ChannelView } from '../core/classify/types';
import type { Finding } from '../core/diagnose/types';
import type { UpdateView } from './view-state';

interface Props {
  readonly findings: readonly Finding[];
  readonly channels: readonly ChannelView[];
  readonly update: UpdateView;
}

/** Every finding with its numbers and suggestion, linked to its channel and time range. (Placeholder.) */
export function FindingsView(_: Props) {
  return <section class="findings" data-testid="findings" aria-label="Findings" />;
}
