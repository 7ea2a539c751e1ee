/** The part of chrome-har's API (a JavaScript package without types) that scripts/record-chrome-har.ts uses. */
declare module 'chrome-har' {
  /** One DevTools protocol event, as a CDP session delivers it. */
  export interface ChromeHarMessage {
    method: string;
    params: unknown;
  }

  export interface ChromeHarOptions {
    /** Default false: entries served from the disk cache are dropped. */
    includeResourcesFromDiskCache?: boolean;
    /** Default false: `response.body`, when the caller set one on a `Network.responseReceived`, becomes `content.text`. */
    includeTextFromResponseBody?: boolean;
  }

  /** A HAR 1.2 document (`{ log: { version, creator, pages, entries } }`). */
  export function harFromMessages(messages: readonly ChromeHarMessage[], options?: ChromeHarOptions): { log: Record<string, unknown> };
}
