/**
 * What a PrivateNetwork will create, decided before anything is registered: from the checked
 * arguments and the facts looked up (the region's zones, the zones each endpoint service is
 * offered in). Pure; throws the argument error when the request cannot be met.
 */
import { AvailabilityZone, CheckedAvailabilityZoneRequest, selectAvailabilityZones } from "./azs";
import { availabilityZoneSlot } from "./cidr";
import { estimateMonthlyCostUsd, NO_BILLED_RESOURCES } from "./cost";
import { EgressFacts } from "./egress";
import { placeInterfaceEndpoints } from "./endpoints";
import { ArgumentError } from "./errors";
import { hasPublicSubnets, NatElasticIps, NatGatewayStrategy, natGatewayZoneFor } from "./nat";

/** What AWS says, looked up before planning. */
export interface NetworkFacts {
  readonly region: string;
  /** The region's partition (aws, aws-cn, aws-us-gov, ...), as the provider reports it. */
  readonly partition: string;
  /** The region's zones, as the account sees them. */
  readonly offeredZones: readonly AvailabilityZone[];
  /** For each interface endpoint (by key), the zones its service is offered in. */
  readonly interfaceServiceZones: ReadonlyMap<string, readonly string[]>;
  /** How messages name each endpoint entry, by key (`endpoints[1]`); "endpoints" without. */
  readonly endpointLabels?: ReadonlyMap<string, string>;
}

export interface NetworkPlan {
  /** The zones to use, sorted by name. */
  readonly zones: readonly AvailabilityZone[];
  /** For each zone (by name), the zone whose NAT gateway its private subnet leaves through. */
  readonly natZoneFor: ReadonlyMap<string, string | undefined>;
  /** The zones that get a NAT gateway (and so a public subnet's Elastic IP), sorted. */
  readonly natZones: readonly string[];
  /** Whether the VPC gets an internet gateway. */
  readonly internet: boolean;
  /** Whether it gets public subnets (for zonal NAT gateways). */
  readonly publicSubnets: boolean;
  /** Whether its private subnets leave through one regional NAT gateway. */
  readonly regionalNat: boolean;
  /** Whether the NAT in each zone of natZones is a NAT instance rather than a NAT gateway. */
  readonly natInstances: boolean;
  /**
   * The NAT gateways' and their addresses' share of the monthly cost, in USD; without a NAT
   * instance's hourly charge or a regional NAT gateway's automatic addresses, which are not
   * estimated (lib/cost.ts).
   */
  readonly natCostUsd: number;
}

/**
 * Refuses a regional NAT gateway where AWS does not offer it: "This feature is available in all
 * commercial AWS Regions, except for AWS GovCloud (US) Regions and China Regions" (AWS's launch
 * announcement, https://aws.amazon.com/about-aws/whats-new/2025/11/aws-nat-gateway-regional-availability,
 * as quoted in terraform-aws-modules/terraform-aws-vpc examples/regional-nat/README.md @8bcb01b;
 * the commercial Regions are the aws partition), so CreateNatGateway would fail there mid-deploy.
 */
function checkNatStrategyOffered(strategy: NatGatewayStrategy, partition: string, region: string) {
  if (strategy === "regional" && partition !== "aws") {
    throw new ArgumentError(
      `natGateways "regional": AWS offers the regional NAT gateway in the commercial Regions only, and ${region} is in the ${partition} partition: choose "perAz" (or "single").`,
    );
  }
}

/** Plans the network's zones and NAT; every interface endpoint must fit the chosen zones. */
export function planNetwork(
  request: CheckedAvailabilityZoneRequest,
  natGateways: NatGatewayStrategy,
  facts: NetworkFacts,
  elasticIps: NatElasticIps<unknown> = { source: "created", retain: false },
): NetworkPlan {
  checkNatStrategyOffered(natGateways, facts.partition, facts.region);
  const zones = selectAvailabilityZones(request, facts.offeredZones, facts.region);
  zones.forEach((z) => availabilityZoneSlot(z.name));
  placeInterfaceEndpoints(
    zones.map((z) => ({ subnetId: z.name, availabilityZone: z.name })),
    facts.interfaceServiceZones,
    1,
    "choose zones that include one of those",
    facts.endpointLabels,
  );
  const natZoneFor = natGatewayZoneFor(
    natGateways,
    zones.map((z) => z.name),
  );
  const natZones = [...new Set(natZoneFor.values())]
    .filter((z): z is string => z !== undefined)
    .sort();
  const regionalNat = natGateways === "regional";
  const natInstances = natGateways === "instances";
  // A regional NAT gateway's addresses are known only when they are the user's (manual mode).
  const regionalAddresses = elasticIps.source === "given" ? elasticIps.allocationIds.length : 0;
  return {
    zones,
    natZoneFor,
    natZones,
    internet: natGateways !== "none",
    publicSubnets: hasPublicSubnets(natGateways),
    regionalNat,
    natInstances,
    natCostUsd: estimateMonthlyCostUsd({
      ...NO_BILLED_RESOURCES,
      natGateways: natInstances ? 0 : natZones.length,
      natInstances: natInstances ? natZones.length : 0,
      // Every private subnet routes to it, so it is active in each of the network's zones.
      regionalNatGatewayZones: regionalNat ? zones.length : 0,
      automaticRegionalNatGateways: regionalNat && elasticIps.source === "created" ? 1 : 0,
      publicIpv4Addresses: regionalNat ? regionalAddresses : natZones.length,
    }),
  };
}

/**
 * What a function in the network's private subnets reaches, for its security group's "Network"
 * egress: the VPC's blocks, the gateway endpoints' prefix lists, the internet through NAT, and
 * IPv6 destinations through the egress-only gateway, which the network makes whenever it has
 * ipv6 ("" for `ipv6Block` when the VPC has no IPv6 block), and a hub's shared endpoints.
 */
export function networkEgressFacts(
  network: { readonly natGateways: NatGatewayStrategy; readonly ipv6: boolean },
  cidrBlock: string,
  prefixListIds: readonly string[],
  ipv6Block: string,
  sharedEndpointCidrBlocks: readonly string[] = [],
): EgressFacts {
  return {
    ...(sharedEndpointCidrBlocks.length > 0 ? { sharedEndpointCidrBlocks } : {}),
    vpcCidrBlocks: [cidrBlock],
    vpcIpv6CidrBlocks: network.ipv6 && ipv6Block !== "" ? [ipv6Block] : [],
    prefixListIds: [...prefixListIds].sort(),
    internet: network.natGateways !== "none",
    ipv6Internet: network.ipv6,
  };
}
