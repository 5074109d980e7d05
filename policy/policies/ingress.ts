/** Security group ingress, however a program writes it: inline, or as rule resources. */
import { PolicyResource } from "@pulumi/policy";
import { known, referenced, referencing, TYPES } from "./graph";

/** One ingress permission, in one shape for every way of writing it. */
export interface Ingress {
  /** Lower case, as AWS reports it: "tcp", "udp", "icmp", "-1" (all), or a protocol number. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** IPv4 and IPv6 source blocks. */
  readonly blocks: string[];
  /** Blocks of the stack's managed prefix lists the rule admits. */
  readonly prefixListBlocks: string[];
  /** The resource that declares it: the group (inline rules) or the rule resource. */
  readonly declaredBy: PolicyResource;
}

/** AWS accepts protocol numbers too; tcp, udp, icmp and icmpv6 are reported by name. */
const NAMED: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };
const protocolOf = (v: unknown): string => {
  const p = String(v).toLowerCase();
  return NAMED[p] ?? (p === "all" ? "-1" : p);
};

const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null || v === "" ? [] : [v]).map(String);

/**
 * The blocks of the stack's managed prefix lists that `ids` (or, when the ids are not known,
 * `owner`'s `property` dependencies) name: each list's inline entries and its
 * ManagedPrefixListEntry resources. AWS-managed lists (pl-… not in the stack) add nothing.
 */
function prefixListBlocks(
  resources: readonly PolicyResource[],
  owner: PolicyResource,
  property: string,
  ids: string[],
): string[] {
  if (ids.length === 0) {
    return [];
  }
  const lists = resources.filter((r) => r.type === TYPES.managedPrefixList);
  const byValue = lists.filter((l) => ids.includes(String(known(() => l.props.id))));
  const named = byValue.length > 0 ? byValue : referenced(owner, property, TYPES.managedPrefixList);
  return named.flatMap((list) => [
    ...((known(() => list.props.entries) ?? []) as { cidr?: string }[]).map((e) => String(e.cidr)),
    ...referencing(resources, TYPES.managedPrefixListEntry, "prefixListId", list).map((e) =>
      String(e.props.cidr),
    ),
  ]);
}

/** The ingress a resource declares itself: a group's inline rules, or one rule resource's. */
export function declaredIngress(
  resources: readonly PolicyResource[],
  resource: PolicyResource,
): Ingress[] {
  const p = resource.props;
  switch (resource.type) {
    case TYPES.securityGroup:
    case TYPES.defaultSecurityGroup:
      return ((p.ingress ?? []) as Record<string, unknown>[]).map((rule) => ({
        protocol: protocolOf(rule.protocol),
        fromPort: rule.fromPort as number | undefined,
        toPort: rule.toPort as number | undefined,
        blocks: [...strings(rule.cidrBlocks), ...strings(rule.ipv6CidrBlocks)],
        prefixListBlocks: prefixListBlocks(
          resources,
          resource,
          "ingress",
          strings(rule.prefixListIds),
        ),
        declaredBy: resource,
      }));
    case TYPES.securityGroupRule:
      return p.type !== "ingress"
        ? []
        : [
            {
              protocol: protocolOf(p.protocol),
              fromPort: p.fromPort,
              toPort: p.toPort,
              blocks: [...strings(p.cidrBlocks), ...strings(p.ipv6CidrBlocks)],
              prefixListBlocks: prefixListBlocks(
                resources,
                resource,
                "prefixListIds",
                strings(p.prefixListIds),
              ),
              declaredBy: resource,
            },
          ];
    case TYPES.ingressRule:
      return [
        {
          protocol: protocolOf(p.ipProtocol),
          fromPort: p.fromPort,
          toPort: p.toPort,
          blocks: [...strings(p.cidrIpv4), ...strings(p.cidrIpv6)],
          prefixListBlocks: prefixListBlocks(
            resources,
            resource,
            "prefixListId",
            strings(p.prefixListId),
          ),
          declaredBy: resource,
        },
      ];
    default:
      return [];
  }
}

/** Every ingress rule of a group: inline, and the rule resources attached to it. */
export function ingressOfGroup(
  resources: readonly PolicyResource[],
  group: PolicyResource,
): Ingress[] {
  const attached = [
    ...referencing(resources, TYPES.securityGroupRule, "securityGroupId", group),
    ...referencing(resources, TYPES.ingressRule, "securityGroupId", group),
  ];
  return [group, ...attached].flatMap((r) => declaredIngress(resources, r));
}

/** "tcp 443", "tcp 1024-2047", "all traffic". */
export function describeIngress(rule: Ingress): string {
  if (rule.protocol === "-1") {
    return "all traffic";
  }
  const ports =
    rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol} ${ports}`;
}
