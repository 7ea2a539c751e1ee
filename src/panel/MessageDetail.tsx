import type { MessageStore } from '../core/store/message-store';

interface Props {
  readonly store: MessageStore;
  /** The store's logical index of the selected message. */
  readonly message: number;
}

/** One message: JSON tree, raw text, hex for binary, SSE fields, its connection's headers and timing. (Placeholder.) */
export function MessageDetail(_: Props) {
  return <section class="detail" data-testid="message-detail" aria-label="Message detail" />;
}
