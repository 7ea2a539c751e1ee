/**
 * Match highlighting for the message list: a row's text split into plain and matched segments,
 * from `matchRanges` (flat [start, end, ...]). The UI renders matched segments as <mark> elements
 * holding text nodes: captured text never goes through innerHTML.
 */

export interface Segment {
  readonly text: string;
  readonly mark: boolean;
}

/**
 * Splits `text` at the ranges. Ranges out of order, overlapping, empty or out of bounds are
 * tolerated (clamped, merged into the previous one, or skipped).
 */
export function highlightSegments(text: string, ranges: readonly number[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    const start = Math.max(at, Math.min(text.length, ranges[i]!));
    const end = Math.min(text.length, ranges[i + 1]!);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    out.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}
