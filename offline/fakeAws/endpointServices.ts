/**
 * The fake AWS's endpoint services: those the world describes (read from an account with
 * --world: DescribeVpcEndpointServices' ServiceDetails) and those it makes up from its lists of
 * AWS services, as getVpcEndpointService answers them; and what AWS refuses of a new endpoint
 * because of one the account already has.
 */
import {
  currentWorld,
  invokeError,
  MockEndpointService,
  mockServiceName,
  partitionOfRegion,
  shortHash,
  zonesOf,
} from "./world";

/** An endpoint service the world offers: its name and type, and its details when asked. */
interface Offered {
  readonly serviceName: string;
  readonly type: string;
  readonly details: () => MockEndpointService;
}

const dnsSuffixOf = (region: string) =>
  partitionOfRegion(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";

/** An AWS service of the world's lists, as the fake makes it up in `region`. */
function madeUp(region: string, service: string, type: "Interface" | "Gateway"): Offered {
  const world = currentWorld();
  const serviceName = mockServiceName(region, service, type);
  return {
    serviceName,
    type,
    details: () => {
      const unsupported = world.unsupportedZoneIds[service] ?? [];
      return {
        serviceName,
        type,
        availabilityZones: zonesOf(region)
          .filter((z) => !unsupported.includes(z.id))
          .map((z) => z.name),
        privateDnsName:
          type === "Interface" && !world.servicesWithoutPrivateDns.includes(service)
            ? `${service}.${region}.${dnsSuffixOf(region)}`
            : "",
        policySupported: !world.servicesWithoutEndpointPolicy.includes(service),
        baseEndpointDnsNames: [`${service}.${region}.vpce.${dnsSuffixOf(region)}`],
        supportedIpAddressTypes: world.ipv4OnlyServices.includes(service)
          ? ["ipv4"]
          : ["ipv4", "ipv6"],
      };
    },
  };
}

/** Every endpoint service of the world: those it describes first, then those it makes up. */
function offeredServices(region: string): Offered[] {
  const world = currentWorld();
  const described: Offered[] = world.endpointServices.map((s) => ({
    serviceName: s.serviceName,
    type: s.type,
    details: () => s,
  }));
  const made = [
    ...world.interfaceServices.map((s) => madeUp(region, s, "Interface")),
    ...world.gatewayServices.map((s) => madeUp(region, s, "Gateway")),
  ].filter((m) => !described.some((d) => d.serviceName === m.serviceName && d.type === m.type));
  return [...described, ...made];
}

/**
 * Answers getVpcEndpointService as the provider does: by `serviceName`, or by `service-name`
 * filters, narrowed by `serviceType`; exactly one service must match.
 */
export function endpointService(inputs: any, region: string): Record<string, any> {
  const filters: { name: string; values: string[] }[] = inputs.filters ?? [];
  const wanted: string[] = [
    ...(inputs.serviceName ? [inputs.serviceName] : []),
    ...filters.filter((f) => f.name === "service-name").flatMap((f) => f.values),
  ];
  const unknownFilter = filters.find((f) => f.name !== "service-name");
  if (unknownFilter !== undefined) {
    throw invokeError(`mocks: getVpcEndpointService filter ${unknownFilter.name} is not mocked`);
  }
  const offered = offeredServices(region);
  const ofType = offered.filter(
    (o) => inputs.serviceType === undefined || inputs.serviceType === o.type,
  );
  const matches = ofType.filter((o) => wanted.includes(o.serviceName));
  if (matches.length === 0) {
    throw invokeError(
      `no matching EC2 VPC Endpoint Service found ${notOffered(wanted, inputs.serviceType, ofType, region)}`,
    );
  }
  if (matches.length > 1) {
    throw invokeError(
      "multiple EC2 VPC Endpoint Services matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint Service",
    );
  }
  return answer(matches[0].details(), region);
}

/** The offline cause of a service not found: the services the world knows, and how to add one. */
function notOffered(
  wanted: readonly string[],
  type: string | undefined,
  offered: readonly Offered[],
  region: string,
): string {
  // Short names (lambda, ecr.api) where AWS's own prefix is the region's.
  const prefix = new RegExp(`^(cn\\.)?com\\.amazonaws\\.${region.replace(/-/g, "\\-")}\\.`);
  const names = [...new Set(offered.map((o) => o.serviceName.replace(prefix, "")))].sort();
  const shown =
    names.length > 12
      ? `${names.slice(0, 12).join(", ")} and ${names.length - 12} more`
      : names.join(", ");
  const asType =
    type === undefined ? "" : ` as ${type === "Interface" ? "an" : "a"} ${type} service`;
  return `(offline: ${wanted.join(" or ")} is not known to the offline check${asType} (it knows: ${shown}; add it with --world: aws ec2 describe-vpc-endpoint-services --service-names ${wanted[0] ?? "NAME"}))`;
}

/** The data source's answer for a service (terraform-provider-aws vpc_endpoint_service_data_source.go). */
function answer(s: MockEndpointService, region: string): Record<string, any> {
  const partition = partitionOfRegion(region);
  return {
    id: s.serviceName,
    serviceName: s.serviceName,
    serviceType: s.type,
    availabilityZones: [...s.availabilityZones],
    baseEndpointDnsNames: [...(s.baseEndpointDnsNames ?? [])],
    privateDnsName: s.privateDnsName,
    privateDnsNames: s.privateDnsName === "" ? [] : [s.privateDnsName],
    vpcEndpointPolicySupported: s.policySupported,
    acceptanceRequired: s.acceptanceRequired ?? false,
    managesVpcEndpoints: s.managesVpcEndpoints ?? false,
    owner: s.owner ?? "amazon",
    region,
    serviceRegion: region,
    supportedIpAddressTypes: [...(s.supportedIpAddressTypes ?? ["ipv4"])],
    tags: {},
    arn: `arn:${partition}:ec2:${region}::vpc-endpoint-service/${s.serviceName}`,
    serviceId: s.serviceId ?? `vpce-svc-${shortHash(s.serviceName)}`,
  };
}

/** States of an endpoint that still holds its private DNS name in its VPC. */
const GONE = ["deleting", "deleted", "rejected", "failed", "expired"];

/**
 * What AWS refuses of a new VPC endpoint because of one the world's account already has: a
 * second interface endpoint with private DNS for a service in a VPC ("private-dns-enabled cannot
 * be set because there is already a conflicting DNS domain for <name> in the VPC <id>", as
 * CreateVpcEndpoint answers: hashicorp/terraform-provider-aws#17535). The library keeps the
 * program's own claims (components/programState.ts claimPrivateDns); these are the account's.
 */
export function refusedEndpoint(inputs: any, region: string): Error | undefined {
  if (inputs.vpcEndpointType !== "Interface" || inputs.privateDnsEnabled !== true) {
    return undefined;
  }
  const holder = currentWorld().vpcEndpoints.find(
    (e) =>
      e.vpcId === inputs.vpcId &&
      e.serviceName === inputs.serviceName &&
      e.privateDnsEnabled &&
      !GONE.includes(e.state.toLowerCase()),
  );
  if (holder === undefined) {
    return undefined;
  }
  const service = offeredServices(region).find(
    (o) => o.serviceName === holder.serviceName && o.type === "Interface",
  );
  const dnsName = service?.details().privateDnsName || holder.serviceName;
  return new Error(
    `creating EC2 VPC Endpoint (${holder.serviceName}): InvalidParameter: private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${dnsName} in the VPC ${holder.vpcId} (offline: the account's ${holder.id}, read with --world, has private DNS for ${holder.serviceName} there; use it, or set privateDnsEnabled: false)`,
  );
}
