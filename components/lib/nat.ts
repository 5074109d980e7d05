import { ArgumentError, duplicatesOf, listWords } from "./errors";

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
    // Stack config and other languages spell by hand: "perAZ" and "PerAz" are near misses.
    const near =
      typeof value === "string"
        ? STRATEGIES.find((s) => s.toLowerCase() === value.toLowerCase())
        : undefined;
    const options = listWords(STRATEGIES.map((s) => JSON.stringify(s))).replace(
      / and (?=[^ ]+$)/,
      " or ",
    );
    throw new ArgumentError(
      near === undefined
        ? `natGateways ${JSON.stringify(value)} is not a NAT strategy; use ${options}.`
        : `natGateways ${JSON.stringify(value)} is not a NAT strategy: did you mean ${JSON.stringify(near)}? (the names are case-sensitive: ${options}).`,
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

/** How many NAT gateways a strategy makes over so many zones. */
export function natGatewayCount(strategy: NatGatewayStrategy, zoneCount: number): number {
  return strategy === "perAz" ? zoneCount : strategy === "single" ? 1 : 0;
}

/** Whose Elastic IPs the NAT gateways take, and whether created ones outlive the network. */
export type NatElasticIps<Id> =
  | { readonly source: "created"; readonly retain: boolean }
  | { readonly source: "given"; readonly allocationIds: readonly Id[] };

// EC2's allocation ids: "eipalloc-" and 8 or 17 hex digits, as every EC2 resource id.
const ALLOCATION_ID = /^eipalloc-([0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * Checks the NAT gateways' Elastic IP arguments against the strategy and the number of zones,
 * before anything is registered. Allocation ids known only later (another stack's outputs) are
 * counted now and their form is left to EC2.
 */
export function validateNatElasticIps<Id>(
  strategy: NatGatewayStrategy,
  zoneCount: number,
  allocationIds: readonly Id[] | undefined,
  retain: boolean | undefined,
): NatElasticIps<Id> {
  if (allocationIds === undefined) {
    if (retain === true && strategy === "none") {
      throw new ArgumentError(
        `retainNatElasticIps: natGateways is "none", so there is no Elastic IP to keep; leave retainNatElasticIps out, or choose "single" or "perAz".`,
      );
    }
    return { source: "created", retain: retain ?? false };
  }
  const given = `natElasticIpAllocationIds gives ${allocationIds.length} Elastic IP${allocationIds.length === 1 ? "" : "s"}`;
  if (strategy === "none") {
    throw new ArgumentError(
      `${given}, but natGateways is "none": no NAT gateway takes them; choose "single" or "perAz", or leave natElasticIpAllocationIds out.`,
    );
  }
  if (retain !== undefined) {
    throw new ArgumentError(
      `retainNatElasticIps keeps the Elastic IPs the network creates, and with natElasticIpAllocationIds it creates none (yours are never released by it); leave retainNatElasticIps out.`,
    );
  }
  const needed = natGatewayCount(strategy, zoneCount);
  if (allocationIds.length !== needed) {
    const makes =
      strategy === "single"
        ? `natGateways "single" makes 1 NAT gateway`
        : `natGateways "perAz" over ${zoneCount} zone${zoneCount === 1 ? "" : "s"} makes ${needed} NAT gateways`;
    throw new ArgumentError(
      `${given}, but ${makes}: give exactly one allocation id per NAT gateway, in zone order (zones sorted by name).`,
    );
  }
  allocationIds.forEach((id, i) => {
    if (typeof id === "string" && !ALLOCATION_ID.test(id)) {
      const hint = /^\d+\.\d+\.\d+\.\d+$/.test(id)
        ? "that is an address; give its allocation id (aws ec2 describe-addresses --public-ips " +
          `${id} shows it)`
        : "give an Elastic IP's allocation id, like eipalloc-0123456789abcdef0";
      throw new ArgumentError(
        `natElasticIpAllocationIds[${i}] ${JSON.stringify(id)} is not an allocation id: ${hint}.`,
      );
    }
  });
  const repeated = duplicatesOf(allocationIds.filter((id) => typeof id === "string"));
  if (repeated.length > 0) {
    // An address is associated with one NAT gateway at a time (EC2's Resource.AlreadyAssociated).
    throw new ArgumentError(
      `natElasticIpAllocationIds lists ${listWords(repeated.map(String))} more than once: an Elastic IP serves one NAT gateway at a time.`,
    );
  }
  return { source: "given", allocationIds };
}
