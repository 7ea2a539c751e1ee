// Preloaded (--import) into a measured child process: prints its peak resident memory (KB) to
// stderr at exit, whatever way it exits (the CLI calls process.exit).
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nPOLLTERGEIST_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
