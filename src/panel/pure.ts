import { Component, h, type ComponentType, type FunctionComponent } from 'preact';

/**
 * `Inner`, re-rendered only when `same(previous, next)` says its props changed: preact/compat's
 * `memo` without pulling in compat. The App re-renders as a whole on every live tick and view
 * change; heavy children opt out of renders that cannot change them.
 */
export function pure<P extends object>(Inner: FunctionComponent<P>, same: (a: P, b: P) => boolean): ComponentType<P> {
  class Pure extends Component<P> {
    static override displayName = `pure(${Inner.displayName ?? Inner.name})`;

    override shouldComponentUpdate(next: P): boolean {
      return !same(this.props, next);
    }

    override render(props: P) {
      return h(Inner, props);
    }
  }
  return Pure;
}
