import type { ChannelView } from '../core/classify/types';

/** How patterns are written in the panel (badges, chips, filters). */
export const PATTERN_LABEL = {
  polling: 'polling',
  'long-polling': 'long-polling',
  sse: 'SSE',
  streaming: 'streaming',
  websocket: 'WebSocket',
  'one-off': 'one-off',
} as const;

/**
 * A channel's pattern as a coloured badge; hovering shows why (the evidence in words and numbers).
 * Low-confidence labels are drawn faded, so a guess never looks like a verdict.
 */
export function PatternBadge({ channel }: { readonly channel: ChannelView }) {
  const e = channel.evidence;
  const title = [
    `${PATTERN_LABEL[channel.pattern]} (${Math.round(channel.confidence * 100)}% sure): ${channel.reason}`,
    `channel ${channel.template}`,
    e.requests ? `${e.requests} requests${e.requestsPerMin === null ? '' : `, ${e.requestsPerMin}/min`}` : `${e.connections} connections`,
    e.messages
      ? `${e.messages} messages${e.messagesPerMinDown === null || e.messagesPerMinUp === null ? '' : ` (${e.messagesPerMinDown}/min ↓, ${e.messagesPerMinUp}/min ↑)`}`
      : '',
    e.identicalShare !== null ? `${Math.round(e.identicalShare * 100)}% identical answers` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <span
      class={`badge pattern-${channel.pattern}${channel.confidence < 0.6 ? ' unsure' : ''}`}
      data-testid="pattern-badge"
      title={title}
    >
      {PATTERN_LABEL[channel.pattern]}
    </span>
  );
}
