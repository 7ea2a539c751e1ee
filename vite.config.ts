import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import sourceManifest from './manifest.json' with { type: 'json' };
import { noMarkup } from './scripts/no-markup-plugin';

type Browser = 'chrome' | 'firefox';

/** One source manifest; each browser gets only the keys it understands. */
function manifestFor(browser: Browser): ManifestV3Export {
  const m = structuredClone(sourceManifest) as Record<string, unknown> & { background: Record<string, unknown> };
  if (browser === 'chrome') {
    delete m['browser_specific_settings'];
    delete m.background['scripts'];
  } else {
    delete m.background['service_worker'];
  }
  return m as unknown as ManifestV3Export;
}

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [
      noMarkup(),
      crx({
        manifest: manifestFor(browser),
        browser,
        // Self-contained scripts: crxjs's default async loader would install the hook after page scripts.
        contentScripts: { standaloneFiles: ['src/content/relay.ts'] },
      }),
    ],
    define: { __DEBUG__: JSON.stringify(mode === 'development') },
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      sourcemap: false,
      minify: false,
      rolldownOptions: { input: { panel: 'devtools/panel.html' } },
    },
  };
});
