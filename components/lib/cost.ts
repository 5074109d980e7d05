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
  readonly natGateways: number;
  readonly publicIpv4Addresses: number;
  /** Sum over interface endpoints of the zones each is placed in. */
  readonly interfaceEndpointAzs: number;
  readonly gatewayEndpoints: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly monthlyUsd: number;
}

export const NO_BILLED_RESOURCES: BilledResources = {
  natGateways: 0,
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
    publicIpv4Addresses: a.publicIpv4Addresses + b.publicIpv4Addresses,
    interfaceEndpointAzs: a.interfaceEndpointAzs + b.interfaceEndpointAzs,
    gatewayEndpoints: a.gatewayEndpoints + b.gatewayEndpoints,
  };
}

/** One line per billed kind of resource, with its monthly fixed charge. */
export function monthlyCostLines(r: BilledResources): CostLine[] {
  const line = (item: string, quantity: number, perHour: number): CostLine => ({
    item,
    quantity,
    monthlyUsd: roundUsd(quantity * perHour * HOURS_PER_MONTH),
  });
  return [
    line("NAT gateway", r.natGateways, PRICES_USD.natGatewayPerHour),
    line("public IPv4 address", r.publicIpv4Addresses, PRICES_USD.publicIpv4AddressPerHour),
    line("interface endpoint AZ", r.interfaceEndpointAzs, PRICES_USD.interfaceEndpointPerAzHour),
    line("gateway endpoint", r.gatewayEndpoints, PRICES_USD.gatewayEndpointPerHour),
  ];
}

/** The estimated monthly fixed charge in USD, to the cent. */
export function estimateMonthlyCostUsd(r: BilledResources): number {
  return roundUsd(monthlyCostLines(r).reduce((sum, l) => sum + l.monthlyUsd, 0));
}
