/**
 * A stand-in for the Pulumi engine and resource monitor, served over gRPC on localhost with the
 * SDK's own generated services: what a program started by `@pulumi/pulumi/cmd/run` talks to
 * during `pulumi preview` and `pulumi up`. It is a test double, not a product feature.
 *
 * - In a preview it answers registrations as a provider's preview does: the inputs back, ids and
 *   computed outputs unknown. In an update it answers from the mock world (offline/fakeAws/): ids and
 *   ARNs made up, inputs kept.
 * - Invokes are answered from the same mock world; any can be told to fail with AWS's words.
 * - It records every registration (through the mock's record, with parent and dependencies), the
 *   engine log, the stack outputs and when the last registration or invoke arrived.
 */
import * as grpc from "@grpc/grpc-js";
import { serveInvoke, serveRegistration } from "../mocks";

/* eslint-disable @typescript-eslint/no-require-imports */
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const resrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const engrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engproto = require("@pulumi/pulumi/proto/engine_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The property-value encodings of the Pulumi wire format (sdk/nodejs/runtime/rpc.ts). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** The features the real engine reports; `transforms` and hooks are not needed by the programs here. */
const FEATURES = new Set([
  "secrets",
  "resourceReferences",
  "outputValues",
  "deletedWith",
  "replaceWith",
  "aliasSpecs",
  "invokeTransforms",
  "parameterization",
]);

export interface EngineLog {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  readonly urn: string;
}

export interface StandInOptions {
  readonly project: string;
  readonly stack: string;
  /** True for `pulumi preview`: ids and computed outputs are unknown. */
  readonly preview: boolean;
  /** Invokes to fail, by token, with the message AWS would give (e.g. an AccessDenied). */
  readonly failInvokes?: Readonly<Record<string, string>>;
}

/** Wire values as the mock world reads them: secrets unwrapped, references as their ids. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(fromWire);
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  const record = value as Record<string, unknown>;
  switch (record[SIG]) {
    case SECRET_SIG:
      return fromWire(record.value);
    case RESOURCE_SIG:
      return record.id !== undefined && record.id !== "" ? record.id : record.urn;
    case OUTPUT_VALUE_SIG:
      return "value" in record ? fromWire(record.value) : UNKNOWN;
    default:
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fromWire(v)]));
  }
}

const SEVERITIES: EngineLog["severity"][] = ["debug", "info", "warning", "error"];

export class StandInEngine {
  readonly logs: EngineLog[] = [];
  /** The stack's outputs, as the program registered them. */
  stackOutputs: Record<string, unknown> | undefined;
  /** When the last registration or invoke arrived (Date.now()). */
  lastRequestAt = 0;
  private readonly server = new grpc.Server();
  private stackUrn = "";
  private readonly types = new Map<string, string>();

  constructor(private readonly options: StandInOptions) {
    this.server.addService(resrpc.ResourceMonitorService, {
      supportsFeature: (call: any, callback: any) => {
        const resp = new resproto.SupportsFeatureResponse();
        resp.setHassupport(FEATURES.has(call.request.getId()));
        callback(null, resp);
      },
      registerResource: (call: any, callback: any) =>
        this.handle(callback, () => this.register(call.request)),
      registerResourceOutputs: (call: any, callback: any) =>
        this.handle(callback, () => {
          if (call.request.getUrn() === this.stackUrn) {
            this.stackOutputs = fromWire(call.request.getOutputs()?.toJavaScript() ?? {}) as Record<
              string,
              unknown
            >;
          }
          return new emptyproto.Empty();
        }),
      invoke: (call: any, callback: any) => this.handle(callback, () => this.invoke(call.request)),
      registerPackage: (_call: any, callback: any) => {
        const resp = new resproto.RegisterPackageResponse();
        resp.setRef("stand-in-package");
        callback(null, resp);
      },
    });
    this.server.addService(engrpc.EngineService, {
      log: (call: any, callback: any) => {
        this.logs.push({
          severity: SEVERITIES[call.request.getSeverity()] ?? "info",
          message: call.request.getMessage(),
          urn: call.request.getUrn(),
        });
        callback(null, new emptyproto.Empty());
      },
      getRootResource: (_call: any, callback: any) => {
        const resp = new engproto.GetRootResourceResponse();
        resp.setUrn(this.stackUrn);
        callback(null, resp);
      },
      setRootResource: (call: any, callback: any) => {
        this.stackUrn = call.request.getUrn();
        callback(null, new engproto.SetRootResourceResponse());
      },
    });
  }

  /** Listens on an ephemeral loopback port; returns the address for --monitor and --engine. */
  start(): Promise<string> {
    return new Promise((resolve, reject) =>
      this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(`127.0.0.1:${port}`),
      ),
    );
  }

  stop(): void {
    this.server.forceShutdown();
  }

  /** Runs a handler, turning its exception into the gRPC error the SDK surfaces (`details`). */
  private handle(callback: any, run: () => unknown): void {
    try {
      callback(null, run());
    } catch (e) {
      callback({ code: grpc.status.UNKNOWN, details: (e as Error).message }, null);
    }
  }

  /** A URN as the engine makes it: a child's type is qualified by its parent's, but the stack's. */
  private urnOf(parent: string, type: string, name: string): string {
    const parentType = parent === "" ? undefined : this.types.get(parent);
    const qualified =
      parentType === undefined || parentType === "pulumi:pulumi:Stack"
        ? type
        : `${parentType}$${type}`;
    const urn = `urn:pulumi:${this.options.stack}::${this.options.project}::${qualified}::${name}`;
    this.types.set(urn, qualified);
    return urn;
  }

  private register(req: any): unknown {
    this.lastRequestAt = Date.now();
    const type: string = req.getType();
    const name: string = req.getName();
    const urn = this.urnOf(req.getParent(), type, name);
    const wireInputs = req.getObject()?.toJavaScript() ?? {};
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, property: string) => {
      propertyDependencies[property] = deps.getUrnsList();
    });
    const resp = new resproto.RegisterResourceResponse();
    resp.setUrn(urn);
    if (type === "pulumi:pulumi:Stack") {
      resp.setObject(structproto.Struct.fromJavaScript({}));
      return resp;
    }
    const result = serveRegistration({
      type,
      name,
      inputs: fromWire(wireInputs) as Record<string, any>,
      custom: req.getCustom(),
      provider: req.getProvider() || undefined,
      urn,
      parentUrn: req.getParent(),
      dependencyUrns: req.getDependenciesList(),
      propertyDependencies,
    });
    if (!req.getCustom()) {
      // Components: the engine keeps no state for them beyond what they register as outputs.
      resp.setObject(structproto.Struct.fromJavaScript({}));
    } else if (this.options.preview) {
      // A provider's preview of a create: the inputs as given, the id and computed outputs unknown.
      resp.setId("");
      resp.setObject(structproto.Struct.fromJavaScript(wireInputs));
    } else {
      resp.setId(result.id ?? "");
      resp.setObject(
        structproto.Struct.fromJavaScript({ ...wireInputs, ...plainState(result.state) }),
      );
    }
    return resp;
  }

  private invoke(req: any): unknown {
    this.lastRequestAt = Date.now();
    const token: string = req.getTok();
    const failure = this.options.failInvokes?.[token];
    if (failure !== undefined) {
      throw new Error(failure);
    }
    const answer = serveInvoke(
      token,
      fromWire(req.getArgs()?.toJavaScript() ?? {}) as Record<string, any>,
      req.getProvider() || undefined,
    );
    const resp = new provproto.InvokeResponse();
    resp.setReturn(structproto.Struct.fromJavaScript(plainState(answer)));
    return resp;
  }
}

/** A mock's answer as wire values: JSON, with `undefined` left out. */
function plainState(state: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(state ?? {})) as Record<string, unknown>;
}
