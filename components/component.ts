import * as pulumi from "@pulumi/pulumi";
import { componentLabel, withLabel } from "./lib/errors";

/** The value type of an output property. */
type OutputValue<O> = O extends pulumi.Output<infer T> ? T : never;

/** The component's own Output properties (not `urn`, which every resource has). */
type OutputKeys<C> = Exclude<
  { [P in keyof C]: C[P] extends pulumi.Output<unknown> ? P : never }[keyof C],
  keyof pulumi.ComponentResource
> &
  string;

/**
 * How a component derives each of its outputs from the state its `initialize` returned: one
 * entry for every Output property the class declares, so none is left undefined.
 */
export type OutputDerivations<C, TState> = {
  readonly [P in OutputKeys<C>]: (state: TState) => pulumi.Input<OutputValue<C[P]>>;
};

/**
 * Defines a component's outputs: read-only properties, each derived from the state `initialize`
 * returns, made the first time it is read and rejecting with initialisation's error when that
 * fails. Every Output costs the SDK a few dozen promises, so a fleet of components whose outputs
 * nobody reads pays nothing for them; one that is read is a single deferred Output.
 *
 * The class declares each output (`declare public readonly name: pulumi.Output<T>;`), which
 * keeps them in its type and in the schema Pulumi infers for other languages. They are not
 * enumerable, like getters on a prototype, so walking the component does not make them.
 */
export function defineOutputs<C extends pulumi.ComponentResource, TState>(
  component: C,
  state: Promise<TState>,
  derive: OutputDerivations<C, TState>,
): void {
  for (const key of Object.keys(derive) as OutputKeys<C>[]) {
    let output: pulumi.Output<unknown> | undefined;
    Object.defineProperty(component, key, {
      enumerable: false,
      get: () => (output ??= deferred(state.then(derive[key]))),
    });
  }
}

/** One Output of a value that is not there yet (`pulumi.output(promise)` would build three). */
function deferred<T>(value: Promise<pulumi.Input<T>>): pulumi.Output<T> {
  const [output, resolve] = pulumi.deferredOutput<T>();
  const toOutput = (v: unknown): pulumi.Output<T> =>
    pulumi.Output.isInstance<T>(v) ? v : (pulumi.output(v) as pulumi.Output<T>);
  value.then(
    (v) => resolve(toOutput(v)),
    // The SDK reports an error shared by several rejected promises once.
    (error: unknown) => resolve(toOutput(Promise.reject(error as Error))),
  );
  return output;
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
