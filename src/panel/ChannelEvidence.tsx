import type { ChannelView, LogicalStream } from '../core/classify/types';
import type { Finding } from '../core/diagnose/types';
import { formatBytes, formatDuration, formatOffset } from '../core/format/numbers';
import { PatternBadge } from './PatternBadge';

interface Props {
  readonly channel: ChannelView;
  readonly findings: readonly Finding[];
  /** The logical stream (upgrade or fallback) this channel is part of, if any. */
  readonly stream: LogicalStream | undefined;
  /** Time zero of the panel's Start column. */
  readonly origin: number;
}

/** The selected row's channel: its pattern, the numbers behind it, and what it costs. */
export function ChannelEvidence({ channel, findings, stream, origin }: Props) {
  const e = channel.evidence;
  const ms = (x: number | null) => (x === null ? '—' : formatDuration(x));
  const perMin = (x: number | null) => (x === null ? '' : ` (${x}/min)`);
  const items: [string, string][] = [
    ['Channel', `${channel.method} ${channel.origin}${channel.template}`],
    ['Ignored query keys', channel.volatileKeys.join(', ') || '—'],
    ['Requests / connections', `${e.requests} / ${e.connections}`],
    ['Median interval', `${ms(e.medianIntervalMs)}${e.intervalDispersion === null ? '' : ` ±${Math.round(e.intervalDispersion * 100)}%`}`],
    ['Median hold', ms(e.medianHoldMs)],
    ['Median gap end → next', ms(e.medianGapMs)],
    ['Max in flight', String(e.maxInFlight)],
    ['Rate', e.requestsPerMin === null ? `— (${e.requests || e.connections}: too few, or too close together, for a rate)` : `${e.requestsPerMin}/min`],
    ['Messages ↓ / ↑', `${e.messagesDown}${perMin(e.messagesPerMinDown)} / ${e.messagesUp}${perMin(e.messagesPerMinUp)}`],
    ...(e.placedMessages > 0
      ? [['Message times', `${e.placedMessages} placed, not measured: the HAR kept them in a response body without times`] as [string, string]]
      : []),
    ['Bytes ↓ / ↑', `${formatBytes(e.bytesDown)} / ${formatBytes(e.bytesUp)}`],
    ['Identical answers', e.identicalShare === null ? '—' : `${Math.round(e.identicalShare * 100)}%`],
    ['Errors', String(e.errors)],
    ['Protocol', channel.facts.protocol || 'unknown'],
  ];
  return (
    <section class="evidence" data-testid="channel-evidence" data-pattern={channel.pattern}>
      <h3>
        <PatternBadge channel={channel} /> {channel.reason}
      </h3>
      {channel.history.length > 1 && (
        <p data-testid="pattern-history">Was: {channel.history.slice(0, -1).map((h) => h.pattern).join(' → ')}</p>
      )}
      {stream && (
        <p data-testid="stream" data-link={stream.link}>
          {stream.link === 'session' ? `One session (${stream.session}): ` : 'Fallback: '}
          {stream.steps
            .map((st) => `${st.pattern} over ${st.transport} from ${formatOffset(st.from, origin)}`)
            .join(' → ')}
        </p>
      )}
      {findings.map((f) => (
        <p key={f.rule} class={`finding severity-${f.severity}`} data-testid="finding" data-rule={f.rule} data-severity={f.severity}>
          <strong>{f.rule}</strong>: {f.message}. {f.suggestion}
        </p>
      ))}
      <dl>
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
