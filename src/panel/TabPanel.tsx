import { Component, type ComponentChildren } from 'preact';

interface Props {
  readonly active: boolean;
  readonly id: string;
  readonly class?: string;
  readonly children: ComponentChildren;
}

/**
 * A tab's content that stays mounted while another tab is shown: hidden, and not re-rendered
 * until shown again (then once, with fresh children). Unmounting the 500-row Requests table on
 * every switch to Messages cost a third of the list's first paint in the bench. Hidden with
 * `content-visibility: hidden` (class `tab-hidden`), not display:none: the browser keeps the
 * subtree's layout instead of tearing down and rebuilding thousands of boxes on each switch, and
 * it is still out of the accessibility tree, find-in-page and tab order.
 */
export class TabPanel extends Component<Props> {
  private el: HTMLDivElement | null = null;
  private readonly ref = (el: HTMLDivElement | null): void => {
    this.el = el;
  };

  override shouldComponentUpdate(next: Props): boolean {
    if (next.active) return true;
    // Hide now; the stale content stays as it was until the tab is shown again.
    this.el?.classList.add('tab-hidden');
    return false;
  }

  override componentDidMount(): void {
    this.sync();
  }

  override componentDidUpdate(): void {
    this.sync();
  }

  private sync(): void {
    this.el?.classList.toggle('tab-hidden', !this.props.active);
  }

  override render({ id, class: cls, children }: Props) {
    return (
      <div ref={this.ref} id={id} class={cls} role="tabpanel">
        {children}
      </div>
    );
  }
}
