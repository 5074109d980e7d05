import * as pulumi from "@pulumi/pulumi";
import { ArnForm, checkArnOf } from "./lib/arns";
import { componentLabel, rethrowArgumentErrors, withLabel } from "./lib/errors";
import { mapInput } from "./lib/plain";

/**
 * The project and stack a fixed physical name is unique to: two stacks of one program in one
 * account (dev and prod) must never claim the same role or log group name.
 */
export const stackScope = (): string => `${pulumi.getProject()}/${pulumi.getStack()}`;

/**
 * An ARN the component passes on, checked as `checkArnOf` does with the provider's partition:
 * at once when plain, else as soon as it is known, and the resource that takes it waits for the
 * check, so a bad value known only at deployment fails naming the argument before it reaches AWS.
 */
export function checkedArn(
  form: ArnForm,
  arg: string,
  input: pulumi.Input<string>,
  partition: string,
  fail: (message: string) => Error,
): pulumi.Input<string> {
  return mapInput(input, (value) =>
    rethrowArgumentErrors(fail, () => (checkArnOf(form, arg, value, partition), value)),
  );
}

/**
 * What a component of this package sends the engine as its inputs: nothing. Each component is
 * built one way: its constructor resolves the arguments (checked into one value, plain where
 * known and an Output where not) before anything is registered, registers the component, then
 * its `build` wires the children from that value alone, passed as a parameter (`initialize`, which
 * the SDK calls inside `super`, would see only what `super` was given).
 *
 * The Node SDK sends the args given to `super` as the component's inputs and makes its URN wait
 * for every Output among them (resource.ts, `ComponentResource`); each child is registered only
 * once its parent's URN is known, so with the args as inputs every child would wait for every
 * argument: a function's role and security group for the tables and queues its environment
 * names. With none, each child waits for what its own inputs reference, as AWS requires.
 *
 * Each component extends `pulumi.ComponentResource` itself: Pulumi's schema analyzer (the plugin
 * other languages use) finds components by that heritage clause alone.
 */
export function noInputs(): pulumi.Inputs {
  return {};
}

/** The value type of an output property. */
type OutputValue<O> = O extends pulumi.Output<infer T> ? T : never;

/** The component's own Output properties (not `urn`, which every resource has). */
type OutputKeys<C> = Exclude<
  { [P in keyof C]: C[P] extends pulumi.Output<unknown> ? P : never }[keyof C],
  keyof pulumi.ComponentResource
> &
  string;

/**
 * How a component derives each of its outputs from the state its `build` returned: one
 * entry for every Output property the class declares, so none is left undefined.
 */
export type OutputDerivations<C, TState> = {
  readonly [P in OutputKeys<C>]: (state: TState) => pulumi.Input<OutputValue<C[P]>>;
};

/**
 * Defines a component's outputs: read-only properties, each derived from the state `build`
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

/**
 * One Output of a value that is not there yet (`pulumi.output(promise)` would build three), with
 * the dependencies of the Output the promise yields, if it yields one.
 */
export function deferred<T>(value: Promise<pulumi.Input<T>>): pulumi.Output<T> {
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
 * How a registered component reports bad input it finds in `build` or an apply: a
 * `pulumi.ResourceError` attached to it, with the same `Class "name": ` prefix the constructor's
 * own checks use.
 */
export function failureOf(
  className: string,
  name: string,
  resource: pulumi.Resource,
): (message: string) => pulumi.ResourceError {
  const label = componentLabel(className, name);
  // The host logs a ResourceError once the resource's URN is known. A component's URN waits for
  // nothing of its arguments (noInputs), so it is known as soon as the engine answers its
  // registration, even when the failure stems from an argument that never resolves (an Output of
  // a network whose own checks failed). No apply on the URN to find out: that cost each
  // component a few dozen promises.
  return (message) => componentError(`${label}: ${message}`, resource);
}

/**
 * A component's error as the Pulumi host should show it: its message alone, logged against the
 * component. The host formats every uncaught error with `util.inspect` (cmd/run/run.js records it
 * in a trace event even when it logs only the message), and for a ResourceError that walks
 * `resource`, the component with its children and Outputs: with the sample stack, two minutes at
 * full CPU and gigabytes before the error was reported. So the stack is hidden (the message names
 * the component, the argument and the fix) and `resource` is kept out of the enumerable
 * properties `util.inspect` walks, while the host still reads it for the component's URN.
 */
export function componentError(
  message: string,
  resource: pulumi.Resource | undefined,
): pulumi.ResourceError {
  const error = new pulumi.ResourceError(message, resource, true);
  Object.defineProperties(error, {
    resource: { value: resource, enumerable: false },
    // The SDK prefixes an error's message with `error serializing property "x": ` each time it
    // passes through a resource input (runtime/rpc.ts), which buries what the user must read;
    // the message stays as written (the prefix is dropped, not refused: the SDK assigns it).
    message: { get: () => message, set: () => undefined, enumerable: false },
    // No frames. They point into the SDK, and Node 20's `util.inspect` with colours, which the
    // host applies to every uncaught error, runs for half a minute over a stack that names the
    // SDK's source-mapped `node_modules/@pulumi/resource.ts`, then throws "Invalid string length".
    stack: { value: `Error: ${message}`, enumerable: false, writable: true },
  });
  return error;
}

/**
 * Runs a component's `build`, turning any error it did not raise itself (a bug, or an
 * error of a library it calls) into the component's error: the message prefixed with the
 * component, and the stack without the SDK's frames (see `componentError`).
 */
export async function initializing<T>(
  className: string,
  name: string,
  resource: pulumi.Resource,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (pulumi.ResourceError.isInstance(e) || !(e instanceof Error)) {
      throw e;
    }
    const error = componentError(`${componentLabel(className, name)}: ${e.message}`, resource);
    const ownFrames = (e.stack ?? "")
      .split("\n")
      .filter((line) => /^\s+at /.test(line) && !line.includes("node_modules"));
    error.stack = [`Error: ${error.message}`, ...ownFrames].join("\n");
    throw error;
  }
}

/**
 * Runs a component's argument check with its messages prefixed `Class "name": `. Components
 * call it before `super()`, to throw before anything is registered.
 */
export function checkArgs<A, R>(
  className: string,
  name: string,
  validate: (args: A) => R,
  args: A,
): R {
  return withLabel(componentLabel(className, name), () => validate(args));
}

/**
 * A value checked as soon as it is known: at once when plain, else when it resolves (another
 * stack's output), so what takes it never receives a value that failed; `check` throws
 * ArgumentError, reported through `fail` (the component's own message).
 */
export function checkedWhenKnown<T>(
  value: pulumi.Input<T>,
  fail: (message: string) => Error,
  check: (known: pulumi.Unwrap<T>) => void,
): pulumi.Input<pulumi.Unwrap<T>> {
  return mapInput(value, (known) =>
    rethrowArgumentErrors(fail, () => {
      check(known);
      return known;
    }),
  );
}
