/**
 * Hex dump of binary payloads (and of text that is not valid UTF-8): rows of 16 bytes as
 * `offset  hex bytes (8 + 8)  |ASCII|`, the ASCII column showing printable bytes and '.' for
 * the rest. Pure: the view renders the rows as text in a <pre>, a bounded number at a time.
 */

export const HEX_ROW_BYTES = 16;
/** Rows rendered at first and added by each "show more". */
export const HEX_PAGE_ROWS = 256;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

export function hexRowCount(byteLength: number): number {
  return Math.ceil(byteLength / HEX_ROW_BYTES);
}

/** One row starting at byte `offset`. */
export function hexDumpRow(bytes: Uint8Array, offset: number): string {
  let hex = '';
  let ascii = '';
  for (let i = 0; i < HEX_ROW_BYTES; i++) {
    if (i === 8) hex += ' ';
    const at = offset + i;
    if (at < bytes.length) {
      const b = bytes[at]!;
      hex += (i === 0 ? '' : ' ') + HEX[b]!;
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    } else hex += i === 0 ? '  ' : '   ';
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex}  |${ascii}|`;
}

/** Rows [0, rows) as one text block (newline separated). */
export function hexDump(bytes: Uint8Array, rows: number): string {
  const n = Math.min(Math.max(0, rows), hexRowCount(bytes.length));
  const lines: string[] = [];
  for (let r = 0; r < n; r++) lines.push(hexDumpRow(bytes, r * HEX_ROW_BYTES));
  return lines.join('\n');
}
