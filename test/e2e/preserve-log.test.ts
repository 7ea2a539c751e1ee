import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS, launch, waitFor, type Launched } from '../helpers/browsers';
import { openDemoPage, openPanel, rows } from '../helpers/panel';

const demo = inject('demoUrl');

describe.each(BROWSERS)('preserve log in %s', (name) => {
  let l: Launched;
  beforeAll(async () => {
    l = await launch(name);
  });
  afterAll(async () => {
    await l?.close();
  });

  it('a reload clears the panel unless Preserve log is on', async () => {
    const { page, marker } = await openDemoPage(l, demo, '/polling?interval=300', []);
    const panel = await openPanel(l, marker);
    const sources = async (): Promise<string[]> => [...new Set((await rows(panel)).map((r) => r.key.split(':')[0]!))];
    await waitFor(async () => ((await rows(panel)).length >= 3 ? true : null), 'three rows');
    const [first] = await sources();
    await page.reload();
    await waitFor(async () => {
      const s = await sources();
      return s.length === 1 && s[0] !== first && (await rows(panel)).length >= 2 ? true : null;
    }, 'only the reloaded document in the panel', 20_000);
    const [second] = await sources();
    await panel.$eval('[data-testid=preserve-log]', (b) => (b as HTMLInputElement).click());
    await waitFor(() => panel.$eval('[data-testid=preserve-log]', (b) => (b as HTMLInputElement).checked || null), 'checked');
    await new Promise((r) => setTimeout(r, 300));
    await page.reload();
    const both = await waitFor(async () => {
      const s = await sources();
      return s.length === 2 ? s : null;
    }, 'both documents kept', 20_000);
    expect(both).toContain(second);
    console.log(name, 'ok', both);
  });
});
