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
 * `mapInput` of several inputs at once. Plain ones are used as they are; one unknown input is
 * waited for alone, several through `pulumi.all`, so the result depends on every one of them even
 * while they are unknown (in a preview, an apply on an unknown value never runs, so applies nested
 * one inside the other would drop the resources of the inner ones: a function's dependency on
 * its subnets, for instance).
 */
export function mapInputs<T extends readonly unknown[], U>(
  values: readonly [...T],
  f: (known: Unwrapped<T>) => U,
): U | pulumi.Output<U> {
  const unknown = values.map((_, i) => i).filter((i) => !isKnownNow(values[i]));
  if (unknown.length === 0) {
    return f(values as unknown as Unwrapped<T>);
  }
  const fill = (known: readonly unknown[]) => {
    const all = [...values];
    unknown.forEach((index, k) => (all[index] = known[k]));
    return f(all as unknown as Unwrapped<T>);
  };
  return unknown.length === 1
    ? asOutput(values[unknown[0]]).apply((v) => fill([v]))
    : pulumi.all(unknown.map((i) => values[i])).apply((known) => fill(known));
}

/** An Output of `f` (which may be async) of several inputs, once they are all known. */
export function applyInputs<T extends readonly unknown[], U>(
  values: readonly [...T],
  f: (known: Unwrapped<T>) => pulumi.Input<U>,
): pulumi.Output<U> {
  const result = mapInputs(values, f);
  // A callback's Promise or Output is flattened by the Output that holds it.
  return (pulumi.Output.isInstance(result) ? result : pulumi.output(result)) as pulumi.Output<U>;
}

type Unwrapped<T extends readonly unknown[]> = { -readonly [K in keyof T]: pulumi.Unwrap<T[K]> };

/** The input as an Output; an Output as it is (`pulumi.output` would copy it). */
function asOutput<T>(value: pulumi.Input<T>): pulumi.Output<pulumi.Unwrap<T>> {
  return pulumi.Output.isInstance<pulumi.Unwrap<T>>(value) ? value : pulumi.output(value);
}
