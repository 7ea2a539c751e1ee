import type { CaptureEvent, SourceInfo } from '../protocol';

/** One source's (document's) captured events, in the order they happened: what a recording, a HAR import and a HAR export hold. */
export interface CaptureSource {
  readonly source: SourceInfo;
  readonly events: readonly CaptureEvent[];
}
