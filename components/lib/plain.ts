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
