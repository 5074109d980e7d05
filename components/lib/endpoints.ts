import type * as pulumi from "@pulumi/pulumi";
import { ArgumentError, duplicatesOf, listWords } from "./errors";

/** The two kinds of VPC endpoint this package builds. */
export const EndpointType = {
  /** Free; a route-table target. Offered only for S3 and DynamoDB. */
  Gateway: "Gateway",
  /** An ENI in each chosen subnet, billed per AZ-hour, reached over HTTPS. */
  Interface: "Interface",
} as const;
export type EndpointType = (typeof EndpointType)[keyof typeof EndpointType];

/** One entry of an endpoint list. */
export interface EndpointSpec {
  /** The short service name, e.g. `s3`, `dynamodb`, `sqs`, `ecr.api`; the region is added for you. */
  readonly service: string;
  /**
   * The endpoint type.
   * @default "Gateway" for s3 and dynamodb (free), "Interface" otherwise
   */
  readonly type?: EndpointType;
  /**
   * Interface endpoints only: resolve the service's public DNS name to the endpoint inside the VPC.
   * @default true
   */
  readonly privateDnsEnabled?: boolean;
  /**
   * An endpoint policy (a JSON document) limiting what may be done through the endpoint.
   * @default - the service's default policy, which allows full access
   */
  readonly policy?: pulumi.Input<string>;
}

/** An endpoint list entry with every default applied. */
export interface ResolvedEndpoint {
  readonly service: string;
  readonly type: EndpointType;
  /** Always false for gateway endpoints, which have no DNS of their own. */
  readonly privateDnsEnabled: boolean;
  readonly policy?: pulumi.Input<string>;
}

/** Services that offer a gateway endpoint. */
export const GATEWAY_SERVICES: readonly string[] = ["dynamodb", "s3"];

const SHORT_SERVICE_NAME = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/** `com.amazonaws.<region>.<service>`: the name AWS gives an AWS service's endpoint service. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/** Applies defaults and rejects what AWS would refuse, naming the offending entry. */
export function resolveEndpoints(
  arg: string,
  endpoints: readonly EndpointSpec[] | undefined,
): ResolvedEndpoint[] {
  const list = endpoints ?? [];
  const resolved = list.map((spec, i): ResolvedEndpoint => {
    const where = `${arg}[${i}]`;
    const service = spec?.service;
    if (
      typeof service !== "string" ||
      !SHORT_SERVICE_NAME.test(service) ||
      service.startsWith("com.amazonaws.")
    ) {
      const hint =
        typeof service === "string" && service.startsWith("com.amazonaws.")
          ? ` give the short name "${service.split(".").slice(3).join(".")}"; the region is added for you.`
          : ` give a short AWS service name such as "s3", "sqs" or "ecr.api".`;
      throw new ArgumentError(`${where}.service ${JSON.stringify(service)} is not valid:${hint}`);
    }
    const type = spec.type ?? (GATEWAY_SERVICES.includes(service) ? "Gateway" : "Interface");
    if (type !== "Gateway" && type !== "Interface") {
      throw new ArgumentError(
        `${where} (${service}): type ${JSON.stringify(type)} is not an endpoint type; use "Gateway" or "Interface".`,
      );
    }
    if (type === "Gateway" && !GATEWAY_SERVICES.includes(service)) {
      throw new ArgumentError(
        `${where} (${service}): AWS offers gateway endpoints only for ${listWords([...GATEWAY_SERVICES])}; use type "Interface" or leave type out.`,
      );
    }
    if (type === "Gateway" && spec.privateDnsEnabled !== undefined) {
      throw new ArgumentError(
        `${where} (${service}): privateDnsEnabled applies only to interface endpoints; remove it or set type "Interface".`,
      );
    }
    if (typeof spec.policy === "string") {
      validatePolicyDocument(`${where} (${service}).policy`, spec.policy);
    }
    return {
      service,
      type,
      privateDnsEnabled: type === "Interface" ? (spec.privateDnsEnabled ?? true) : false,
      policy: spec.policy,
    };
  });
  const repeated = duplicatesOf(resolved.map((e) => e.service));
  if (repeated.length > 0) {
    throw new ArgumentError(
      `${arg} lists ${listWords(repeated)} more than once; give each service one entry.`,
    );
  }
  return resolved;
}

/** A policy document must be a JSON object with a Statement, as IAM and VPC endpoints expect. */
export function validatePolicyDocument(arg: string, document: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (e) {
    throw new ArgumentError(`${arg} is not valid JSON (${(e as Error).message}).`);
  }
  if (typeof parsed !== "object" || parsed === null || !("Statement" in parsed)) {
    throw new ArgumentError(
      `${arg} must be a JSON policy document with a Statement, like {"Version":"2012-10-17","Statement":[...]}.`,
    );
  }
}

/** A subnet and the zone it is in. */
export interface PlacedSubnet<Id> {
  readonly subnetId: Id;
  readonly availabilityZone: string;
}

/** The subnets an interface endpoint gets, and the zones it leaves out. */
export interface EndpointPlacement<Id> {
  readonly subnetIds: Id[];
  readonly availabilityZones: string[];
  /** Zones of the given subnets that the endpoint service does not support. */
  readonly unsupportedAvailabilityZones: string[];
}

/**
 * An interface endpoint takes at most one subnet per zone, and only in zones its service supports
 * (AWS rejects the others). Keeps the first subnet given for each zone; zones come out sorted.
 */
export function placeInterfaceEndpoint<Id>(
  subnets: readonly PlacedSubnet<Id>[],
  supportedAvailabilityZones: readonly string[],
): EndpointPlacement<Id> {
  const supported = new Set(supportedAvailabilityZones);
  const firstPerZone = new Map<string, Id>();
  for (const s of subnets) {
    if (!firstPerZone.has(s.availabilityZone)) {
      firstPerZone.set(s.availabilityZone, s.subnetId);
    }
  }
  const zones = [...firstPerZone.keys()].sort();
  const kept = zones.filter((z) => supported.has(z));
  return {
    subnetIds: kept.map((z) => firstPerZone.get(z) as Id),
    availabilityZones: kept,
    unsupportedAvailabilityZones: zones.filter((z) => !supported.has(z)),
  };
}

/**
 * Rejects an interface endpoint placement that covers no zone, or fewer than `minAvailabilityZones`.
 * `fix` is the advice that fits the caller (add subnets, or choose other zones).
 */
export function checkInterfacePlacement(
  service: string,
  placement: EndpointPlacement<unknown>,
  supportedAvailabilityZones: readonly string[],
  minAvailabilityZones: number,
  fix: string,
): void {
  const covered = placement.availabilityZones;
  const unsupported = placement.unsupportedAvailabilityZones;
  if (covered.length === 0) {
    throw new ArgumentError(
      `endpoints: the ${service} endpoint service supports none of the subnets' zones (${unsupported.join(", ")}); it is offered in ${supportedAvailabilityZones.join(", ")}: ${fix}.`,
    );
  }
  if (covered.length < minAvailabilityZones) {
    const skipped =
      unsupported.length > 0 ? `; its service does not support ${listWords(unsupported)}` : "";
    throw new ArgumentError(
      `endpoints: the ${service} endpoint would cover ${covered.length} zone${covered.length === 1 ? "" : "s"} (${covered.join(", ")}), fewer than minAvailabilityZones (${minAvailabilityZones})${skipped}: ${fix}, or lower minAvailabilityZones.`,
    );
  }
}
