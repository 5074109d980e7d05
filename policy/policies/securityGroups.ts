/** Security groups: nothing open to the whole internet. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import * as ipaddr from "ipaddr.js";
import { TYPES } from "./graph";

interface Rule {
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
}

/** A block as the range of addresses it covers, or undefined when it is not a valid block. */
function rangeOf(block: string): { v6: boolean; first: bigint; last: bigint } | undefined {
  try {
    const [address, prefix] = ipaddr.parseCIDR(block);
    const bits = address.kind() === "ipv6" ? 128 : 32;
    const value = address.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
    const size = 1n << BigInt(bits - prefix);
    const first = (value / size) * size;
    return { v6: bits === 128, first, last: first + size - 1n };
  } catch {
    return undefined;
  }
}

/**
 * Whether the blocks, together, admit every address of a family: `0.0.0.0/0` and `::/0` in any
 * spelling (`0::/0`, `::0/0`, written out in full), or pieces that add up to it (`0.0.0.0/1` and
 * `128.0.0.0/1`). Blocks are compared as address ranges, never as strings.
 */
export function wholeInternet(blocks: readonly string[]): string[] {
  const found: string[] = [];
  for (const v6 of [false, true]) {
    const ranges = blocks
      .map((b) => ({ b, r: rangeOf(b) }))
      .filter((x) => x.r !== undefined && x.r.v6 === v6)
      .sort((a, b) => (a.r!.first < b.r!.first ? -1 : a.r!.first > b.r!.first ? 1 : 0));
    const end = (1n << (v6 ? 128n : 32n)) - 1n;
    let next = 0n;
    for (const { r } of ranges) {
      if (r!.first > next) break;
      if (r!.last + 1n > next) next = r!.last + 1n;
    }
    if (ranges.length > 0 && next > end) {
      found.push(...ranges.map((x) => x.b));
    }
  }
  return found;
}

const blocksOf = (rule: Rule) => [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])];

export const securityGroupNoPublicIngress: ResourceValidationPolicy = {
  name: "security-group-no-public-ingress",
  description:
    "No security group admits traffic from the whole internet, 0.0.0.0/0 or ::/0 however written (AWS Security Hub EC2.18, EC2.19).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const report = (blocks: string[]) =>
      blocks.length > 0 &&
      reportViolation(
        `${args.name} admits inbound traffic from ${[...new Set(blocks)].join(" and ")}, the whole internet: allow only the blocks or security groups that need access.`,
      );
    switch (args.type) {
      case TYPES.securityGroup:
      case TYPES.defaultSecurityGroup:
        // The rules of one group add up: halves of the internet in two rules are the internet.
        report(wholeInternet(((args.props.ingress ?? []) as Rule[]).flatMap(blocksOf)));
        break;
      case TYPES.securityGroupRule:
        if (args.props.type === "ingress") {
          report(wholeInternet(blocksOf(args.props as Rule)));
        }
        break;
      case TYPES.ingressRule:
        report(wholeInternet([args.props.cidrIpv4, args.props.cidrIpv6].filter(Boolean)));
        break;
      default:
        args.notApplicable("not a security group or ingress rule");
    }
  },
};
