/**
 * Monthly cost estimates of the fixed, hourly charges a network adds. Data processing is billed on
 * top, per GB, and is not in the estimate.
 *
 * Prices are us-east-1 list prices in USD:
 * - NAT gateway $0.045 per hour + $0.045 per GB processed: https://aws.amazon.com/vpc/pricing/
 * - Public IPv4 address (a NAT gateway's Elastic IP) $0.005 per hour: https://aws.amazon.com/vpc/pricing/
 * - Interface endpoint $0.01 per AZ-hour + $0.01 per GB: https://aws.amazon.com/privatelink/pricing/
 * - Gateway endpoints (S3, DynamoDB) and Lambda Hyperplane ENIs: free.
 * Other regions cost the same or more.
 *
 * A regional NAT gateway's hourly charge is not estimated: it is billed by the zones it is active
 * in, which follow the workloads (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html),
 * and this package could not read its price from AWS itself, so it states none. Its addresses in
 * manual mode (the user's) are counted as public IPv4 addresses; in automatic mode AWS allocates
 * them as zones need, a number no plan knows.
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
} as const;

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;

/** What a network contains that is billed by the hour. */
export interface BilledResources {
  /** Zonal NAT gateways, billed per hour each. */
  readonly natGateways: number;
  /**
   * Regional NAT gateways: counted, not priced (see above). Optional, so counts written before it
   * existed still type-check.
   */
  readonly regionalNatGateways?: number;
  /** NAT instances: counted, not priced (see above). Optional, as regionalNatGateways. */
  readonly natInstances?: number;
  readonly publicIpv4Addresses: number;
  /** Sum over interface endpoints of the zones each is placed in. */
  readonly interfaceEndpointAzs: number;
  readonly gatewayEndpoints: number;
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
  regionalNatGateways: 0,
  natInstances: 0,
  publicIpv4Addresses: 0,
  interfaceEndpointAzs: 0,
  gatewayEndpoints: 0,
};

/** Rounds to whole cents, so sums of floating-point prices print as money. */
export function roundUsd(amount: number): number {
  return Math.round(amount * 100) / 100;
}

export function addBilledResources(a: BilledResources, b: BilledResources): BilledResources {
  return {
    natGateways: a.natGateways + b.natGateways,
    regionalNatGateways: (a.regionalNatGateways ?? 0) + (b.regionalNatGateways ?? 0),
    natInstances: (a.natInstances ?? 0) + (b.natInstances ?? 0),
    publicIpv4Addresses: a.publicIpv4Addresses + b.publicIpv4Addresses,
    interfaceEndpointAzs: a.interfaceEndpointAzs + b.interfaceEndpointAzs,
    gatewayEndpoints: a.gatewayEndpoints + b.gatewayEndpoints,
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
  // Only a stack with a regional NAT gateway gets its line, which says it is not estimated.
  const regionalCount = r.regionalNatGateways ?? 0;
  const regional: CostLine[] =
    regionalCount === 0
      ? []
      : [
          {
            item: "regional NAT gateway",
            quantity: regionalCount,
            monthlyUsd: 0,
            notEstimated: `billed per hour for each zone it is active in, which follow the workloads, and in automatic mode for the addresses AWS allocates: not estimated, see ${VPC_PRICING_URL}`,
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
    ...regional,
    ...instances,
    line("public IPv4 address", r.publicIpv4Addresses, PRICES_USD.publicIpv4AddressPerHour),
    line("interface endpoint AZ", r.interfaceEndpointAzs, PRICES_USD.interfaceEndpointPerAzHour),
    line("gateway endpoint", r.gatewayEndpoints, PRICES_USD.gatewayEndpointPerHour),
  ];
}

/** The estimated monthly fixed charge in USD, to the cent. */
export function estimateMonthlyCostUsd(r: BilledResources): number {
  return roundUsd(monthlyCostLines(r).reduce((sum, l) => sum + l.monthlyUsd, 0));
}
