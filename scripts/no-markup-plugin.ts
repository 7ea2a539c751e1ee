/**
 * A build step for the extension: takes preact's one path to markup out of the bundle. Preact
 * assigns `innerHTML` only for `dangerouslySetInnerHTML`, which our UI never uses: everything it
 * shows is captured text and must reach the DOM as text. With the path gone, a future use fails
 * loudly instead of rendering markup, and addons.mozilla.org's linter (web-ext lint) has no unsafe
 * assignment to warn about. If preact's code changes shape the build fails, so the step is never
 * silently skipped.
 */
import type { Plugin } from 'vite';

const SET_MARKUP = /\((\w+)\.innerHTML=(\w+)\.__html\)/;
const CLEAR_MARKUP = /\((\w+)\.innerHTML=""\)/;

export function noMarkup(): Plugin {
  return {
    name: 'polltergeist-no-markup',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)$/.test(id)) return null;
      if (!SET_MARKUP.test(code) || !CLEAR_MARKUP.test(code)) this.error(`preact's markup path changed shape in ${id}: update scripts/no-markup-plugin.ts`);
      return code
        .replace(SET_MARKUP, '(()=>{throw new Error("Polltergeist never renders markup (dangerouslySetInnerHTML)")})()')
        .replace(CLEAR_MARKUP, '($1.textContent="")');
    },
  };
}
