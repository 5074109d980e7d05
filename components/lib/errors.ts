/**
 * A bad argument. The message names the argument and says how to fix it; components prefix it with
 * their class and resource name, so the user sees e.g. `PrivateNetwork "net": cidrBlock ...`.
 */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArgumentError";
  }
}

/** Runs `check`, prefixing any ArgumentError it throws with `label` (the component and its name). */
export function withLabel<T>(label: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof ArgumentError) {
      throw new ArgumentError(`${label}: ${e.message}`);
    }
    throw e;
  }
}

/** `PrivateNetwork "net"`: how messages name the component that rejected an argument. */
export function componentLabel(className: string, name: string): string {
  return `${className} "${name}"`;
}

/** The repeated entries of a list, each once, in first-seen order. */
export function duplicatesOf<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const v of values) {
    if (seen.has(v)) {
      repeated.add(v);
    }
    seen.add(v);
  }
  return [...repeated];
}

/** "a, b and c" for messages. */
export function listWords(values: readonly string[]): string {
  if (values.length <= 1) {
    return values.join("");
  }
  return `${values.slice(0, -1).join(", ")} and ${values[values.length - 1]}`;
}

/**
 * Runs a pure check where a component has already been registered (in `initialize` or an apply),
 * turning its ArgumentError into the component's own error (a `pulumi.ResourceError`).
 */
export function rethrowArgumentErrors<T>(fail: (message: string) => Error, check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw e instanceof ArgumentError ? fail(e.message) : e;
  }
}

/** A count argument: a whole number of at least 1, or the default when not given. */
export function positiveInteger(arg: string, value: number | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new ArgumentError(`${arg} must be a whole number of at least 1 (got ${String(value)}).`);
  }
  return value;
}
