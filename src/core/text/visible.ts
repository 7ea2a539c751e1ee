/**
 * Text from a file or a page made safe to quote in a message, on a terminal or in the panel.
 * Written as visible escapes:
 * - every control character: C0, DEL and C1 (terminal escape sequences start with ESC or CSI);
 * - the bidirectional controls that reorder what a reader sees (U+200E/F, U+202A–E, U+2066–9)
 *   and the line and paragraph separators;
 * - lone surrogates, and U+FFFD, which is what invalid UTF-8 decodes to.
 * C0 and C1 become `\x1b`, the others `\u{202e}`. With `max`, longer text is cut, with an ellipsis.
 * Everything else, backslashes included, is left as it is, so a plain message reads the same.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

export function visible(s: string, max = Infinity): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  const out = cut.replace(UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
  return cut === s ? out : `${out}\u2026`;
}
