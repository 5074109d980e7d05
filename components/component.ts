import * as pulumi from "@pulumi/pulumi";
import { componentLabel, withLabel } from "./lib/errors";

/**
 * An output that takes a field of a component's data once `initialize` has produced it (the data
 * promise rejects, and so the output, when initialisation fails).
 */
export function dataOutput<TData, K extends keyof TData>(
  data: Promise<TData>,
  key: K,
): pulumi.Output<pulumi.Unwrap<TData[K]>> {
  return pulumi.output(data.then((d) => d[key]));
}

/**
 * How a registered component reports bad input it finds in `initialize` or an apply: a
 * `pulumi.ResourceError` attached to it, with the same `Class "name": ` prefix the constructor's
 * own checks use.
 */
export function failureOf(
  className: string,
  name: string,
  resource: pulumi.Resource,
): (message: string) => pulumi.ResourceError {
  const label = componentLabel(className, name);
  return (message) => new pulumi.ResourceError(`${label}: ${message}`, resource);
}

/**
 * Runs a component's argument check with its messages prefixed `Class "name": `. Components
 * call it before `super()` (to throw before anything is registered) and again in
 * `initialize` for the checked values, as the arguments are all `initialize` receives.
 */
export function checkArgs<A, R>(
  className: string,
  name: string,
  validate: (args: A) => R,
  args: A,
): R {
  return withLabel(componentLabel(className, name), () => validate(args));
}
