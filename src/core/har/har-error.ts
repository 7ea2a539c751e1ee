import { visible } from '../text/visible';

/** A file that is not a HAR at all. Its message may quote the file: quoted parts are `visible`. */
export class HarError extends Error {
  override readonly name = 'HarError';
  constructor(message: string) {
    super(visible(message));
  }
}
