import { natives } from './natives';

/**
 * Every patch goes through here: it checks the property can be replaced, keeps the original
 * descriptor so it can be restored, and registers the replacement with the toString mask so
 * `fetch.toString()` and friends still read `function fetch() { [native code] }`.
 */
interface Patched {
  readonly target: object;
  readonly key: PropertyKey;
  readonly original: PropertyDescriptor;
}

const patches: Patched[] = [];
const masks = new natives.WeakMap<object, unknown>();

/** Makes fake report real's source text from Function.prototype.toString. */
export function mask(fake: object, real: unknown): void {
  masks.set(fake, real);
}

/**
 * Replaces target[key] with make(original). Returns false (and changes nothing) when the
 * property is missing or cannot be replaced, e.g. frozen by the page or another tool.
 */
export function patch<T>(target: object, key: PropertyKey, make: (original: T) => T): boolean {
  const desc = natives.getOwnPropertyDescriptor(target, key);
  if (!desc || !('value' in desc)) return false;
  if (!desc.configurable && !desc.writable) return false;
  const original = desc.value as T;
  const replacement = make(original);
  if (typeof replacement === 'function') mask(replacement, original);
  if (desc.configurable) {
    natives.defineProperty(target, key, { ...desc, value: replacement });
  } else {
    (target as Record<PropertyKey, unknown>)[key] = replacement;
  }
  patches.push({ target, key, original: desc });
  return true;
}

/** Undoes every patch, newest first. */
export function restoreAll(): void {
  for (let p = patches.pop(); p; p = patches.pop()) {
    try {
      natives.defineProperty(p.target, p.key, p.original);
    } catch {
      /* the page may have frozen it since; nothing more we can do */
    }
  }
}

/** Wraps a function in a Proxy: name, length, prototype and statics stay the native's. */
export function proxyApply<F extends (...args: never[]) => unknown>(
  fn: F,
  apply: (target: F, thisArg: unknown, args: unknown[]) => unknown,
): F {
  return new Proxy(fn, { apply: apply as ProxyHandler<F>['apply'] });
}

/**
 * Installs the toString mask itself (masked too, so it looks native from every angle). Returns
 * false when Function.prototype.toString cannot be replaced (frozen before we loaded): then every
 * Proxy we install would read `function () { [native code] }`, without its name, so the caller
 * must not patch anything.
 */
export function installToStringMask(): boolean {
  return patch<typeof Function.prototype.toString>(Function.prototype, 'toString', (original) =>
    proxyApply(original, (target, thisArg, args) => {
      const real = typeof thisArg === 'function' || typeof thisArg === 'object' ? masks.get(thisArg as object) : undefined;
      return natives.apply(target, real ?? thisArg, args);
    }),
  );
}
