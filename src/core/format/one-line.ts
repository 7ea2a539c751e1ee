/**
 * Captured text on one line, for list rows, tooltips and details: control characters (newlines,
 * tabs, ...) become a space, a run of them and the indentation after it one space, and with
 * `max` the text is cut there with an ellipsis. The message store keeps list previews as
 * captured (normalizing a million of them at ingest costs more than the few dozen rows on
 * screen): render them through this.
 */
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
const CONTROL_RUN = /[\u0000-\u001f\u007f\u2028\u2029][\s\u0000-\u001f\u007f]*/g;

/** Whether `s` has a character that `oneLine` replaces. */
export function hasControl(s: string): boolean {
  return CONTROL.test(s);
}

export function oneLine(s: string, max = Infinity): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  const line = CONTROL.test(cut) ? cut.replace(CONTROL_RUN, ' ') : cut;
  return cut === s ? line : `${line}\u2026`;
}
