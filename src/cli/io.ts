/** Where a command writes: results to `out` (stdout), progress and warnings to `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Terminal width for the report table, when stdout is a terminal. */
  readonly columns?: number;
  /** stderr is a terminal: live progress may rewrite its line. */
  readonly errIsTerminal?: boolean;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  get columns() {
    return process.stdout.isTTY ? process.stdout.columns : undefined;
  },
  get errIsTerminal() {
    return process.stderr.isTTY === true;
  },
};
