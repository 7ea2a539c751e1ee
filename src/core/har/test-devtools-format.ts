/**
 * For tests: what Chrome DevTools' HAR import (front_end/models/har, "Import HAR file") demands of
 * a file before it shows anything, written from its rules: the root, `log` and every entry,
 * request, response, content and timings are objects; dates parse; the numbers it reads
 * (time, status, sizes, send/wait/receive) are numbers; `log.entries` is an array; every
 * `_webSocketMessages` item is an object (else DevTools drops the socket's frames). Returns the
 * problems found, [] for a file DevTools imports.
 */
export function devToolsImportProblems(har: unknown): string[] {
  const out: string[] = [];
  const obj = (x: unknown, where: string): x is Record<string, unknown> => {
    if (x && typeof x === 'object' && !Array.isArray(x)) return true;
    out.push(`${where} is not an object`);
    return false;
  };
  const date = (x: unknown, where: string): void => {
    if (Number.isNaN(new Date(x as string).getTime())) out.push(`${where} is not a date`);
  };
  const number = (x: unknown, where: string): void => {
    if (Number.isNaN(Number(x))) out.push(`${where} is not a number`);
  };
  const optionalNumber = (x: unknown, where: string): void => {
    if (x !== undefined) number(x, where);
  };
  if (!obj(har, 'the root') || !obj(har['log'], 'log')) return out;
  const log = har['log'];
  obj(log['creator'], 'log.creator');
  if (Array.isArray(log['pages'])) {
    log['pages'].forEach((p: unknown, i) => {
      if (!obj(p, `page ${i}`)) return;
      date(p['startedDateTime'], `page ${i} startedDateTime`);
      if (obj(p['pageTimings'], `page ${i} pageTimings`)) {
        optionalNumber(p['pageTimings']['onContentLoad'], `page ${i} onContentLoad`);
        optionalNumber(p['pageTimings']['onLoad'], `page ${i} onLoad`);
      }
    });
  }
  if (!Array.isArray(log['entries'])) {
    out.push('log.entries is not an array');
    return out;
  }
  log['entries'].forEach((e: unknown, i) => {
    const at = `entry ${i}`;
    if (!obj(e, at)) return;
    date(e['startedDateTime'], `${at} startedDateTime`);
    number(e['time'], `${at} time`);
    if (obj(e['request'], `${at} request`)) {
      number(e['request']['headersSize'], `${at} request.headersSize`);
      number(e['request']['bodySize'], `${at} request.bodySize`);
      for (const k of ['headers', 'cookies', 'queryString']) {
        const list = e['request'][k];
        if (Array.isArray(list)) list.forEach((h: unknown, j) => obj(h, `${at} request.${k}[${j}]`));
      }
      if (e['request']['postData']) obj(e['request']['postData'], `${at} request.postData`);
    }
    if (obj(e['response'], `${at} response`)) {
      const r = e['response'];
      number(r['status'], `${at} response.status`);
      number(r['headersSize'], `${at} response.headersSize`);
      number(r['bodySize'], `${at} response.bodySize`);
      optionalNumber(r['_transferSize'], `${at} response._transferSize`);
      if (Array.isArray(r['headers'])) r['headers'].forEach((h: unknown, j) => obj(h, `${at} response.headers[${j}]`));
      if (obj(r['content'], `${at} response.content`)) {
        number(r['content']['size'], `${at} response.content.size`);
        optionalNumber(r['content']['compression'], `${at} response.content.compression`);
      }
    }
    if (obj(e['timings'], `${at} timings`)) {
      const t = e['timings'];
      for (const k of ['send', 'wait', 'receive']) number(t[k], `${at} timings.${k}`);
      for (const k of ['blocked', 'dns', 'connect', 'ssl']) optionalNumber(t[k], `${at} timings.${k}`);
    }
    const frames = e['_webSocketMessages'];
    if (frames !== undefined) {
      if (!Array.isArray(frames)) out.push(`${at} _webSocketMessages is not an array`);
      else
        frames.forEach((m: unknown, j) => {
          if (!obj(m, `${at} _webSocketMessages[${j}]`)) return;
          number(m['time'], `${at} _webSocketMessages[${j}].time`);
          number(m['opcode'], `${at} _webSocketMessages[${j}].opcode`);
        });
    }
  });
  return out;
}
