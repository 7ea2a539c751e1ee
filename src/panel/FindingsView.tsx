import type { ChannelView } from '../core/classify/types';
import type { Finding, Severity } from '../core/diagnose/types';
import { findingTarget } from './channels/finding-target';
import { formatNumber, numberLabel } from './channels/numbers';
import { channelName, showsHosts } from './channels/sort';
import { PatternBadge } from './PatternBadge';
import type { UpdateView } from './view-state';

interface Props {
  readonly findings: readonly Finding[];
  readonly channels: readonly ChannelView[];
  readonly update: UpdateView;
}

const GROUPS: readonly (readonly [Severity, string])[] = [
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Info'],
];

/**
 * Every finding, grouped by severity, with its numbers and suggestion. Activating one (click,
 * Enter or Space on its title) selects its channel and time range and shows its messages.
 */
export function FindingsView({ findings, channels, update }: Props) {
  const byKey = new Map(channels.map((c) => [c.key, c]));
  const withOrigin = showsHosts(channels);

  const open = (f: Finding): void => update(findingTarget(f, byKey.get(f.channel)));
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const root = (e.currentTarget as HTMLElement | null) ?? null;
    const links = [...(root?.querySelectorAll<HTMLElement>('.finding-link') ?? [])];
    const i = links.indexOf(e.target as HTMLElement);
    if (i < 0) return;
    links[Math.max(0, Math.min(links.length - 1, e.key === 'ArrowDown' ? i + 1 : i - 1))]?.focus();
    e.preventDefault();
  };

  if (findings.length === 0) {
    return (
      <section class="findings" data-testid="findings" aria-label="Findings">
        <p class="note" data-testid="no-findings">
          No findings: nothing in the traffic so far looks wasteful or broken.
        </p>
      </section>
    );
  }
  return (
    <section class="findings" data-testid="findings" aria-label="Findings" onKeyDown={onKeyDown}>
      {GROUPS.map(([severity, title]) => {
        const group = findings.filter((f) => f.severity === severity);
        if (group.length === 0) return null;
        return (
          <section key={severity} class={`finding-group severity-${severity}`} aria-labelledby={`findings-${severity}`}>
            <h3 id={`findings-${severity}`}>
              {title} ({group.length})
            </h3>
            <ul>
              {group.map((f, i) => {
                const c = byKey.get(f.channel);
                const numbers = Object.entries(f.numbers);
                return (
                  <li
                    key={`${f.rule} ${f.channel} ${i}`}
                    class={`finding-row severity-${f.severity}`}
                    data-testid="finding-row"
                    data-rule={f.rule}
                    data-severity={f.severity}
                    data-channel={f.channel}
                    onClick={(e) => {
                      // The button handles its own clicks; text selection inside the row does not navigate.
                      if ((e.target as HTMLElement).closest('.finding-link')) return;
                      if (getSelection()?.toString()) return;
                      open(f);
                    }}
                  >
                    <div class="finding-head">
                      <span class={`severity-mark severity-${f.severity}`} aria-hidden="true" />
                      <button
                        type="button"
                        class="finding-link"
                        title="Show this channel's messages over its lifetime"
                        onClick={() => open(f)}
                      >
                        <code class="rule">{f.rule}</code>
                        {' · '}
                        <span class="finding-channel">{c ? channelName(c, withOrigin) : f.channel}</span>
                      </button>{' '}
                      {c && <PatternBadge channel={c} />}
                    </div>
                    <p class="finding-message">{f.message}</p>
                    <p class="finding-suggestion">{f.suggestion}</p>
                    {numbers.length > 0 && (
                      <dl class="finding-numbers" data-testid="finding-numbers">
                        {numbers.map(([k, v]) => (
                          <div key={k} data-number={k} data-value={String(v)}>
                            <dt>{numberLabel(k)}</dt>
                            <dd>{formatNumber(k, v)}</dd>
                          </div>
                        ))}
                      </dl>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
