/**
 * A HAR file's bytes, fed in chunks, to the members of `log` and the items of `log.entries`, each
 * parsed on its own by JSON.parse: a file of hundreds of megabytes is never held or parsed whole
 * (a whole parse of a 100 MB HAR builds a tree several times its size). The scanner only finds
 * where each value ends (strings, escapes and nesting); JSON.parse checks each value, so nothing
 * is ever evaluated and malformed JSON inside a value is caught there.
 *
 * The shape it follows is `{ …, "log": { …, "entries": [ …, … ], … }, … }` (members in any order).
 * A file of any other shape throws ReadWhole: the whole-file path (`fromHar`) then says exactly
 * what is wrong with it, with the engine's own JSON messages. Bytes that break JSON between values
 * throw ScanError with their offset.
 */
import { ReadWhole } from './reader';

export interface ScanHandler {
  member(name: string, value: unknown): void;
  beginEntries(): void;
  entry(value: unknown): void;
}

export class ScanError extends Error {
  override readonly name = 'ScanError';
}

const enum S {
  Start,
  TopKey,
  TopColon,
  TopValue,
  TopNext,
  LogKey,
  LogColon,
  LogValue,
  LogNext,
  EntryFirst,
  Entry,
  EntryNext,
  Done,
}

/** What to do with the value being read. */
const enum V {
  Member,
  Entry,
  Skip,
}

const QUOTE = 0x22;
const BOM = [0xef, 0xbb, 0xbf];
const BACKSLASH = 0x5c;

export class HarScanner {
  private state = S.Start;
  /** Bytes before the current chunk. */
  private base = 0;
  // A key or value that spans chunks: its earlier pieces.
  private parts: Uint8Array[] = [];
  private inValue = false;
  private valueStart = 0;
  private valueKind = V.Skip;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;
  private inKey = false;
  private key = '';
  private afterComma = false;
  private sawLog = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly handler: ScanHandler) {}

  /** Bytes read so far (for progress). */
  get offset(): number {
    return this.base;
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.inKey) {
        i = this.readKey(chunk, i);
        continue;
      }
      if (this.inValue) {
        i = this.readValue(chunk, i);
        continue;
      }
      const c = chunk[i]!;
      // A UTF-8 byte order mark (some Windows tools write one) is not JSON but says nothing wrong.
      const bom = this.base + i < 3 && c === BOM[this.base + i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || bom) {
        i++;
        continue;
      }
      this.token(c, i);
      i = this.inKey || this.inValue ? i : i + 1;
      if (this.inKey || this.inValue) {
        // The opening byte belongs to the key/value: start reading it here.
        this.valueStart = i;
        this.parts = [];
      }
    }
    // Keep what an unfinished key or value has in this chunk (copied: the caller may reuse it).
    if (this.inKey || this.inValue) {
      this.parts.push(chunk.slice(this.valueStart));
      this.valueStart = 0;
    }
    this.base += n;
  }

  end(): void {
    if (this.state === S.Done && !this.sawLog) throw new ReadWhole('there is no "log"');
    if (this.state !== S.Done) throw new ScanError(`the file ends early, at byte ${this.base}: the JSON is not complete`);
  }

  /** A structural byte at depth 0-3. */
  private token(c: number, i: number): void {
    const at = this.base + i;
    switch (this.state) {
      case S.Start:
        if (c !== 0x7b) throw new ReadWhole('the file is not a JSON object');
        this.state = S.TopKey;
        return;
      case S.TopKey:
      case S.LogKey:
        if (c === QUOTE) return this.startKey();
        if (c === 0x7d && !this.afterComma) {
          if (this.state === S.LogKey) throw new ReadWhole('log has no entries');
          this.state = S.Done;
          return;
        }
        throw this.unexpected(c, at, 'a member name');
      case S.TopColon:
      case S.LogColon:
        if (c !== 0x3a) throw this.unexpected(c, at, '":"');
        this.state = this.state === S.TopColon ? S.TopValue : S.LogValue;
        return;
      case S.TopValue:
        if (this.key === 'log') {
          if (c !== 0x7b || this.sawLog) throw new ReadWhole('"log" is not one object');
          this.sawLog = true;
          this.state = S.LogKey;
          this.afterComma = false;
          return;
        }
        return this.startValue(c, V.Skip);
      case S.LogValue:
        if (this.key === 'entries') {
          if (c !== 0x5b) throw new ReadWhole('"log.entries" is not an array');
          this.handler.beginEntries();
          this.state = S.EntryFirst;
          return;
        }
        return this.startValue(c, V.Member);
      case S.TopNext:
      case S.LogNext:
        if (c === 0x2c) {
          this.state = this.state === S.TopNext ? S.TopKey : S.LogKey;
          this.afterComma = true;
          return;
        }
        if (c === 0x7d) {
          this.state = this.state === S.TopNext ? S.Done : S.TopNext;
          return;
        }
        throw this.unexpected(c, at, '"," or "}"');
      case S.EntryFirst:
        if (c === 0x5d) {
          this.state = S.LogNext;
          return;
        }
        return this.startValue(c, V.Entry);
      case S.Entry:
        return this.startValue(c, V.Entry);
      case S.EntryNext:
        if (c === 0x2c) {
          this.state = S.Entry;
          return;
        }
        if (c === 0x5d) {
          this.state = S.LogNext;
          return;
        }
        throw this.unexpected(c, at, '"," or "]"');
      case S.Done:
        throw new ScanError(`unexpected data after the end of the JSON, at byte ${at}`);
    }
  }

  private unexpected(c: number, at: number, wanted: string): ScanError {
    const shown = c >= 0x21 && c <= 0x7e ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`;
    return new ScanError(`not JSON: ${shown} at byte ${at} where ${wanted} belongs`);
  }

  private startKey(): void {
    this.inKey = true;
    this.inString = true;
    this.escaped = false;
  }

  private startValue(c: number, kind: V): void {
    this.inValue = true;
    this.valueKind = kind;
    this.inString = c === QUOTE;
    this.escaped = false;
    this.scalar = c !== QUOTE && c !== 0x7b && c !== 0x5b;
    // Containers count their opening byte when the value is read from it.
    this.depth = 0;
  }

  /** Reads a member name's string; returns where reading stopped. */
  private readKey(chunk: Uint8Array, from: number): number {
    // The opening quote is at valueStart (or in parts); scan from after it.
    let i = from === this.valueStart && this.parts.length === 0 ? from + 1 : from;
    const n = chunk.length;
    for (; i < n; i++) {
      const c = chunk[i]!;
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) {
        this.inKey = false;
        this.inString = false;
        this.key = this.parse(this.bytes(chunk, i + 1), this.base + i) as string;
        this.afterComma = false;
        this.state = this.state === S.TopKey ? S.TopColon : S.LogColon;
        return i + 1;
      }
    }
    return n;
  }

  /** Reads a value to its end; returns where reading stopped. */
  private readValue(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let i = from;
    if (this.scalar) {
      for (; i < n; i++) {
        const c = chunk[i]!;
        if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return this.done(chunk, i);
      }
      return n;
    }
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    // A string value's opening quote was counted by startValue: skip it once.
    if (inString && from === this.valueStart && this.parts.length === 0 && depth === 0) i++;
    for (; i < n; i++) {
      if (inString) {
        // Jump to the next quote (a native search: most of a HAR's bytes are inside strings), then
        // see whether the backslashes before it escape it.
        if (escaped) {
          escaped = false;
          continue;
        }
        const q = chunk.indexOf(QUOTE, i);
        if (q < 0) {
          let b = n - 1;
          while (b >= i && chunk[b] === BACKSLASH) b--;
          escaped = (n - 1 - b) % 2 === 1;
          i = n;
          break;
        }
        let b = q - 1;
        while (b >= i && chunk[b] === BACKSLASH) b--;
        i = q;
        if ((q - 1 - b) % 2 === 1) continue;
        inString = false;
        if (depth === 0) return this.done(chunk, i + 1);
        continue;
      }
      const c = chunk[i]!;
      if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return this.done(chunk, i + 1);
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return n;
  }

  /** The value ends before `end`: parse it and hand it on. */
  private done(chunk: Uint8Array, end: number): number {
    this.inValue = false;
    this.inString = false;
    const at = this.base + this.valueStart - this.parts.reduce((s, p) => s + p.length, 0);
    const value = this.valueKind === V.Skip ? undefined : this.parse(this.bytes(chunk, end), at);
    if (this.valueKind === V.Skip) this.parts = [];
    switch (this.valueKind) {
      case V.Member:
        this.handler.member(this.key, value);
        this.state = S.LogNext;
        break;
      case V.Entry:
        this.handler.entry(value);
        this.state = S.EntryNext;
        break;
      case V.Skip:
        this.state = S.TopNext;
        break;
    }
    return end;
  }

  /** The current key's or value's bytes, from its earlier pieces and this chunk up to `end`. */
  private bytes(chunk: Uint8Array, end: number): Uint8Array {
    const tail = chunk.subarray(this.valueStart, end);
    if (!this.parts.length) return tail;
    let size = tail.length;
    for (const p of this.parts) size += p.length;
    const out = new Uint8Array(size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    out.set(tail, o);
    this.parts = [];
    return out;
  }

  private parse(bytes: Uint8Array, at: number): unknown {
    const text = this.decoder.decode(bytes);
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ScanError(`not JSON at byte ${at}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
