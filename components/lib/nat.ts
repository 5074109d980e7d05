import * as pulumi from "@pulumi/pulumi";
import { ArgumentError, duplicatesOf, listWords, rethrowArgumentErrors } from "./errors";
import { mapInput } from "./plain";

/** How private subnets reach the internet. */
export const NatGatewayStrategy = {
  /** No internet: no internet gateway, no public subnets, no NAT. Reach AWS through endpoints. */
  None: "none",
  /** One NAT gateway, in the first zone by name, for every private subnet: cheaper, not zone-resilient. */
  Single: "single",
  /** A NAT gateway in every zone; each private subnet leaves through its own zone's. */
  PerAz: "perAz",
  /**
   * One regional NAT gateway for the whole VPC, present in every zone with workloads: no public
   * subnets, one route target for every private subnet.
   */
  Regional: "regional",
  /**
   * A NAT instance (an EC2 instance of yours, arm64) per zone, in its zone's public subnet: the
   * cheapest per hour, but not highly available, patched by you, and as fast as its type.
   */
  Instances: "instances",
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
 * For each zone (by name), the zone whose zonal NAT gateway its private subnet routes through, or
 * undefined with none (no NAT, or the one regional gateway, which has no zone). Zones must be
 * sorted by name: "single" uses the first.
 */
export function natGatewayZoneFor(
  strategy: NatGatewayStrategy,
  zones: readonly string[],
): Map<string, string | undefined> {
  return new Map(
    zones.map((zone): [string, string | undefined] => [
      zone,
      strategy === "perAz" || strategy === "instances"
        ? zone
        : strategy === "single"
          ? zones[0]
          : undefined,
    ]),
  );
}

/** How many NAT gateways (or, with "instances", NAT instances) a strategy makes over so many zones. */
export function natGatewayCount(strategy: NatGatewayStrategy, zoneCount: number): number {
  return strategy === "perAz" || strategy === "instances" ? zoneCount : strategy === "none" ? 0 : 1;
}

/**
 * How many of the user's Elastic IPs a strategy takes: one per zonal NAT gateway, and for the
 * regional one, one per zone (its addresses are given zone by zone, availabilityZoneAddresses).
 */
export function natElasticIpCount(strategy: NatGatewayStrategy, zoneCount: number): number {
  return strategy === "regional" ? zoneCount : natGatewayCount(strategy, zoneCount);
}

/** Whether a strategy has public subnets: zonal NAT gateways and NAT instances live in one. */
export function hasPublicSubnets(strategy: NatGatewayStrategy): boolean {
  return strategy === "single" || strategy === "perAz" || strategy === "instances";
}

/** Whose Elastic IPs the NAT gateways take, and whether created ones outlive the network. */
export type NatElasticIps<Id> =
  | { readonly source: "created"; readonly retain: boolean }
  | { readonly source: "given"; readonly allocationIds: readonly Id[] };

// EC2's allocation ids: "eipalloc-" and 8 or 17 hex digits, as every EC2 resource id.
const ALLOCATION_ID = /^eipalloc-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** Without the user's addresses: whether keeping the created ones means anything. */
function createdElasticIps(
  strategy: NatGatewayStrategy,
  retain: boolean | undefined,
): NatElasticIps<never> {
  if (retain === true && strategy === "none") {
    throw new ArgumentError(
      `retainNatElasticIps: natGateways is "none", so there is no Elastic IP to keep; leave retainNatElasticIps out, or choose "single" or "perAz".`,
    );
  }
  if (retain === true && strategy === "regional") {
    // Without addresses given, a regional NAT gateway is in automatic mode: AWS allocates its
    // addresses and manages them (the provider's availability_zone_address: "When not
    // specified, ... associate EIPs upon detection of an elastic network interface").
    throw new ArgumentError(
      `retainNatElasticIps: natGateways "regional" creates no Elastic IP (AWS manages a regional NAT gateway's addresses in automatic mode); to keep fixed addresses, allocate them yourself and give them as natElasticIpAllocationIds, one per zone.`,
    );
  }
  return { source: "created", retain: retain ?? false };
}

/** One of the user's allocation ids, when known now: its form, with a hint for an address. */
function checkAllocationIdForm(id: unknown, i: number): void {
  if (typeof id === "string" && !ALLOCATION_ID.test(id)) {
    const hint = /^\d+\.\d+\.\d+\.\d+$/.test(id)
      ? "that is an address; give its allocation id (aws ec2 describe-addresses --public-ips " +
        `${id} shows it)`
      : "give an Elastic IP's allocation id, like eipalloc-0123456789abcdef0";
    throw new ArgumentError(
      `natElasticIpAllocationIds[${i}] ${JSON.stringify(id)} is not an allocation id: ${hint}.`,
    );
  }
}

/**
 * The user's allocation ids with those known only at deployment (another stack's outputs) checked
 * as soon as they are known, as plain ones are before anything is registered: a NAT gateway or
 * association that takes them waits for the check, so a bad id fails naming the argument
 * instead of reaching EC2.
 */
export function checkedElasticIps(
  ips: NatElasticIps<pulumi.Input<string>>,
  fail: (message: string) => Error,
): NatElasticIps<pulumi.Input<string>> {
  if (ips.source === "created") {
    return ips;
  }
  const check = (id: string, i: number) =>
    rethrowArgumentErrors(fail, () => (checkAllocationIdForm(id, i), id));
  return {
    source: "given",
    allocationIds: ips.allocationIds.map((id, i) =>
      typeof id === "string" ? id : mapInput(id, (v) => check(v, i)),
    ),
  };
}

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
    return createdElasticIps(strategy, retain);
  }
  const given = `natElasticIpAllocationIds gives ${allocationIds.length} Elastic IP${allocationIds.length === 1 ? "" : "s"}`;
  if (strategy === "none") {
    throw new ArgumentError(
      `${given}, but natGateways is "none": no NAT gateway takes them; choose "single", "perAz", "regional" or "instances", or leave natElasticIpAllocationIds out.`,
    );
  }
  if (retain !== undefined) {
    throw new ArgumentError(
      `retainNatElasticIps keeps the Elastic IPs the network creates, and with natElasticIpAllocationIds it creates none (yours are never released by it); leave retainNatElasticIps out.`,
    );
  }
  const needed = natElasticIpCount(strategy, zoneCount);
  if (allocationIds.length !== needed) {
    const zones = `${zoneCount} zone${zoneCount === 1 ? "" : "s"}`;
    const makes =
      strategy === "single"
        ? `natGateways "single" makes 1 NAT gateway: give exactly one allocation id per NAT gateway`
        : strategy === "perAz"
          ? `natGateways "perAz" over ${zones} makes ${needed} NAT gateways: give exactly one allocation id per NAT gateway`
          : strategy === "instances"
            ? `natGateways "instances" over ${zones} makes ${needed} NAT instances: give exactly one allocation id per NAT instance`
            : `natGateways "regional" over ${zones} takes ${needed} addresses: give exactly one allocation id per zone`;
    throw new ArgumentError(`${given}, but ${makes}, in zone order (zones sorted by name).`);
  }
  allocationIds.forEach(checkAllocationIdForm);
  const repeated = duplicatesOf(allocationIds.filter((id) => typeof id === "string"));
  if (repeated.length > 0) {
    // An address is associated with one NAT gateway at a time (EC2's Resource.AlreadyAssociated).
    throw new ArgumentError(
      `natElasticIpAllocationIds lists ${listWords(repeated.map(String))} more than once: an Elastic IP serves one NAT gateway at a time.`,
    );
  }
  return { source: "given", allocationIds };
}
