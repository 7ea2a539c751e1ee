import type { ChannelView } from '../../core/classify/types';
import type { Finding } from '../../core/diagnose/types';
import type { ViewState } from '../view-state';

/**
 * Where a finding leads: its channel alone (a pattern filter could only hide it), its messages,
 * over the channel's lifetime when known (else every message).
 */
export function findingTarget(f: Finding, channel: ChannelView | undefined): Partial<ViewState> {
  const known =
    channel !== undefined &&
    Number.isFinite(channel.firstAt) &&
    Number.isFinite(channel.lastAt) &&
    channel.firstAt > 0 &&
    channel.lastAt >= channel.firstAt;
  return {
    channels: new Set([f.channel]),
    patterns: new Set(),
    tab: 'messages',
    range: known ? [channel.firstAt, channel.lastAt + 1] : null,
  };
}
