import * as pulumi from "@pulumi/pulumi";
import { EndpointSpec, NatGatewayStrategy } from "../components";

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

/** Reads and checks the stack config; the components check the rest. */
export function readSampleSettings(config: pulumi.Config): SampleSettings {
  const natGateways = config.get("natGateways") ?? "none";
  if (!(Object.values(NatGatewayStrategy) as string[]).includes(natGateways)) {
    configError(
      "natGateways",
      `"${natGateways}" is not one of ${Object.values(NatGatewayStrategy).join(", ")}.`,
    );
  }
  const endpoints = parseEndpoints(
    config.getObject<unknown>("endpoints") ?? [...DEFAULT_ENDPOINTS],
  );
  const services = endpoints.map((e) => e.service);
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
