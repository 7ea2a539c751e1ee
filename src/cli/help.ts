/** Usage texts, printed by --help (stdout) and after a usage error (stderr, first line only). */

export const TOP_HELP = `polltergeist — how a page talks to its servers: polling, long-polling, SSE, streaming, WebSocket

Usage:
  polltergeist record <url> [options]     record a page in a real browser with the extension, write a HAR, print the report
  polltergeist analyze <file.har> [options]
                                          the same report from a HAR file (ours, or Chrome's / Firefox's export)
  polltergeist help [record|analyze]      this text, or a command's
  polltergeist --version

Exit codes: 0 done, 1 a finding at or above --fail-on, 2 bad usage or input, or the recording failed.
Results go to stdout (a table, or one JSON object with --json); progress and warnings to stderr.
`;

export const RECORD_HELP = `Usage: polltergeist record <url> [options]

Opens <url> in the system's Chromium/Chrome or Firefox with the Polltergeist extension loaded,
captures its traffic through the extension for the duration, writes a HAR and prints the channels
(pattern, endpoint, rate, evidence) and findings.

Options:
  --duration <time>         how long to record: 15s (default), 500ms, 2m, 1m30s; a bare number is seconds
  --browser <name>          chromium or firefox (default: chromium if found, else firefox)
  --out <file.har>          where to write the HAR (default: capture.har)
  --json                    print one JSON object ({ version, channels, findings }) instead of the table
  --fail-on <severity>      exit 1 when a finding is at least this severe: warning or error
  --headed                  show the browser window (needs a display); headless by default
  -q, --quiet               no progress on stderr (the live countdown on a terminal, the steps); warnings still
  -h, --help                this text

Browsers are looked up on PATH (chromium, chromium-browser, google-chrome, google-chrome-stable;
firefox-esr, firefox), or given with CHROME_PATH / FIREFOX_PATH. The extension must be built
(npm run build). Ctrl-C ends the recording early and still writes the HAR and the report.
`;

export const ANALYZE_HELP = `Usage: polltergeist analyze <file.har> [options]

Classifies the traffic in a HAR file offline and prints the channels and findings.

Options:
  --json                    print one JSON object ({ version, channels, findings }) instead of the table
  --fail-on <severity>      exit 1 when a finding is at least this severe: warning or error
  -h, --help                this text
`;

export function helpFor(topic: string): string {
  if (topic === 'record') return RECORD_HELP;
  if (topic === 'analyze') return ANALYZE_HELP;
  return TOP_HELP;
}
