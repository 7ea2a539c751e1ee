/** What the diagnostics report: what a channel's pattern costs and what to do about it. */

export type Severity = 'info' | 'warning' | 'error';

export type RuleId =
  | 'chatty-polling'
  | 'no-conditional-requests'
  | 'hidden-tab-polling'
  | 'connection-limit'
  | 'reconnect-storm'
  | 'short-long-poll'
  | 'message-flood'
  | 'header-overhead';

export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** Channel key (`ChannelView.key`); for origin-wide findings, the channel most to blame. */
  readonly channel: string;
  /** One line with the numbers: "polled every 1.00 s; 94% of answers identical: 317 kB/min wasted". */
  readonly message: string;
  /** What to do about it. */
  readonly suggestion: string;
  /** The numbers in the message, machine-readable (requestsPerMin, identicalPct, wastedBytesPerMin, ...). */
  readonly numbers: Readonly<Record<string, number>>;
}
