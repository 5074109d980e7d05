import * as ipaddr from "ipaddr.js";
import { blockSize, Ipv4Block, readIpv4Block, toAddress } from "../../policy/rules/cidr";
import { ArgumentError, duplicatesOf, listWords } from "./errors";

export { blockContains, blocksOverlap, Ipv4Block } from "../../policy/rules/cidr";

export const DEFAULT_VPC_CIDR_BLOCK = "10.0.0.0/16";

/**
 * The layout gives each zone letter a fixed slot, so a subnet's block depends only on its zone's
 * letter: adding, removing or reordering zones never moves another zone's subnet. Eight slots
 * (a–h) cover every AWS region today (the largest, us-east-1, has six zones).
 */
export const AVAILABILITY_ZONE_SLOTS = 8;
/** Private subnets: the VPC's first half, in eight equal blocks (a /16 gives /20s, 4,091 usable). */
export const PRIVATE_SUBNET_EXTRA_BITS = 4;
/** Public subnets (NAT gateways only): eight small blocks at the start of the second half (/23s of a /16). */
export const PUBLIC_SUBNET_EXTRA_BITS = 7;
/** AWS accepts VPC blocks from /16 to /28; the smallest subnet is a /28. */
export const MIN_VPC_PREFIX_LENGTH = 16;
export const MAX_SUBNET_PREFIX_LENGTH = 28;
export const MAX_VPC_PREFIX_LENGTH = MAX_SUBNET_PREFIX_LENGTH - PUBLIC_SUBNET_EXTRA_BITS;

export function formatBlock(block: Ipv4Block): string {
  return `${toAddress(block.network)}/${block.prefixLength}`;
}

/**
 * Parses a canonical IPv4 CIDR block (`10.0.0.0/16`). Shorthand (`10/8`, `10.1/16`), octal-looking
 * octets and host bits are rejected: AWS would either refuse them or read them differently
 * (policy/rules/cidr.ts reads them, for the pre-flight too).
 */
export function parseIpv4Block(arg: string, value: string): Ipv4Block {
  const reading = readIpv4Block(value);
  if ("block" in reading) {
    return reading.block;
  }
  if (reading.problem === "not-a-block") {
    throw new ArgumentError(
      `${arg} "${value}" is not an IPv4 CIDR block; write it as four decimal octets and a prefix length, like 10.0.0.0/16.`,
    );
  }
  throw new ArgumentError(
    `${arg} "${value}" has host bits set; use the network address ${reading.network}/${reading.prefixLength}.`,
  );
}

/** Validates a VPC block: private (RFC 1918) and large enough for the eight-slot subnet layout. */
export function parseVpcCidrBlock(value: string): Ipv4Block {
  const block = parseIpv4Block("cidrBlock", value);
  if (ipaddr.IPv4.parse(toAddress(block.network)).range() !== "private") {
    throw new ArgumentError(
      `cidrBlock "${value}" is not a private (RFC 1918) range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.`,
    );
  }
  if (block.prefixLength < MIN_VPC_PREFIX_LENGTH) {
    throw new ArgumentError(
      `cidrBlock "${value}" is larger than AWS allows for a VPC; use a prefix length from /${MIN_VPC_PREFIX_LENGTH} to /${MAX_VPC_PREFIX_LENGTH}.`,
    );
  }
  if (block.prefixLength > MAX_VPC_PREFIX_LENGTH) {
    throw new ArgumentError(
      `cidrBlock "${value}" is too small: the subnet layout needs at least a /${MAX_VPC_PREFIX_LENGTH} (its public subnets are /${MAX_SUBNET_PREFIX_LENGTH}s); use a prefix length from /${MIN_VPC_PREFIX_LENGTH} to /${MAX_VPC_PREFIX_LENGTH}.`,
    );
  }
  return block;
}

/** The slot of a zone: its name's final letter, a = 0 … h = 7. */
export function availabilityZoneSlot(zoneName: string): number {
  const letter = /[a-z]$/.exec(zoneName)?.[0];
  const slot = letter === undefined ? -1 : letter.charCodeAt(0) - "a".charCodeAt(0);
  if (slot < 0 || slot >= AVAILABILITY_ZONE_SLOTS) {
    throw new ArgumentError(
      `zone ${zoneName} has no slot in the subnet layout, which covers zone letters a to h; choose zones with availabilityZoneNames or availabilityZoneIds.`,
    );
  }
  return slot;
}

/** The private and public subnet blocks of one zone in a VPC. Depends only on the zone letter. */
export function subnetBlocksForZone(
  vpc: Ipv4Block,
  zoneName: string,
): { privateCidrBlock: string; publicCidrBlock: string } {
  const slot = availabilityZoneSlot(zoneName);
  const privatePrefix = vpc.prefixLength + PRIVATE_SUBNET_EXTRA_BITS;
  const publicPrefix = vpc.prefixLength + PUBLIC_SUBNET_EXTRA_BITS;
  const secondHalf = vpc.network + blockSize(vpc.prefixLength + 1);
  return {
    privateCidrBlock: formatBlock({
      network: vpc.network + slot * blockSize(privatePrefix),
      prefixLength: privatePrefix,
    }),
    publicCidrBlock: formatBlock({
      network: secondHalf + slot * blockSize(publicPrefix),
      prefixLength: publicPrefix,
    }),
  };
}

/** Where a security-group source block goes: `cidrBlocks` or `ipv6CidrBlocks`. */
export interface SourceBlocks {
  readonly ipv4: string[];
  readonly ipv6: string[];
}

/**
 * Validates ingress source blocks (IPv4 or IPv6) and sorts them by family. The whole internet
 * (`/0`) is refused: endpoint security groups admit only the sources that need them.
 */
export function parseSourceBlocks(arg: string, values: readonly string[]): SourceBlocks {
  const out: SourceBlocks = { ipv4: [], ipv6: [] };
  for (const value of values) {
    if (value.includes(":")) {
      if (!ipaddr.IPv6.isValidCIDR(value)) {
        throw new ArgumentError(
          `${arg} "${value}" is not a CIDR block; write it like 10.0.0.0/16 or fd00::/56.`,
        );
      }
      const [address, prefixLength] = ipaddr.IPv6.parseCIDR(value);
      if (prefixLength === 0) {
        throw new ArgumentError(
          `${arg} "${value}" admits the whole internet; list only the blocks that need access.`,
        );
      }
      const network = ipaddr.IPv6.networkAddressFromCIDR(value);
      if (network.toNormalizedString() !== address.toNormalizedString()) {
        throw new ArgumentError(
          `${arg} "${value}" has host bits set; use the network address ${network.toString()}/${prefixLength}.`,
        );
      }
      out.ipv6.push(value);
    } else {
      const block = parseIpv4Block(arg, value);
      if (block.prefixLength === 0) {
        throw new ArgumentError(
          `${arg} "${value}" admits the whole internet; list only the blocks that need access.`,
        );
      }
      out.ipv4.push(value);
    }
  }
  // AWS refuses a rule that repeats a permission ("InvalidPermission.Duplicate"); the same block
  // written twice is the same permission.
  const key = (v: string) =>
    v.includes(":")
      ? `${ipaddr.IPv6.networkAddressFromCIDR(v).toNormalizedString()}/${v.split("/")[1]}`
      : v;
  const repeated = duplicatesOf([...out.ipv4, ...out.ipv6].map(key));
  if (repeated.length > 0) {
    throw new ArgumentError(`${arg} lists ${listWords(repeated)} more than once.`);
  }
  return out;
}

/**
 * The VPC's IPv6 block: CreateVpc's AmazonProvidedIpv6CidrBlock "requests an Amazon-provided IPv6
 * CIDR block with a /56 prefix length" (EC2 API reference, CreateVpc), and a subnet's IPv6 block
 * "must use a /64 prefix length" (AWS::EC2::SubnetCidrBlock, CloudFormation user guide). So a
 * VPC has 256 /64s, numbered by the byte after its /56.
 */
export const VPC_IPV6_PREFIX_LENGTH = 56;
export const SUBNET_IPV6_PREFIX_LENGTH = 64;
/** Public subnets' /64s start halfway, as their IPv4 blocks start in the VPC's second half. */
export const PUBLIC_IPV6_SUBNET_OFFSET = 0x80;

/**
 * A subnet's /64 in the VPC's /56: index = the zone's slot (private), or 0x80 + the slot (public).
 * Like the IPv4 blocks it depends only on the zone letter and the tier, so adding or swapping
 * zones, or adding NAT, never moves an existing subnet's /64.
 */
export function ipv6SubnetBlockForZone(
  vpcIpv6Block: string,
  zoneName: string,
  tier: "private" | "public",
): string {
  const slot = availabilityZoneSlot(zoneName);
  if (!ipaddr.IPv6.isValidCIDR(vpcIpv6Block)) {
    throw new ArgumentError(`the VPC's IPv6 block "${vpcIpv6Block}" is not a CIDR block.`);
  }
  const [address, prefixLength] = ipaddr.IPv6.parseCIDR(vpcIpv6Block);
  if (prefixLength !== VPC_IPV6_PREFIX_LENGTH) {
    throw new ArgumentError(
      `the VPC's IPv6 block "${vpcIpv6Block}" is not a /${VPC_IPV6_PREFIX_LENGTH}, which the subnet layout needs (AWS gives an Amazon-provided block as a /56).`,
    );
  }
  const bytes = address.toByteArray();
  bytes[7] = (tier === "public" ? PUBLIC_IPV6_SUBNET_OFFSET : 0) + slot;
  bytes.fill(0, 8);
  return `${new ipaddr.IPv6(bytes).toString()}/${SUBNET_IPV6_PREFIX_LENGTH}`;
}
