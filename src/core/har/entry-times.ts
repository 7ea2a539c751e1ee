/** An entry's start and duration, validated: a message naming what is impossible about them otherwise. */
import { isObject, num, shown, type Json } from './fields';
import type { EntryTimes } from './read-foreign';

/** An entry's start and duration; a message naming what is impossible about them. */
export function entryTimes(e: Json, index: number): EntryTimes | string {
  const sdt = e['startedDateTime'];
  if (sdt === undefined) return `entry ${index}: startedDateTime is missing`;
  const start = typeof sdt === 'string' ? Date.parse(sdt) : NaN;
  if (!Number.isFinite(start)) return `entry ${index}: startedDateTime ${shown(sdt)} is not a date`;
  const time = e['time'];
  if (time === undefined) return { index, start, time: timingsSum(e['timings']) };
  if (typeof time !== 'number' || !Number.isFinite(time)) return `entry ${index}: time ${shown(time)} is not a number`;
  if (time < 0) return `entry ${index}: time ${time} is negative`;
  return { index, start, time };
}

/** What HAR says `time` is: the sum of the timings that happened (not -1). */
function timingsSum(timings: unknown): number {
  if (!isObject(timings)) return 0;
  let ms = 0;
  for (const k of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']) ms += Math.max(0, num(timings[k]) ?? 0);
  return ms;
}
