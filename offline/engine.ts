/**
 * The engine adapter: Pulumi's mocked runtime, with the fake AWS (fakeAws/) answering and the
 * recorder (recorder.ts) keeping what it saw, for `npm start`, `npm run check-stack`, the
 * snapshot writer, the benchmark and the tests. `pulumi.runtime.setMocks` is global (the last
 * call wins), so everything offline in a process shares one installation.
 *
 * Importing this module changes nothing: an entry point (tests/mocks.ts, scripts/runProgram.ts,
 * scripts/bench.ts) calls `installOfflineRuntime()` once before it runs a program, and only then
 * are the SDK, its log and the process patched.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { clearProgramState } from "../components/programState";
import { fakeAws, MockWorld } from "./fakeAws";
import { setWorld } from "./fakeAws/world";
import {
  attachUrn,
  noteRequest,
  recordRejection,
  recordWarning,
  resetRecorder,
  ResourceLifecycleOptions,
} from "./recorder";

// An internal SDK module: MockMonitor sees each registration's parent and dependencies, which the
// public Mocks interface does not pass on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");

export const PROJECT = "lambda-networking";
export const STACK = "test";
/** The organization programs run in (`pulumi.getOrganization()`); Pulumi's own default name. */
export const ORGANIZATION = "organization";

let installed = false;

/**
 * Installs the offline runtime in this process. What it patches, and why:
 *
 * - `pulumi.runtime.setMocks(fakeAws, ...)`, as project `lambda-networking`, stack `test`, not a
 *   preview: programs register with the fake AWS instead of an engine.
 * - `MockMonitor.prototype.registerResource` (internal to the SDK): wrapped to record each
 *   request's parent and dependencies before the mock sees it, which the public Mocks interface
 *   does not pass on, and its URN after.
 * - `pulumi.log.warn`: warnings are part of the contract, so they are recorded (`warnings()`)
 *   instead of printed.
 * - a process `unhandledRejection` listener: the errors components raise after construction reach
 *   the runtime as unhandled rejections; it keeps them for `takeUnhandled` and `takeErrors`.
 * - `Error.prepareStackTrace`, under ts-node only: the SDK's bookkeeping traces stay unmapped
 *   (see `skipMappingSdkBookkeeping`).
 *
 * Idempotent: a later call patches nothing again, and only puts the rejection listener back if
 * something removed it (as mocha's parallel workers do after each file).
 */
export function installOfflineRuntime(): void {
  listenForRejections();
  if (installed) {
    return;
  }
  installed = true;
  recordRequests();
  recordWarnings();
  skipMappingSdkBookkeeping();
  void pulumi.runtime.setMocks(fakeAws, PROJECT, STACK, false, ORGANIZATION);
}

/** Fails, saying what to do, when a run is started without the runtime installed. */
function requireInstalled(): void {
  if (!installed) {
    throw new Error(
      "the offline runtime is not installed: call installOfflineRuntime() (offline/engine.ts) before running a program",
    );
  }
}

// Record each request's parent and dependencies before the mock sees it, and its URN after.
function recordRequests(): void {
  const originalRegister = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (this: unknown, req: any, callback: any) {
    const key = `${req.getType()}::${req.getName()}`;
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, property: string) => {
      propertyDependencies[property] = deps.getUrnsList();
    });
    noteRequest(key, {
      parentUrn: req.getParent(),
      dependencyUrns: req.getDependenciesList(),
      propertyDependencies,
      options: lifecycleOptionsOf(req),
    });
    return originalRegister.call(this, req, (err: unknown, response: any) => {
      if (response) {
        attachUrn(key, response.getUrn());
      }
      callback(err, response);
    });
  };
}

/** The replacement and deletion options a request sets; undefined when it sets none. */
function lifecycleOptionsOf(req: any): ResourceLifecycleOptions | undefined {
  const options: {
    deleteBeforeReplace?: boolean;
    retainOnDelete?: boolean;
    replaceOnChanges?: string[];
  } = {};
  if (req.getDeletebeforereplace()) options.deleteBeforeReplace = true;
  if (req.getRetainondelete()) options.retainOnDelete = true;
  const replaceOnChanges: string[] = req.getReplaceonchangesList();
  if (replaceOnChanges.length > 0) options.replaceOnChanges = replaceOnChanges;
  return Object.keys(options).length === 0 ? undefined : options;
}

// Warnings are part of the contract: record them instead of printing them.
function recordWarnings(): void {
  (pulumi.log as { warn: (message: string) => Promise<void> }).warn = (message: string) => {
    recordWarning(message);
    return Promise.resolve();
  };
}

/**
 * Listens for the errors components raise after construction. Re-attached at each test start:
 * mocha's parallel workers remove every unhandledRejection listener after each file.
 */
function listenForRejections(): void {
  if (!process.listeners("unhandledRejection").includes(recordRejection)) {
    process.on("unhandledRejection", recordRejection);
  }
}

/**
 * The SDK reads a stack trace for every promise it tracks and every resource it registers, for
 * leak reports and source positions no test reads. Under ts-node each trace is source-mapped,
 * which made that bookkeeping about half of the tests' time; those two traces stay unmapped.
 * Every other trace (a failing assertion, a component's error) keeps its TypeScript positions.
 * Compiled (the benchmark), Node's own formatting is left alone: it is faster than this one.
 */
const SDK_BOOKKEEPING = [
  path.join("@pulumi", "pulumi", "runtime", "debuggable.js"),
  path.join("@pulumi", "pulumi", "resource.js"),
];
interface Stringable {
  toString(): string;
}

function skipMappingSdkBookkeeping(): void {
  const underTsNode = Symbol.for("ts-node.register.instance") in process;
  const mappedStackTrace = Error.prepareStackTrace?.bind(Error);
  if (!underTsNode || mappedStackTrace === undefined) {
    return;
  }
  Error.prepareStackTrace = (error, frames) => {
    const origin = frames[0]?.getFileName() ?? "";
    return SDK_BOOKKEEPING.some((file) => origin.endsWith(file))
      ? // V8's own format: CallSite's toString, which @types/node does not declare.
        [
          String(error),
          ...frames.map((frame) => `    at ${(frame as Stringable).toString()}`),
        ].join("\n")
      : mappedStackTrace(error, frames);
  };
}

/** Starts a test: forgets what earlier tests registered and sets what AWS looks like. */
export function useWorld(overrides: Partial<MockWorld> = {}): MockWorld {
  requireInstalled();
  listenForRejections();
  const world = setWorld(overrides);
  resetRecorder();
  // Each test is a new program run: forget what the library remembers across components.
  clearProgramState();
  return world;
}

/**
 * Switches the runtime between preview (`pulumi preview`: outputs the mock does not return are
 * unknown) and update. Tests that turn preview on turn it off again in an `after` hook.
 */
export function setPreview(preview: boolean): void {
  requireInstalled();
  void pulumi.runtime.setMocks(fakeAws, PROJECT, STACK, preview, ORGANIZATION);
}

/**
 * Runs what follows as another project and stack (a program's config namespace is its project
 * name), with the given stack config. `restoreDefaults` goes back to the test project.
 */
export function useProgram(
  project: string,
  stack: string,
  config: Record<string, string>,
  options: { preview?: boolean; organization?: string } = {},
): void {
  requireInstalled();
  void pulumi.runtime.setMocks(
    fakeAws,
    project,
    stack,
    options.preview ?? false,
    options.organization ?? ORGANIZATION,
  );
  pulumi.runtime.setAllConfig(config);
}

export function restoreDefaults(): void {
  requireInstalled();
  void pulumi.runtime.setMocks(fakeAws, PROJECT, STACK, false, ORGANIZATION);
  pulumi.runtime.setAllConfig({});
}
