import * as pulumi from "@pulumi/pulumi";
import { EndpointSpec, GATEWAY_SERVICES, NatGatewayStrategy } from "../components";

/** What the sample stack reads from its config, every knob with a default. */
export interface SampleSettings {
  readonly cidrBlock?: string;
  readonly availabilityZoneCount?: number;
  readonly availabilityZoneIds?: string[];
  readonly natGateways: NatGatewayStrategy;
  readonly endpoints: EndpointSpec[];
  /** Dual-stack subnets (PrivateNetwork's `ipv6`); left out unless the config sets it. */
  readonly ipv6?: boolean;
}

/** What the sample stack reads from its config: the lambda network's settings, and the hub's. */
export interface SampleConfig {
  readonly network: SampleSettings;
  /**
   * The services a hub network shares with the lambda network (config `sharedEndpoints`, the
   * shared stack); left out when the config does not set it.
   */
  readonly sharedServices?: string[];
}

/** The worker reads S3 and writes SQS; DynamoDB's gateway endpoint is free to have. */
export const DEFAULT_ENDPOINTS: readonly string[] = ["s3", "dynamodb", "sqs"];
/** What the worker function calls besides Lambda (whose endpoint the stack always creates). */
const WORKER_NEEDS = ["s3", "sqs"];

function configError(key: string, message: string): never {
  throw new pulumi.RunError(`stack config "${key}": ${message}`);
}

/** Endpoints may be given as service names or as full entries: ["s3", { service: "sqs" }]. */
function parseEndpoints(raw: unknown): EndpointSpec[] {
  if (!Array.isArray(raw)) {
    configError("endpoints", 'must be a list, e.g. ["s3", "dynamodb", "sqs"].');
  }
  return raw.map((entry: unknown, i): EndpointSpec => {
    if (typeof entry === "string") {
      return { service: entry };
    }
    if (typeof entry === "object" && entry !== null && "service" in entry) {
      return entry as EndpointSpec;
    }
    return configError("endpoints", `entry ${i} must be a service name or { service: ... }.`);
  });
}

/** `sharedEndpoints`: service names the hub's interface endpoints share; undefined when unset. */
function parseSharedServices(raw: unknown): string[] | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((s) => typeof s !== "string")) {
    configError("sharedEndpoints", 'must be a list of service names, e.g. ["sqs", "sts"].');
  }
  const services = raw as string[];
  if (services.includes("lambda")) {
    configError(
      "sharedEndpoints",
      "lists lambda, whose endpoint the stack's LambdaInterfaceEndpoint creates in the lambda network; remove it.",
    );
  }
  // Gateway endpoints: free in each VPC, and never shared (a route-table target of its VPC).
  const gateways = services.filter((s) => GATEWAY_SERVICES.includes(s));
  if (gateways.length > 0) {
    configError(
      "sharedEndpoints",
      `lists ${gateways.join(" and ")}, whose gateway endpoints serve only their own VPC (and are free): list ${gateways.length === 1 ? "it" : "them"} in endpoints instead.`,
    );
  }
  return services;
}

/**
 * The lambda network's own endpoints: as configured, or the defaults less the shared services
 * (reached through the hub's endpoints); a configured entry for a shared service is refused.
 */
function ownEndpoints(raw: unknown, shared: readonly string[]): EndpointSpec[] {
  if (raw === undefined) {
    return parseEndpoints(DEFAULT_ENDPOINTS.filter((s) => !shared.includes(s)));
  }
  const endpoints = parseEndpoints(raw);
  const both = endpoints.map((e) => e.service).filter((s) => shared.includes(s));
  if (both.length > 0) {
    configError(
      "endpoints",
      `lists ${both.join(" and ")}, which sharedEndpoints shares from the hub network: the lambda network reaches ${both.length === 1 ? "it" : "them"} through the hub's endpoint; remove ${both.length === 1 ? "it" : "them"} from endpoints.`,
    );
  }
  return endpoints;
}

/** Reads and checks the stack config: the lambda network's settings and the services shared. */
export function readSampleConfig(config: pulumi.Config): SampleConfig {
  const sharedServices = parseSharedServices(config.getObject<unknown>("sharedEndpoints"));
  return {
    network: readSampleSettings(config, sharedServices ?? []),
    ...(sharedServices === undefined ? {} : { sharedServices }),
  };
}

/**
 * Reads and checks the lambda network's config (the services in `shared` come from a hub); the
 * components check the rest.
 */
export function readSampleSettings(
  config: pulumi.Config,
  shared: readonly string[] = [],
): SampleSettings {
  const natGateways = config.get("natGateways") ?? "none";
  if (!(Object.values(NatGatewayStrategy) as string[]).includes(natGateways)) {
    configError(
      "natGateways",
      `"${natGateways}" is not one of ${Object.values(NatGatewayStrategy).join(", ")}.`,
    );
  }
  const endpoints = ownEndpoints(config.getObject<unknown>("endpoints"), shared);
  const services = [...endpoints.map((e) => e.service), ...shared];
  if (services.includes("lambda")) {
    configError(
      "endpoints",
      "lists lambda, whose endpoint the stack's LambdaInterfaceEndpoint creates; remove it.",
    );
  }
  const missing = WORKER_NEEDS.filter((s) => !services.includes(s));
  if (natGateways === "none" && missing.length > 0) {
    configError(
      "endpoints",
      `lacks ${missing.join(" and ")}, which the worker function calls, and natGateways is none, so it has no other way out: add them, or set natGateways to single, perAz, regional or instances.`,
    );
  }
  const availabilityZoneIds = config.getObject<string[]>("availabilityZoneIds");
  if (availabilityZoneIds !== undefined && !Array.isArray(availabilityZoneIds)) {
    configError(
      "availabilityZoneIds",
      'must be a list of zone IDs, e.g. ["use1-az1", "use1-az2"].',
    );
  }
  const ipv6 = config.getBoolean("ipv6");
  return {
    ...(ipv6 === undefined ? {} : { ipv6 }),
    cidrBlock: config.get("cidrBlock"),
    availabilityZoneCount: config.getNumber("availabilityZoneCount"),
    availabilityZoneIds,
    natGateways: natGateways as NatGatewayStrategy,
    endpoints,
  };
}
