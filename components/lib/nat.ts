import { ArgumentError } from "./errors";

/** How private subnets reach the internet. */
export const NatGatewayStrategy = {
  /** No internet: no internet gateway, no public subnets, no NAT. Reach AWS through endpoints. */
  None: "none",
  /** One NAT gateway, in the first zone by name, for every private subnet: cheaper, not zone-resilient. */
  Single: "single",
  /** A NAT gateway in every zone; each private subnet leaves through its own zone's. */
  PerAz: "perAz",
} as const;
export type NatGatewayStrategy = (typeof NatGatewayStrategy)[keyof typeof NatGatewayStrategy];

const STRATEGIES: readonly string[] = Object.values(NatGatewayStrategy);

export function validateNatGatewayStrategy(value: unknown): NatGatewayStrategy {
  if (value === undefined) {
    return NatGatewayStrategy.None;
  }
  if (typeof value !== "string" || !STRATEGIES.includes(value)) {
    throw new ArgumentError(
      `natGateways ${JSON.stringify(value)} is not a NAT strategy; use "none", "single" or "perAz".`,
    );
  }
  return value as NatGatewayStrategy;
}

/**
 * For each zone (by name), the zone whose NAT gateway its private subnet routes through, or
 * undefined with no NAT. Zones must be sorted by name: "single" uses the first.
 */
export function natGatewayZoneFor(
  strategy: NatGatewayStrategy,
  zones: readonly string[],
): Map<string, string | undefined> {
  return new Map(
    zones.map((zone): [string, string | undefined] => [
      zone,
      strategy === "perAz" ? zone : strategy === "single" ? zones[0] : undefined,
    ]),
  );
}
