// The baseline: what merely reading a HAR whole costs (readFileSync + JSON.parse), no analysis.
import { readFileSync } from 'node:fs';

const doc = JSON.parse(readFileSync(process.argv[2], 'utf8'));
process.stdout.write(String(doc.log.entries.length));
