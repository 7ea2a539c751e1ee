/**
 * The shared page shell: plain styling, an explanation, a knob table, a live log and the inline
 * client script. Only `query` comes from the request, and every value taken from it is escaped;
 * the other inputs are static strings written in this folder.
 */
import { escapeHtml } from '../lib/html';
import { CLIENT_PRELUDE } from './clients/prelude';

export interface KnobDoc {
  readonly name: string;
  readonly def: string;
  readonly meaning: string;
}

export interface PageSpec {
  readonly title: string;
  /** Trusted static HTML explaining the pattern. */
  readonly explanation: string;
  readonly knobs: readonly KnobDoc[];
  /** Trusted static HTML; defaults to a single live log. */
  readonly body?: string;
  /** Trusted client JavaScript, run after the prelude (see clients/prelude.ts). */
  readonly script: string;
  /** The landing page itself has no "back to /" link. */
  readonly isHome?: boolean;
}

const STYLE = `
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  h2 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; }
  table { border-collapse: collapse; margin: .5rem 0; }
  th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
  code { background: #f2f2f2; padding: 0 .2rem; }
  ol.log { font: 12px/1.4 ui-monospace, monospace; background: #fafafa; border: 1px solid #ddd;
           padding: .5rem .5rem .5rem 2.5rem; min-height: 3rem; white-space: pre-wrap; word-break: break-all; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 0 1.5rem; }
  a.back { font-size: .9rem; }
`;

export function renderPage(spec: PageSpec, query: URLSearchParams): string {
  const body = spec.body ?? logList('log');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(spec.title)} · Polltergeist demo</title>
<style>${STYLE}</style>
</head>
<body>
${spec.isHome === true ? '' : '<p><a class="back" href="/">&larr; all demo pages</a></p>'}
<h1>${escapeHtml(spec.title)}</h1>
${spec.explanation}
${knobTable(spec.knobs, query)}
${body}
<script>
${CLIENT_PRELUDE}
${spec.script}
</script>
</body>
</html>
`;
}

/** An empty live log; clients fill it through makeLog(id) using textContent only. */
export function logList(id: string): string {
  return `<ol class="log" id="${escapeHtml(id)}"></ol>`;
}

function knobTable(knobs: readonly KnobDoc[], query: URLSearchParams): string {
  if (knobs.length === 0) return '';
  const rows = knobs
    .map((k) => {
      const current = query.get(k.name);
      const shown = current === null ? '<i>default</i>' : `<code>${escapeHtml(current)}</code>`;
      return `<tr><td><code>${escapeHtml(k.name)}</code></td><td>${escapeHtml(k.def)}</td><td>${shown}</td><td>${escapeHtml(k.meaning)}</td></tr>`;
    })
    .join('\n');
  return `<details><summary>Knobs (query string, forwarded to the API calls)</summary>
<table><tr><th>knob</th><th>default</th><th>now</th><th>meaning</th></tr>
${rows}
</table></details>`;
}
