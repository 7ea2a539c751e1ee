/** The report on stdout (table or one JSON object) and the --fail-on exit code, shared by record and analyze. */
import { formatReport, worstSeverity, type Report } from '../core/report/report';
import type { FailOn } from './args';
import { EXIT } from './errors';
import type { Io } from './io';

export function writeReport(report: Report, json: boolean, io: Io): void {
  if (json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const text = formatReport(report, io.columns === undefined ? undefined : { width: io.columns });
  io.out(text.endsWith('\n') ? text : `${text}\n`);
}

const RANK: Readonly<Record<string, number>> = { info: 0, warning: 1, error: 2 };

/** EXIT.findings when a finding is at least as severe as `failOn` (and says so on stderr), else EXIT.ok. */
export function exitCodeFor(report: Report, failOn: FailOn | null, io: Io): number {
  if (failOn === null) return EXIT.ok;
  const worst = worstSeverity(report);
  if (worst === null || RANK[worst]! < RANK[failOn]!) return EXIT.ok;
  const n = report.findings.filter((f) => RANK[f.severity]! >= RANK[failOn]!).length;
  io.err(`polltergeist: ${n} finding${n === 1 ? '' : 's'} at or above ${failOn} (--fail-on ${failOn})\n`);
  return EXIT.findings;
}
