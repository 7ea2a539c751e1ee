import { visible } from '../text/visible';

/** Warnings shown one by one; past this many, they are counted. */
export const MAX_WARNINGS = 30;

/** An import's warnings: each quotes the file (URLs, field values), so each is made `visible`. */
export class Warnings {
  private readonly list: string[] = [];
  private more = 0;
  add(message: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(visible(message));
    else this.more++;
  }
  done(): string[] {
    return this.more ? [...this.list, `${this.more} more warnings not shown`] : this.list;
  }
}
