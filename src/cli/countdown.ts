/**
 * `record`'s live line on a terminal: time left and events so far, rewritten in place once a
 * second (carriage return + erase line), and erased before anything else is printed. Nothing when
 * stderr is not a terminal (CI logs stay clean) or with --quiet.
 */
import type { RecordProgress } from './record-page';

const ERASE = '\r\x1b[2K';

/** "0:12 left · 347 events so far · Ctrl-C ends it early". */
export function countdownLine(p: RecordProgress): string {
  const left = Math.max(0, Math.ceil((p.durationMs - p.elapsedMs) / 1000));
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  const events = Number.isFinite(p.events) ? `${p.events} event${p.events === 1 ? '' : 's'} so far` : 'counting events';
  return `Recording: ${clock} left · ${events} · Ctrl-C ends it early`;
}

export class Countdown {
  private shown = false;
  constructor(private readonly write: (text: string) => void) {}

  update(p: RecordProgress): void {
    this.write(`${ERASE}${countdownLine(p)}`);
    this.shown = true;
  }

  /** Erases the live line (before other output, and at the end). */
  clear(): void {
    if (!this.shown) return;
    this.write(ERASE);
    this.shown = false;
  }
}
