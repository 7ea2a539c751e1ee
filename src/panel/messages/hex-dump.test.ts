import { expect, it } from 'vitest';
import { HEX_ROW_BYTES, hexDump, hexDumpRow, hexRowCount } from './hex-dump';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

it('formats a full row: offset, two groups of 8 bytes, printable ASCII', () => {
  expect(hexDumpRow(enc('Hello, hex dump!'), 0)).toBe(
    '00000000  48 65 6c 6c 6f 2c 20 68  65 78 20 64 75 6d 70 21  |Hello, hex dump!|',
  );
});

it('pads a short last row so the ASCII column lines up, and dots unprintable bytes', () => {
  const bytes = Uint8Array.from([0x00, 0x1f, 0x41, 0x7f, 0x80, 0xff, 0x3c]);
  const row = hexDumpRow(bytes, 0);
  expect(row).toBe(`00000000  00 1f 41 7f 80 ff 3c${' '.repeat(28)}  |..A...<|`);
  expect(row.indexOf('|')).toBe(hexDumpRow(enc('x'.repeat(16)), 0).indexOf('|'));
  const nine = hexDumpRow(enc('abcdefghi'), 0);
  expect(nine.indexOf('|')).toBe(row.indexOf('|'));
});

it('numbers rows by offset and caps the rows rendered', () => {
  const bytes = new Uint8Array(100).map((_, i) => i);
  expect(hexRowCount(100)).toBe(7);
  expect(hexRowCount(0)).toBe(0);
  expect(hexRowCount(16)).toBe(1);
  const all = hexDump(bytes, 1000).split('\n');
  expect(all).toHaveLength(7);
  expect(all[1]!.startsWith('00000010  10 11')).toBe(true);
  expect(all[6]!.startsWith('00000060  60 61 62 63 ')).toBe(true);
  expect(hexDump(bytes, 2).split('\n')).toHaveLength(2);
  expect(hexDump(new Uint8Array(0), 10)).toBe('');
  expect(HEX_ROW_BYTES).toBe(16);
});
