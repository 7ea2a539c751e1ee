/**
 * GET /api/poll?name&size&change&etag — the polling target. The body is a pure function of
 * (name, version, size), so consecutive answers are byte-identical until `change` bumps the
 * version: that redundancy is exactly what the extension should make visible.
 */
import { createHash } from 'node:crypto';
import type { RequestContext } from '../context';
import { flagKnob, intKnob, numberKnob, textKnob } from '../lib/knobs';
import { send, sendJsonText } from '../lib/respond';

/** Cap on distinct poller names so a client cycling names cannot grow the map forever. */
const MAX_NAMES = 1000;

export function handlePoll({ req, res, query, state }: RequestContext): void {
  const name = textKnob(query, 'name', 'default');
  const size = intKnob(query, 'size', 200, 0, 1_000_000);
  const change = numberKnob(query, 'change', 0.1, 0, 1);

  if (!state.pollVersions.has(name) && state.pollVersions.size >= MAX_NAMES) state.pollVersions.clear();
  let version = state.pollVersions.get(name) ?? 1;
  if (Math.random() < change) version += 1;
  state.pollVersions.set(name, version);

  const body = buildPollBody(name, version, size);
  if (!flagKnob(query, 'etag', false)) {
    sendJsonText(res, 200, body);
    return;
  }
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    send(res, 304, null, '', { ETag: etag });
    return;
  }
  sendJsonText(res, 200, body, { ETag: etag });
}

/** Builds `{name, version, items}` padded with deterministic items to roughly `size` bytes. */
export function buildPollBody(name: string, version: number, size: number): string {
  const items: string[] = [];
  // Length of the JSON with an empty items array; each item adds its length plus a comma.
  let length = JSON.stringify({ name, version, items: [] }).length;
  for (let id = 1; length < size; id++) {
    const item = JSON.stringify({ id, label: `item-${id}`, value: (id * 7 + version * 13) % 100 });
    items.push(item);
    length += item.length + (items.length > 1 ? 1 : 0);
  }
  return `{"name":${JSON.stringify(name)},"version":${version},"items":[${items.join(',')}]}`;
}

/** If-None-Match may be `*` or a comma list, possibly with weak (W/) validators. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
