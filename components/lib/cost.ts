/**
 * Monthly cost estimates of the fixed, hourly charges a network adds. Data processing is billed on
 * top, per GB, and is not in the estimate.
 *
 * Prices are us-east-1 list prices in USD:
 * - NAT gateway $0.045 per hour + $0.045 per GB processed: https://aws.amazon.com/vpc/pricing/
 * - Public IPv4 address (a NAT gateway's Elastic IP) $0.005 per hour: https://aws.amazon.com/vpc/pricing/
 * - Interface endpoint $0.01 per AZ-hour + $0.01 per GB: https://aws.amazon.com/privatelink/pricing/
 * - Gateway endpoints (S3, DynamoDB) and Lambda Hyperplane ENIs: free.
 * - Route 53 Profile: "$0.75 per AWS account for up to 100 Profile-VPC associations" per hour, then
 *   "$0.0014 per Profile-VPC association per hour" (https://aws.amazon.com/route53/pricing/, as
 *   transcribed in api-evangelist/amazon-route53-resolver
 *   plans/amazon-route53-resolver-plans-pricing.yml @1c78eb0; the page itself could not be read
 *   here); "The Profile owner is responsible for the bill for the VPC associations" (Route 53
 *   Developer Guide, sharing-profiles.html).
 * Other regions cost the same or more.
 *
 * A regional NAT gateway is billed as NAT gateway-hours, one per zone it is active in per hour:
 * "If you choose to create a NAT gateway with regional availability in your VPC, you are charged
 * for each hour that the NAT Gateway is configured in each availability zone. For example, if
 * your regional NAT is running across three Availability Zones(AZs) for one hour, you'll be
 * billed for three 'NAT Gateway-hours'" (https://aws.amazon.com/vpc/pricing/, as quoted in the
 * pull request adding it to terraform-aws-modules/terraform-aws-vpc: Balvinder-1995/terraform-aws-vpc
 * examples/regional-nat/README.md @0340d46; the page itself could not be read here). It expands
 * to the zones that have workloads (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html),
 * so the estimate counts the zones whose private subnets route to it. Its addresses in manual
 * mode (the user's) are counted as public IPv4 addresses; in automatic mode AWS allocates them as
 * zones need, a number no plan knows: that line says it is not estimated.
 *
 * A NAT instance's hourly charge is not estimated either: it is its instance type's on-demand
 * price (https://aws.amazon.com/ec2/pricing/on-demand/), which this package could not read from
 * AWS. Its public IPv4 address is counted like a NAT gateway's.
 */
export const PRICES_USD = {
  natGatewayPerHour: 0.045,
  natGatewayPerGb: 0.045,
  publicIpv4AddressPerHour: 0.005,
  interfaceEndpointPerAzHour: 0.01,
  interfaceEndpointPerGb: 0.01,
  gatewayEndpointPerHour: 0,
  route53ProfilePerHour: 0.75,
  route53ProfileIncludedAssociations: 100,
  route53ProfileAssociationPerHour: 0.0014,
} as const;

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;

/** What a network contains that is billed by the hour. */
export interface BilledResources {
  /** Zonal NAT gateways, billed per hour each. */
  readonly natGateways: number;
  /**
   * Zones a regional NAT gateway is active in, summed over the regional gateways: each is billed
   * as a NAT gateway-hour (see above). Optional, so counts written before it existed still
   * type-check.
   */
  readonly regionalNatGatewayZones?: number;
  /**
   * Regional NAT gateways in automatic mode, whose addresses AWS allocates: counted, their
   * addresses not priced (see above). Optional, as regionalNatGatewayZones.
   */
  readonly automaticRegionalNatGateways?: number;
  /** NAT instances: counted, not priced (see above). Optional, as regionalNatGatewayZones. */
  readonly natInstances?: number;
  readonly publicIpv4Addresses: number;
  /** Sum over interface endpoints of the zones each is placed in. */
  readonly interfaceEndpointAzs: number;
  readonly gatewayEndpoints: number;
  /** Route 53 Profiles (shared service endpoints). Optional, as regionalNatGatewayZones. */
  readonly route53Profiles?: number;
  /** Profile–VPC associations beyond the 100 each profile's hourly charge covers. */
  readonly route53ProfileExtraAssociations?: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly monthlyUsd: number;
  /** Set when the line is not in the estimate: why, and where AWS states the price. */
  readonly notEstimated?: string;
}

/** Where AWS states VPC prices, which a line that is not estimated points to. */
export const VPC_PRICING_URL = "https://aws.amazon.com/vpc/pricing/";

/** Where AWS states EC2 on-demand prices, which a NAT instance's line points to. */
export const EC2_PRICING_URL = "https://aws.amazon.com/ec2/pricing/on-demand/";

export const NO_BILLED_RESOURCES: BilledResources = {
  natGateways: 0,
  regionalNatGatewayZones: 0,
  automaticRegionalNatGateways: 0,
  natInstances: 0,
  publicIpv4Addresses: 0,
  interfaceEndpointAzs: 0,
  gatewayEndpoints: 0,
  route53Profiles: 0,
  route53ProfileExtraAssociations: 0,
};

/** Rounds to whole cents, so sums of floating-point prices print as money. */
export function roundUsd(amount: number): number {
  return Math.round(amount * 100) / 100;
}

export function addBilledResources(a: BilledResources, b: BilledResources): BilledResources {
  return {
    natGateways: a.natGateways + b.natGateways,
    regionalNatGatewayZones: (a.regionalNatGatewayZones ?? 0) + (b.regionalNatGatewayZones ?? 0),
    automaticRegionalNatGateways:
      (a.automaticRegionalNatGateways ?? 0) + (b.automaticRegionalNatGateways ?? 0),
    natInstances: (a.natInstances ?? 0) + (b.natInstances ?? 0),
    publicIpv4Addresses: a.publicIpv4Addresses + b.publicIpv4Addresses,
    interfaceEndpointAzs: a.interfaceEndpointAzs + b.interfaceEndpointAzs,
    gatewayEndpoints: a.gatewayEndpoints + b.gatewayEndpoints,
    route53Profiles: (a.route53Profiles ?? 0) + (b.route53Profiles ?? 0),
    route53ProfileExtraAssociations:
      (a.route53ProfileExtraAssociations ?? 0) + (b.route53ProfileExtraAssociations ?? 0),
  };
}

/**
 * One line per billed kind of resource, with its monthly fixed charge; a kind this package has no
 * price of AWS's for is a line of $0 that says it is not estimated.
 */
export function monthlyCostLines(r: BilledResources): CostLine[] {
  const line = (item: string, quantity: number, perHour: number): CostLine => ({
    item,
    quantity,
    monthlyUsd: roundUsd(quantity * perHour * HOURS_PER_MONTH),
  });
  // Only a stack with a regional NAT gateway in automatic mode gets the line of its addresses,
  // which says they are not estimated.
  const automatic = r.automaticRegionalNatGateways ?? 0;
  const automaticAddresses: CostLine[] =
    automatic === 0
      ? []
      : [
          {
            item: "automatic regional NAT",
            quantity: automatic,
            monthlyUsd: 0,
            notEstimated: `its public IPv4 addresses, which AWS allocates as it expands to zones, each billed as any: not estimated, see ${VPC_PRICING_URL}`,
          },
        ];
  const instanceCount = r.natInstances ?? 0;
  const instances: CostLine[] =
    instanceCount === 0
      ? []
      : [
          {
            item: "NAT instance",
            quantity: instanceCount,
            monthlyUsd: 0,
            notEstimated: `billed per hour at its instance type's on-demand price, plus its EBS volume: not estimated, see ${EC2_PRICING_URL}`,
          },
        ];
  return [
    line("NAT gateway", r.natGateways, PRICES_USD.natGatewayPerHour),
    ...((r.regionalNatGatewayZones ?? 0) === 0
      ? []
      : [line("regional NAT AZ", r.regionalNatGatewayZones ?? 0, PRICES_USD.natGatewayPerHour)]),
    ...automaticAddresses,
    ...instances,
    line("public IPv4 address", r.publicIpv4Addresses, PRICES_USD.publicIpv4AddressPerHour),
    line("interface endpoint AZ", r.interfaceEndpointAzs, PRICES_USD.interfaceEndpointPerAzHour),
    line("gateway endpoint", r.gatewayEndpoints, PRICES_USD.gatewayEndpointPerHour),
    ...((r.route53Profiles ?? 0) === 0
      ? []
      : [
          line("Route 53 Profile", r.route53Profiles ?? 0, PRICES_USD.route53ProfilePerHour),
          line(
            "Profile association",
            r.route53ProfileExtraAssociations ?? 0,
            PRICES_USD.route53ProfileAssociationPerHour,
          ),
        ]),
  ];
}

/** The estimated monthly fixed charge in USD, to the cent. */
export function estimateMonthlyCostUsd(r: BilledResources): number {
  return roundUsd(monthlyCostLines(r).reduce((sum, l) => sum + l.monthlyUsd, 0));
}
