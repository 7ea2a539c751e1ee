/**
 * The last step of every fixture recorder (record-playwright-har.ts, record-mitmproxy-har.ts): a
 * file over the size limit is refused (and removed), the rest is re-indented (2 spaces, one
 * trailing newline, so diffs stay readable) and summarised with what `analyze` finds in it.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fromHar } from '../src/core/har/import';
import { analyze } from '../src/core/report/report';

export const MAX_FIXTURE_BYTES = 300 * 1024;

export function finishFixture(file: string): void {
  const size = statSync(file).size;
  if (size > MAX_FIXTURE_BYTES) {
    rmSync(file);
    throw new Error(`${file}: ${size} bytes is over ${MAX_FIXTURE_BYTES}`);
  }
  writeFileSync(file, `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2)}\n`);
  const report = analyze(fromHar(readFileSync(file, 'utf8')).sources);
  const found = report.channels.map((c) => `${c.transport} ${c.template} → ${c.pattern} (${c.messages} msg)`).join('; ');
  console.log(`${relative(process.cwd(), file)}: ${(size / 1024).toFixed(0)} KB; ${found}`);
}
