import type * as pulumi from "@pulumi/pulumi";
import { ArgSpec, checkNestedArgShapes, describeValue, withoutNulls } from "./args";
import { SourceBlocks } from "./cidr";
import { MAX_ENDPOINT_POLICY_CHARACTERS } from "./endpointPolicies";
import { MAX_SECURITY_GROUP_RULES } from "../../policy/rules/limits";
import { ArgumentError, duplicatesOf, listWords } from "./errors";
import { didYouMean } from "./serviceNames";

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
   * The endpoint type. A list may hold a service once per type: S3 as a gateway (for the VPC) and
   * as an interface endpoint (for on-premises networks and other VPCs) is a common pairing.
   * @default "Gateway" for s3 and dynamodb (free), "Interface" otherwise
   */
  readonly type?: EndpointType;
  /**
   * Interface endpoints only: resolve the service's public DNS name to the endpoint inside the VPC.
   * @default true
   */
  readonly privateDnsEnabled?: boolean;
  /**
   * S3 interface endpoints with private DNS only: answer the private DNS name only for queries
   * from inbound Resolver endpoints (on-premises networks), so the VPC's own traffic keeps using
   * the free S3 gateway endpoint. AWS accepts `true` only when the VPC has an S3 gateway endpoint.
   * @default true when the same list has the S3 gateway endpoint, else false
   */
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
  /**
   * An endpoint policy (a JSON document) limiting what may be done through the endpoint: a
   * Statement, each with a Principal, at most 20,480 characters (checked when known).
   * @default - the data perimeter of `endpointPolicyScope` (AWS's full-access default with "Open")
   */
  readonly policy?: pulumi.Input<string>;
}

/** An endpoint list entry with every default applied. */
export interface ResolvedEndpoint {
  /**
   * How the endpoint is named and keyed in outputs: the service, or `<service>-interface` for the
   * interface endpoint of a service that also offers a gateway endpoint (s3, dynamodb).
   */
  readonly key: string;
  readonly service: string;
  readonly type: EndpointType;
  /** Always false for gateway endpoints, which have no DNS of their own. */
  readonly privateDnsEnabled: boolean;
  /** Set for S3 interface endpoints with private DNS; undefined for every other endpoint. */
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
  /** Whether the entry set `privateDnsOnlyForInboundResolverEndpoint` itself (not the default). */
  readonly inboundResolverOptionGiven?: boolean;
  /** For an interface endpoint whose service's gateway endpoint is in the same list: its key. */
  readonly gatewayKey?: string;
  readonly policy?: pulumi.Input<string>;
}

/** Services that offer a gateway endpoint. */
export const GATEWAY_SERVICES: readonly string[] = ["dynamodb", "s3"];

/**
 * Services whose interface endpoints take `privateDnsOnlyForInboundResolverEndpoint`. AWS offers
 * the option for services with both endpoint types, but the AWS provider sends it to AWS only for
 * S3 (`isAmazonS3VPCEndpoint` in terraform-provider-aws internal/service/ec2/vpc_endpoint.go) and
 * silently drops it for any other service. With private DNS on, AWS defaults the option to true
 * for S3 and then refuses the endpoint unless the VPC has an S3 gateway endpoint ("To set
 * PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC must have a Gateway endpoint for the
 * service": terraform-provider-aws#32407, terraform-aws-vpc#1012), so the component always sets it.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html#private-dns
 */
export const INBOUND_RESOLVER_DNS_SERVICES: readonly string[] = ["s3"];

const SHORT_SERVICE_NAME = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const FULL_SERVICE_NAME = /^(?:cn\.)?com\.amazonaws\./;

/**
 * `com.amazonaws.<region>.<service>`: the usual name of an AWS service's endpoint service.
 * @deprecated Not right everywhere: in the China regions many services are
 * `cn.com.amazonaws.<region>.<service>`. The components look the name up
 * (`endpointServiceNameCandidates`) and use the one AWS returns.
 */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * The names an AWS service's endpoint service may have in a region: `com.amazonaws.<region>.<service>`,
 * and `cn.com.amazonaws.<region>.<service>`, which the China regions use for many services (lambda,
 * sqs, ecr.api, ...) while others keep the first form. At most one of them exists per region and
 * endpoint type, so a look-up filtered on both finds the service in every partition (the look-up's
 * own `service` argument builds only the first form: terraform-aws-vpc#1121; the CDK keeps a table
 * of the exceptions in aws-ec2/lib/vpc-endpoint.ts `getDefaultEndpointPrefix`).
 */
export function endpointServiceNameCandidates(region: string, service: string): string[] {
  return [`com.amazonaws.${region}.${service}`, `cn.com.amazonaws.${region}.${service}`];
}

/** How an endpoint of this service and type is keyed and named. */
export function endpointKey(service: string, type: EndpointType): string {
  return type === "Interface" && GATEWAY_SERVICES.includes(service)
    ? `${service}-interface`
    : service;
}

const ENTRY_SHAPES: ArgSpec<EndpointSpec> = {
  service: "string",
  type: "string",
  privateDnsEnabled: "boolean",
  privateDnsOnlyForInboundResolverEndpoint: "boolean",
  policy: "stringInput",
};

/** An entry as other languages and untyped config may send it: an object, fields of their kinds. */
function checkEntryShape(where: string, entry: unknown): EndpointSpec {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new ArgumentError(
      `${where} must be an entry like { service: "s3" } (got ${describeValue(entry)}).`,
    );
  }
  const spec = withoutNulls(entry as EndpointSpec);
  // The service gets its own message below, with the short name to use.
  checkNestedArgShapes(where, ENTRY_SHAPES, { ...spec, service: "s" });
  return spec;
}

/** An entry with its service and type known good, and where it is in the list. */
interface TypedEntry {
  readonly spec: EndpointSpec;
  readonly where: string;
  readonly service: string;
  readonly type: EndpointType;
}

/** The usual type of a service: a gateway for S3 and DynamoDB, else an interface. */
const usualType = (service: string): EndpointType =>
  GATEWAY_SERVICES.includes(service) ? "Gateway" : "Interface";

/** The fix for a service name that is not a short name. */
function serviceNameHint(service: unknown): string {
  if (typeof service === "string" && FULL_SERVICE_NAME.test(service)) {
    return `give the short name "${service.replace(FULL_SERVICE_NAME, "").split(".").slice(1).join(".")}"; the region is added for you.`;
  }
  // "Secrets Manager", "SQS": a known name written another way.
  const near = typeof service === "string" ? didYouMean(service) : "";
  return near !== ""
    ? `${near} Short AWS service names are lower case, like "s3", "sqs" or "ecr.api".`
    : `give a short AWS service name such as "s3", "sqs" or "ecr.api".`;
}

/** An entry's shape, service name and type. */
function typedEntry(where: string, given: unknown): TypedEntry {
  const spec = checkEntryShape(where, given);
  const service = spec.service;
  if (
    typeof service !== "string" ||
    !SHORT_SERVICE_NAME.test(service) ||
    FULL_SERVICE_NAME.test(service)
  ) {
    throw new ArgumentError(
      `${where}.service ${JSON.stringify(service)} is not valid: ${serviceNameHint(service)}`,
    );
  }
  const type = spec.type ?? usualType(service);
  if (type !== "Gateway" && type !== "Interface") {
    throw new ArgumentError(
      `${where} (${service}): type ${JSON.stringify(type)} is not an endpoint type; use "Gateway" or "Interface".`,
    );
  }
  return { spec, where, service, type };
}

/** An entry's settings, checked against its type and service, with the defaults applied. */
function resolvedEntry(
  { spec, where, service, type }: TypedEntry,
  paired: boolean,
): ResolvedEndpoint {
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
  const privateDnsEnabled = type === "Interface" ? (spec.privateDnsEnabled ?? true) : false;
  const inboundOnly = spec.privateDnsOnlyForInboundResolverEndpoint;
  const takesInboundOption =
    type === "Interface" && INBOUND_RESOLVER_DNS_SERVICES.includes(service);
  if (inboundOnly !== undefined && !takesInboundOption) {
    throw new ArgumentError(
      `${where} (${service}): privateDnsOnlyForInboundResolverEndpoint applies only to S3 interface endpoints (the AWS provider sends it for no other service); remove it.`,
    );
  }
  if (inboundOnly !== undefined && !privateDnsEnabled) {
    throw new ArgumentError(
      `${where} (${service}): privateDnsOnlyForInboundResolverEndpoint needs privateDnsEnabled; remove it, or leave privateDnsEnabled on.`,
    );
  }
  if (typeof spec.policy === "string") {
    validatePolicyDocument(`${where} (${service}).policy`, spec.policy);
  }
  return {
    key: endpointKey(service, type),
    service,
    type,
    privateDnsEnabled,
    ...(takesInboundOption && privateDnsEnabled
      ? {
          privateDnsOnlyForInboundResolverEndpoint: inboundOnly ?? paired,
          inboundResolverOptionGiven: inboundOnly !== undefined,
        }
      : {}),
    ...(paired ? { gatewayKey: endpointKey(service, "Gateway") } : {}),
    policy: spec.policy,
  };
}

/**
 * One entry a component builds itself, not taken from a user's list (LambdaInterfaceEndpoint's
 * Lambda endpoint): its defaults applied and checked as any entry, `where` naming it.
 */
export function resolveEndpoint(where: string, spec: EndpointSpec): ResolvedEndpoint {
  return resolvedEntry(typedEntry(where, spec), false);
}

/**
 * How messages name each entry of a list, by endpoint key: its place in the argument the user
 * gave, `endpoints[1]`, `additionalEndpoints[0]`. (Keys are unique in a resolved list.)
 */
export function endpointLabels(
  arg: string,
  endpoints: readonly ResolvedEndpoint[],
): Map<string, string> {
  return new Map(endpoints.map((e, i) => [e.key, `${arg}[${i}]`]));
}

/**
 * The start of a message about an entry: `endpoints[1]: `; nothing for "", the label of an
 * endpoint a component makes of its own (LambdaInterfaceEndpoint's Lambda endpoint), whose
 * messages need no argument in front.
 */
export function entryPrefix(where: string): string {
  return where === "" ? "" : `${where}: `;
}

/** Applies defaults and rejects what AWS would refuse, naming the offending entry. */
export function resolveEndpoints(
  arg: string,
  endpoints: readonly EndpointSpec[] | undefined,
): ResolvedEndpoint[] {
  const typed = (endpoints ?? []).map((given, i) => typedEntry(`${arg}[${i}]`, given));
  // A service may be listed once per type; the usual type of a service needs no mention.
  const repeated = duplicatesOf(
    typed.map((e) => (e.type === usualType(e.service) ? e.service : `${e.service} (${e.type})`)),
  );
  if (repeated.length > 0) {
    throw new ArgumentError(
      `${arg} lists ${listWords(repeated)} more than once; give each service one entry per endpoint type.`,
    );
  }
  const hasGateway = (service: string) =>
    typed.some((e) => e.service === service && e.type === "Gateway");
  // An S3 or DynamoDB interface endpoint beside the service's gateway is paired with it.
  return typed.map((e) => resolvedEntry(e, e.type === "Interface" && hasGateway(e.service)));
}

/**
 * AWS creates an endpoint with private DNS only for a service that has a private DNS name (the
 * `PrivateDnsName` of DescribeVpcEndpointServices; the AWS docs list, for example, DynamoDB
 * interface endpoints without private DNS support:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/privatelink-interface-endpoints.html).
 * The look-up tells, so the request is refused here rather than by AWS.
 */
export function checkPrivateDnsOffered(
  endpoint: ResolvedEndpoint,
  serviceName: string,
  privateDnsName: string,
  where = "endpoints",
): void {
  if (endpoint.privateDnsEnabled && privateDnsName === "") {
    throw new ArgumentError(
      `${entryPrefix(where)}${serviceName} offers no private DNS name, so AWS refuses private DNS for its endpoint: set privateDnsEnabled: false on the ${endpoint.service} entry and call the endpoint by its own DNS names (dnsEntries).`,
    );
  }
}

/**
 * Whether the AWS provider sends `privateDnsOnlyForInboundResolverEndpoint` to AWS for an
 * interface endpoint of this service name. It does only for S3 names of the form
 * com.amazonaws.<region>.s3: terraform-provider-aws internal/service/ec2/vpc_endpoint.go,
 * isAmazonS3VPCEndpoint, `^com\.amazonaws\.` + CanonicalRegionPatternNoAnchors + `\.s3$`, the region
 * pattern `[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}` (internal/types/aws_region.go), anchored since
 * hashicorp/terraform-provider-aws#46103 (January 2026, before the v6.6x provider @pulumi/aws 7.48
 * bundles). It matches GovCloud's and the ISO regions' names (us-gov-west-1) but not the China
 * regions' `cn.com.amazonaws.cn-north-1.s3`; for those the option is dropped silently and AWS's
 * default applies (true, which needs an S3 gateway endpoint in the VPC: terraform-provider-aws#32407).
 */
export function providerSendsInboundResolverOption(serviceName: string): boolean {
  return /^com\.amazonaws\.[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}\.s3$/.test(serviceName);
}

/** Refuses an entry's own `privateDnsOnlyForInboundResolverEndpoint` where the provider drops it. */
export function checkInboundResolverOptionSent(
  endpoint: ResolvedEndpoint,
  serviceName: string,
  where = "endpoints",
): void {
  if (endpoint.inboundResolverOptionGiven && !providerSendsInboundResolverOption(serviceName)) {
    throw new ArgumentError(
      `${entryPrefix(where)}the ${endpoint.service} interface entry sets privateDnsOnlyForInboundResolverEndpoint, which the AWS provider sends only for service names com.amazonaws.<region>.s3 and drops for ${serviceName} (AWS then applies its default, true, which needs the S3 gateway endpoint in the VPC): remove the option, and add the S3 gateway endpoint or set privateDnsEnabled: false.`,
    );
  }
}

/**
 * An endpoint policy must be a JSON object with a Statement, each statement with a Principal, in
 * at most 20,480 characters (MAX_ENDPOINT_POLICY_CHARACTERS, from AWS's endpoint-policy page).
 */
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
  const statements = [parsed.Statement].flat();
  if (statements.some((st) => typeof st !== "object" || st === null || !("Principal" in st))) {
    throw new ArgumentError(
      `${arg}: every statement of an endpoint policy needs a Principal (AWS refuses it otherwise); use "Principal": "*" and conditions to limit who.`,
    );
  }
  if (document.length > MAX_ENDPOINT_POLICY_CHARACTERS) {
    throw new ArgumentError(
      `${arg} has ${document.length} characters; AWS takes at most ${MAX_ENDPOINT_POLICY_CHARACTERS}, white space included: shorten it.`,
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
 * `fix` is the advice that fits the caller (add subnets, or choose other zones); `where` names the
 * entry (see entryPrefix).
 */
export function checkInterfacePlacement(
  service: string,
  placement: EndpointPlacement<unknown>,
  supportedAvailabilityZones: readonly string[],
  minAvailabilityZones: number,
  fix: string,
  where = "endpoints",
): void {
  const covered = placement.availabilityZones;
  const unsupported = placement.unsupportedAvailabilityZones;
  if (covered.length === 0) {
    throw new ArgumentError(
      `${entryPrefix(where)}the ${service} endpoint service supports none of the subnets' zones (${unsupported.join(", ")}); it is offered in ${supportedAvailabilityZones.join(", ")}: ${fix}.`,
    );
  }
  if (covered.length < minAvailabilityZones) {
    const skipped =
      unsupported.length > 0 ? `; its service does not support ${listWords(unsupported)}` : "";
    throw new ArgumentError(
      `${entryPrefix(where)}the ${service} endpoint would cover ${covered.length} zone${covered.length === 1 ? "" : "s"} (${covered.join(", ")}), fewer than minAvailabilityZones (${minAvailabilityZones})${skipped}: ${fix}, or lower minAvailabilityZones.`,
    );
  }
}

/** The fix when given subnets' zones do not suit an interface endpoint (subnetIds is theirs). */
export const SUBNETS_FIX = "add subnets of those zones to subnetIds";

/**
 * Places each interface endpoint (by key, with the zones its service is offered in) in the
 * subnets, and checks every placement; the placements by key. One place for the check that
 * PrivateNetwork, LambdaInterfaceEndpoint and ServiceEndpoints each make before registering.
 * `labels` names each entry in messages, by key (see endpointLabels); "endpoints" without.
 */
export function placeInterfaceEndpoints<Id>(
  subnets: readonly PlacedSubnet<Id>[],
  supportedZones: ReadonlyMap<string, readonly string[]>,
  minAvailabilityZones: number,
  fix: string,
  labels?: ReadonlyMap<string, string>,
): Map<string, EndpointPlacement<Id>> {
  return new Map(
    [...supportedZones].map(([key, zones]) => {
      const placement = placeInterfaceEndpoint(subnets, zones);
      const where = labels?.get(key) ?? "endpoints";
      checkInterfacePlacement(key, placement, zones, minAvailabilityZones, fix, where);
      return [key, placement];
    }),
  );
}

/**
 * The interface endpoints' one ingress rule within a security group's rule quota: 60 inbound
 * rules, counted apart for IPv4 and IPv6, each source one rule and a security group counting
 * toward both (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 */
export function checkIngressQuota(
  blocks: SourceBlocks,
  securityGroups: number,
  args = "allowedCidrBlocks and allowedSecurityGroupIds",
): void {
  for (const [family, count] of [
    ["IPv4", blocks.ipv4.length + securityGroups],
    ["IPv6", blocks.ipv6.length + securityGroups],
  ] as const) {
    if (count > MAX_SECURITY_GROUP_RULES) {
      throw new ArgumentError(
        `${args} make ${count} ${family} inbound rules; a security group takes ${MAX_SECURITY_GROUP_RULES}: allow wider blocks, or a security group the callers share.`,
      );
    }
  }
}
