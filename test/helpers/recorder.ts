/**
 * The recorder lives in src/cli/recorder.ts (it is what `polltergeist record` uses); tests and
 * scripts keep importing it from here.
 */
export { recordTab, type RecordedSource, type Recorder, type Recording, type RecordOptions } from '../../src/cli/recorder';
