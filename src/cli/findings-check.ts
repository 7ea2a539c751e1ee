/** Failing a test on what a recording found: the findings at or above a severity, in words. */
import type { Severity } from '../core/diagnose/types';
import type { Report, ReportFinding } from '../core/report/report';

const RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

export function findingsAtOrAbove(report: Report, atLeast: Severity): ReportFinding[] {
  return report.findings.filter((f) => RANK[f.severity] >= RANK[atLeast]);
}

/**
 * Throws when the report has findings at or above `atLeast` (default: warning); the message lists
 * each with its severity, rule, endpoint and what it costs, so the test failure says what to fix.
 */
export function assertNoFindings(report: Report, atLeast: Severity = 'warning'): void {
  const found = findingsAtOrAbove(report, atLeast);
  if (!found.length) return;
  const lines = found.map((f) => `  ${f.severity} ${f.rule} on ${f.channel}: ${f.message}`);
  throw new Error(`Polltergeist found ${found.length} problem${found.length === 1 ? '' : 's'} at or above ${atLeast}:\n${lines.join('\n')}`);
}
