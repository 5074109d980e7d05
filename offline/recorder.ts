/**
 * The recorder: what the offline runtime saw of a program run. Every registration (type, name,
 * inputs, parent, dependencies, provider), every invoke, the warnings the components logged, the
 * errors they raised after construction, and when the engine was last busy.
 *
 * Only state of its own: importing it changes nothing global. The engine adapter (engine.ts)
 * feeds it from the SDK's monitor and log, the fake AWS (fakeAws/) from the mock's answers.
 */
import * as pulumi from "@pulumi/pulumi";

// Internal to the SDK: its set of unfinished promises, which it reports as leaks at exit.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeState = require("@pulumi/pulumi/runtime/state");

/** One registered resource, as the engine saw it. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly custom: boolean;
  /** The parent's name and type; undefined for resources at the stack's top level. */
  parent?: string;
  parentType?: string;
  parentUrn?: string;
  /** Names of the resources this one depends on (explicitly or through its inputs). */
  dependencies: string[];
  /** URNs of the resources this one depends on (explicitly or through its inputs). */
  dependencyUrns: string[];
  /** URNs of the resources this one depends on, by input property. */
  propertyDependencies: Record<string, string[]>;
  urn?: string;
  id?: string;
  /** The state the mock returned: inputs plus computed outputs (ARNs, generated names). */
  outputs?: Record<string, any>;
  /** The URN of an explicit provider, if any. */
  provider?: string;
  /** The resource options the engine acts on at replacement and deletion, when set. */
  options?: ResourceLifecycleOptions;
}

/**
 * Options the engine reads when it replaces or deletes a resource: what a test of a replacement
 * or a destroy asserts, since the mocked runtime never replaces or deletes anything itself.
 */
export interface ResourceLifecycleOptions {
  readonly deleteBeforeReplace?: boolean;
  readonly retainOnDelete?: boolean;
  readonly replaceOnChanges?: string[];
}

export interface RecordedInvoke {
  readonly token: string;
  readonly inputs: Record<string, any>;
  readonly region: string;
}

/** What a registration request tells beyond the public Mocks interface: its place in the graph. */
export interface RequestContext {
  readonly parentUrn: string;
  readonly dependencyUrns: string[];
  readonly propertyDependencies: Record<string, string[]>;
  readonly options?: ResourceLifecycleOptions;
}

let recorded: Registration[] = [];
let invoked: RecordedInvoke[] = [];
/** When the mock last registered a resource or answered an invoke (process.hrtime). */
let lastActivity = 0n;
/** The latest registration of each `type::name`, to attach its URN when the monitor answers. */
const recordedByKey = new Map<string, Registration>();
const pendingRequests = new Map<string, RequestContext>();
const unhandled: unknown[] = [];
const warned: string[] = [];

/** Forgets everything recorded: a new program run (or test) starts. */
export function resetRecorder(): void {
  recorded = [];
  invoked = [];
  pendingRequests.clear();
  recordedByKey.clear();
  unhandled.length = 0;
  warned.length = 0;
}

/** The engine is busy now: a registration or an invoke arrived. */
export function noteActivity(): void {
  lastActivity = process.hrtime.bigint();
}

/** When the mock last registered a resource or answered an invoke, in process.hrtime nanoseconds. */
export function lastActivityAt(): bigint {
  return lastActivity;
}

export function registrations(): Registration[] {
  return [...recorded];
}

/**
 * The recorded registrations themselves, not a copy: the fake AWS reads them for every answer,
 * and copying them each time would weigh on the benchmark's larger fleets.
 */
export function recordedRegistrations(): readonly Registration[] {
  return recorded;
}

/** Every registration of one type token. */
export function resourcesOfType(type: string): Registration[] {
  return recorded.filter((r) => r.type === type);
}

/** Warnings the components logged (through `pulumi.log.warn`) since the test began. */
export function warnings(): string[] {
  return [...warned];
}

export function invokes(token?: string): RecordedInvoke[] {
  return invoked.filter((i) => token === undefined || i.token === token);
}

export function recordRegistration(registration: Registration): void {
  recorded.push(registration);
  recordedByKey.set(`${registration.type}::${registration.name}`, registration);
}

export function recordInvoke(invoke: RecordedInvoke): void {
  invoked.push(invoke);
}

export function recordWarning(message: string): void {
  warned.push(message);
}

/** An unhandledRejection listener (engine.ts attaches it): keeps the reason for the test. */
export const recordRejection = (reason: unknown): void => {
  unhandled.push(reason);
};

/** Keeps a registration request's parent and dependencies until the mock records it. */
export function noteRequest(key: string, request: RequestContext): void {
  pendingRequests.set(key, request);
}

/** The parent and dependencies of the latest request for `type::name`, if one was noted. */
export function requestOf(key: string): RequestContext | undefined {
  return pendingRequests.get(key);
}

/** Attaches the URN the engine gave the latest registration of `type::name`. */
export function attachUrn(key: string, urn: string): void {
  const reg = recordedByKey.get(key);
  if (reg) {
    reg.urn = urn;
  }
}

/**
 * Waits until every registration and invoke in flight, and those they start, are done: until
 * the recorded registrations and invokes stop changing. (The SDK's own wait for RPCs cannot be
 * used: a resource whose inputs rejected never finishes registering, and would block it for good.)
 */
export async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 5;) {
    const before = recorded.length + invoked.length;
    await delay(2);
    quiet = recorded.length + invoked.length === before ? quiet + 1 : 0;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The value of an Output once known (fails if it never resolves). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("output never resolved")), 5000);
    output.apply((v) => {
      clearTimeout(timer);
      resolve(v);
      return v;
    });
  });
}

/**
 * A rejected input leaves its resource's registration waiting for good; when that is the expected
 * outcome, this keeps the SDK from reporting it as a leak when the process exits.
 */
export function forgetPendingRegistrations(): void {
  runtimeState.getStore().leakCandidates.clear();
}

/** Rejections raised after construction and not yet taken (components' errors among them). */
export function takeUnhandled(): unknown[] {
  return unhandled.splice(0, unhandled.length);
}

/** Errors raised after construction and not yet taken, without failing (for runners). */
export function takeErrors(): Error[] {
  const messages = new Set<string>();
  return takeUnhandled()
    .map((e) => (e instanceof Error ? e : new Error(String(e))))
    .filter((e) => !messages.has(e.message) && messages.add(e.message));
}
