/** Security groups: no public source reaches a port that is not authorised for the internet. */
import { StackValidationPolicy } from "@pulumi/policy";
import * as ipaddr from "ipaddr.js";
import { known, TYPES } from "./graph";
import { declaredIngress, describeIngress, Ingress } from "./ingress";

interface Range {
  readonly v6: boolean;
  readonly first: bigint;
  readonly last: bigint;
}

/** A block as the range of addresses it covers, or undefined when it is not a valid block. */
function rangeOf(block: string): Range | undefined {
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

/** Whether `ranges` (one family) together cover every address of `target`. */
function covered(target: Range, ranges: readonly Range[]): boolean {
  let next = target.first;
  for (const r of [...ranges].sort((a, b) =>
    a.first < b.first ? -1 : a.first > b.first ? 1 : 0,
  )) {
    if (r.v6 !== target.v6 || r.last < next) continue;
    if (r.first > next) break;
    next = r.last + 1n;
    if (next > target.last) return true;
  }
  return next > target.last;
}

const toRanges = (blocks: readonly string[]) =>
  blocks.map(rangeOf).filter((r): r is Range => r !== undefined);

/**
 * Addresses that are not on the public internet (the IANA special-purpose registries, RFC 6890,
 * as ipaddr.js classifies them). IPv4: 0.0.0.0/8, RFC 1918 private, carrier-grade NAT
 * (RFC 6598), loopback, link-local, the reserved and documentation ranges (RFC 5737, 2544),
 * multicast, 240.0.0.0/4 and broadcast. IPv6: everything outside global unicast 2000::/3
 * (RFC 4291: unique-local, link-local, multicast, loopback, ...) and the documentation block
 * 2001:db8::/32 (RFC 3849).
 */
const NOT_PUBLIC: readonly Range[] = toRanges([
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.88.99.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/3",
  "4000::/2",
  "8000::/1",
  "2001:db8::/32",
]);

/** Whether a block admits any public address. Blocks are compared as ranges, never as strings. */
export function isPublic(block: string): boolean {
  const range = rangeOf(block);
  return range !== undefined && !covered(range, NOT_PUBLIC);
}

/** Whether the blocks together admit every address of a family (`0.0.0.0/0`, `::/0`, halves). */
export function wholeInternet(blocks: readonly string[]): boolean {
  const ranges = toRanges(blocks);
  return [rangeOf("0.0.0.0/0")!, rangeOf("::/0")!].some((all) => covered(all, ranges));
}

/**
 * Ports that stay closed to the internet whatever is authorised: Security Hub EC2.19's list
 * ("Security groups should not allow unrestricted access to ports with high risk"; AWS Config rule
 * vpc-sg-restricted-common-ports, blockedPorts "20,21,22,23,25,110,135,143,445,1433,1434,3000,3306,
 * 3389,4333,5000,5432,5500,5601,8080,8088,8888,9200,9300", not customizable; it fails on ingress
 * from 0.0.0.0/0 or ::/0: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19).
 * The control names no protocol: they stay closed on TCP and UDP alike.
 */
export const HIGH_RISK_PORTS: readonly number[] = [
  20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500,
  5601, 8080, 8088, 8888, 9200, 9300,
];

/**
 * Security Hub EC2.18's parameters ("Security groups should only allow unrestricted incoming
 * traffic for authorized ports"): authorizedTcpPorts, default [80,443]; authorizedUdpPorts, no
 * default; each a list of 1 to 32 ports from 1 to 65535
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18; its AWS
 * Config rule, which judges 0.0.0.0/0 and ::/0:
 * https://docs.aws.amazon.com/config/latest/developerguide/vpc-sg-open-only-to-authorized-ports.html).
 */
const DEFAULT_AUTHORIZED_TCP_PORTS = [80, 443];

/** The config as the policy reads it: schema defaults applied (by the CLI, or the runner). */
interface GivenConfig {
  authorizedTcpPorts: number[];
  authorizedUdpPorts: number[];
  /** Deprecated: one list for TCP and UDP (before EC2.18 took separate lists). */
  authorizedPorts?: number[];
  trustedSources: string[];
}

interface Config {
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
  readonly trustedSources: readonly string[];
}

const NAME = "security-group-no-public-ingress";

/**
 * The ports each protocol may open to the internet. The deprecated `authorizedPorts` keeps its
 * meaning (TCP and UDP) and cannot be mixed with the per-protocol lists; a high-risk port in any
 * list, or a trusted source that is not a block, is refused.
 */
function configOf(given: GivenConfig): Config {
  const changed = (list: number[], defaults: number[]) =>
    list.length !== defaults.length || list.some((p, i) => p !== defaults[i]);
  if (
    given.authorizedPorts !== undefined &&
    (changed(given.authorizedTcpPorts, DEFAULT_AUTHORIZED_TCP_PORTS) ||
      given.authorizedUdpPorts.length > 0)
  ) {
    throw new Error(
      `${NAME}: authorizedPorts (deprecated, for TCP and UDP) is set with authorizedTcpPorts or authorizedUdpPorts: keep the per-protocol lists only.`,
    );
  }
  const config: Config = {
    tcp: given.authorizedPorts ?? given.authorizedTcpPorts,
    udp: given.authorizedPorts ?? given.authorizedUdpPorts,
    trustedSources: given.trustedSources,
  };
  const lists = given.authorizedPorts
    ? ([["authorizedPorts", given.authorizedPorts]] as const)
    : ([
        ["authorizedTcpPorts", config.tcp],
        ["authorizedUdpPorts", config.udp],
      ] as const);
  for (const [key, ports] of lists) {
    const risky = ports.filter((p) => HIGH_RISK_PORTS.includes(p));
    if (risky.length > 0) {
      throw new Error(
        `${NAME}: ${key} lists ${risky.join(", ")}, high-risk port${risky.length === 1 ? "" : "s"} (Security Hub EC2.19: ${HIGH_RISK_PORTS.join(", ")}) that stay closed to the internet: remove ${risky.length === 1 ? "it" : "them"}, and reach the service through a VPN, Session Manager or a trustedSources block.`,
      );
    }
  }
  const invalid = config.trustedSources.filter((b) => rangeOf(b) === undefined);
  if (invalid.length > 0) {
    throw new Error(
      `${NAME}: trustedSources lists ${invalid.map((b) => JSON.stringify(b)).join(", ")}, not CIDR blocks: write each as an address and a prefix length, e.g. "203.0.113.0/24".`,
    );
  }
  // Trusting the whole internet (0.0.0.0/0, or halves that add up to it) turns the policy off.
  if (wholeInternet(config.trustedSources)) {
    throw new Error(
      `${NAME}: trustedSources (${config.trustedSources.join(", ")}) covers the whole internet, which would let every source through on every port: list only the public blocks you trust, or set this policy's enforcementLevel to "disabled" if that is what you mean.`,
    );
  }
  return config;
}

/** The ports a rule opens (TCP and UDP), or "all"; ICMP has no ports and opens none of them. */
function portsOf(rule: Ingress): [number, number] | "all" | undefined {
  switch (rule.protocol) {
    case "tcp":
    case "udp":
      return [rule.fromPort ?? 0, rule.toPort ?? 65535];
    case "icmp":
    case "icmpv6":
      return undefined;
    default:
      // -1 (all traffic), or another IP protocol: "If you specify -1 or a protocol other than
      // tcp, udp, icmp, or icmpv6, traffic on all ports is allowed, regardless of any ports you
      // specify" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html).
      return "all";
  }
}

/** What is wrong with a rule, or undefined when nothing is. */
function judge(rule: Ingress, config: Config): string | undefined {
  const trusted = toRanges(config.trustedSources);
  const sources = [...rule.blocks, ...rule.prefixListBlocks].filter(
    (b) => isPublic(b) && !covered(rangeOf(b)!, trusted),
  );
  const ports = portsOf(rule);
  if (sources.length === 0 || ports === undefined) {
    return undefined;
  }
  const within = (p: number) => ports === "all" || (p >= ports[0] && p <= ports[1]);
  const authorized = rule.protocol === "udp" ? config.udp : config.tcp;
  if (ports !== "all" && new Set(authorized.filter(within)).size === ports[1] - ports[0] + 1) {
    return undefined; // every port it opens is authorised
  }
  const risky = HIGH_RISK_PORTS.filter(within);
  const from = `${[...new Set(sources)].join(" and ")}${wholeInternet(sources) ? ", the whole internet" : ""}`;
  const viaList = rule.prefixListBlocks.some((b) => sources.includes(b))
    ? " (through a prefix list)"
    : "";
  return `${describeIngress(rule)} from ${from}${viaList}${risky.length > 0 ? `, including high-risk port${risky.length === 1 ? "" : "s"} ${risky.join(", ")}` : ""}`;
}

/** The authorised ports, per protocol, for the message. */
function describeAuthorized(config: Config): string {
  const list = (ports: readonly number[]) => ports.join(", ") || "none";
  return `TCP ${list(config.tcp)}; UDP ${list(config.udp)}`;
}

export const securityGroupNoPublicIngress: StackValidationPolicy = {
  name: NAME,
  description:
    "No security group admits a public source on a port not authorised for the internet (TCP 80 and 443 by default); high-risk ports never (AWS Security Hub EC2.18, EC2.19).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      authorizedTcpPorts: {
        type: "array",
        items: { type: "integer", minimum: 1, maximum: 65535 },
        default: DEFAULT_AUTHORIZED_TCP_PORTS,
        description:
          "TCP ports any public source may reach, e.g. a public web tier's 80 and 443 (Security Hub EC2.18's default). High-risk ports (Security Hub EC2.19's 24) cannot be listed.",
      },
      authorizedUdpPorts: {
        type: "array",
        items: { type: "integer", minimum: 1, maximum: 65535 },
        default: [],
        description:
          "UDP ports any public source may reach (none by default, as in Security Hub EC2.18). High-risk ports cannot be listed.",
      },
      authorizedPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        description:
          "Deprecated: ports authorised for TCP and UDP alike. Use authorizedTcpPorts and authorizedUdpPorts.",
      },
      trustedSources: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
          "Public CIDR blocks you trust on any port, such as an office or a partner's range.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = configOf(args.getConfig<GivenConfig>());
    const declaring = [
      TYPES.securityGroup,
      TYPES.defaultSecurityGroup,
      TYPES.securityGroupRule,
      TYPES.ingressRule,
    ] as string[];
    for (const resource of args.resources.filter((r) => declaring.includes(r.type))) {
      // A rule not known yet (preview) is not judged; the others still are.
      const problems = known(() =>
        declaredIngress(args.resources, resource).flatMap((rule) => judge(rule, config) ?? []),
      );
      if (problems !== undefined && problems.length > 0) {
        reportViolation(
          `${resource.name} admits ${[...new Set(problems)].join("; ")}: the internet reaches only the authorised ports (${describeAuthorized(config)}). Allow the blocks or security groups that need access, or add a public block you trust to this policy's trustedSources.`,
          resource.urn,
        );
      }
    }
  },
};
