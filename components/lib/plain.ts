import * as pulumi from "@pulumi/pulumi";

/**
 * The value if it is already known as a plain value (not an Output or a Promise), else undefined.
 * Lets a component check what it can before registering anything, and leave the rest to apply.
 */
export function plainValue<T>(value: pulumi.Input<T> | undefined): T | undefined {
  if (value === undefined || pulumi.Output.isInstance(value) || value instanceof Promise) {
    return undefined;
  }
  return value;
}

/** A plain array whose every element is plain too, else undefined. */
export function plainArray<T>(value: pulumi.Input<pulumi.Input<T>[]> | undefined): T[] | undefined {
  const list = plainValue(value);
  if (list === undefined) {
    return undefined;
  }
  const items = list.map((item) => plainValue(item));
  return items.some((item) => item === undefined) ? undefined : (items as T[]);
}

/** True when the value holds no Output or Promise at any depth (arrays and plain objects are searched). */
export function isKnownNow(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.every(isKnownNow);
  }
  if (
    value !== null &&
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.values(value).every(isKnownNow);
  }
  return true;
}

/**
 * `f` of an input's value: computed at once when the value is known now, else an Output that
 * computes it once the value is known. Plain arguments stay plain — checked at once, shown as they
 * are in previews — and only values that are truly unknown pay for an Output.
 */
export function mapInput<T, U>(
  value: pulumi.Input<T>,
  f: (known: pulumi.Unwrap<T>) => U,
): U | pulumi.Output<U> {
  return isKnownNow(value) ? f(value as pulumi.Unwrap<T>) : asOutput(value).apply(f);
}

/**
 * `mapInput` of several inputs at once. Unknown ones are waited for one inside the other, which
 * costs the SDK about half the promises of `pulumi.all` (which copies every Output it is given).
 */
export function mapInputs<T extends readonly unknown[], U>(
  values: readonly [...T],
  f: (known: Unwrapped<T>) => U,
): U | pulumi.Output<U> {
  return nest(values, f, 0, []);
}

/** An Output of `f` (which may be async) of several inputs, once they are all known. */
export function applyInputs<T extends readonly unknown[], U>(
  values: readonly [...T],
  f: (known: Unwrapped<T>) => pulumi.Input<U>,
): pulumi.Output<U> {
  const result = nest(values, f, 0, []);
  // A callback's Promise or Output is flattened by the Output that holds it.
  return (pulumi.Output.isInstance(result) ? result : pulumi.output(result)) as pulumi.Output<U>;
}

type Unwrapped<T extends readonly unknown[]> = { -readonly [K in keyof T]: pulumi.Unwrap<T[K]> };

function nest<T extends readonly unknown[], U>(
  values: readonly [...T],
  f: (known: Unwrapped<T>) => U,
  index: number,
  done: readonly unknown[],
): U | pulumi.Output<U> {
  let i = index;
  const known = [...done];
  while (i < values.length && isKnownNow(values[i])) {
    known.push(values[i++]);
  }
  return i === values.length
    ? f(known as unknown as Unwrapped<T>)
    : // apply lifts an Output its callback returns, so the nesting is flattened.
      asOutput(values[i]).apply((value) => nest(values, f, i + 1, [...known, value]) as U);
}

/** The input as an Output; an Output as it is (`pulumi.output` would copy it). */
function asOutput<T>(value: pulumi.Input<T>): pulumi.Output<pulumi.Unwrap<T>> {
  return pulumi.Output.isInstance<pulumi.Unwrap<T>>(value) ? value : pulumi.output(value);
}
