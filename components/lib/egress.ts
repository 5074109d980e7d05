/** The outbound rules of a VpcFunction's own security group. */
import { checkOneOf } from "./args";
import { isPrivateEgressRoute, RouteFacts } from "./subnets";

/** Where the created security group lets the function connect. */
export const FunctionEgress = {
  /**
   * What the network it runs in offers: all traffic to the VPC's own block (its resources and
   * interface endpoints), HTTPS to the prefix lists of the gateway endpoints its subnets route
   * to, HTTPS to anywhere only when its subnets have a default route other than to an internet
   * gateway — NAT, a transit gateway — (or when that cannot be known). IPv6 only with `ipv6AllowedForDualStack`.
   */
  Network: "Network",
  /** HTTPS (TCP 443) to anywhere, IPv4 and IPv6. */
  Https: "Https",
  /** All traffic to anywhere, IPv4 and IPv6: AWS's default for a new security group. */
  All: "All",
} as const;
export type FunctionEgress = (typeof FunctionEgress)[keyof typeof FunctionEgress];

export function validateFunctionEgress(arg: string, value: unknown): FunctionEgress | undefined {
  return checkOneOf(arg, value, FunctionEgress, '"All" allows every outbound connection.');
}

/** What the rules of "Network" are drawn from. */
export interface EgressFacts {
  /** The VPC's IPv4 blocks. */
  readonly vpcCidrBlocks: readonly string[];
  /** The VPC's IPv6 blocks; empty when it has none. */
  readonly vpcIpv6CidrBlocks: readonly string[];
  /** The prefix lists of the gateway endpoints (S3, DynamoDB) the subnets route to. */
  readonly prefixListIds: readonly string[];
  /**
   * Whether a subnet routes 0.0.0.0/0 out other than to an internet gateway (NAT, transit
   * gateway, ...); undefined when routing is not known.
   */
  readonly internet: boolean | undefined;
  /** Whether a subnet routes ::/0 somewhere (an egress-only internet gateway); undefined likewise. */
  readonly ipv6Internet: boolean | undefined;
  /**
   * The blocks of a hub VPC whose interface endpoints the subnets use through a Route 53 Profile
   * (PrivateNetwork's `sharedServiceEndpoints`); absent or empty without.
   */
  readonly sharedEndpointCidrBlocks?: readonly string[];
}

/** One outbound rule, as aws.ec2.SecurityGroup takes it. */
export interface EgressRule {
  readonly description: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlocks: string[];
  readonly ipv6CidrBlocks: string[];
  readonly prefixListIds?: string[];
}

const https = { protocol: "tcp", fromPort: 443, toPort: 443 };
const ANYWHERE = { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] };

/** What the routes of a function's subnets say, for "Network". */
export function routingFacts(
  routes: readonly RouteFacts[],
): Pick<EgressFacts, "prefixListIds" | "internet" | "ipv6Internet"> {
  return {
    prefixListIds: [
      ...new Set(
        routes
          .filter(
            (r) =>
              r.destinationPrefixListId &&
              (r.toGatewayEndpoint || r.gatewayId?.startsWith("vpce-")),
          )
          .map((r) => r.destinationPrefixListId as string),
      ),
    ].sort(),
    internet: routes.some(isPrivateEgressRoute),
    ipv6Internet: routes.some((r) => r.ipv6CidrBlock === "::/0"),
  };
}

/**
 * The rules. "Network" follows the AWS docs on what each path needs: interface endpoints are
 * network interfaces in the VPC's subnets, reached at VPC addresses; gateway endpoints are reached
 * at the service's public addresses, which "you can use the prefix list ID" for in outbound rules
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html); the internet only
 * through a NAT gateway (a function gets no public IP:
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html).
 */
export function egressRules(
  egress: FunctionEgress,
  facts: EgressFacts,
  ipv6AllowedForDualStack: boolean,
): EgressRule[] {
  if (egress === "All") {
    return [
      { description: "All traffic out", protocol: "-1", fromPort: 0, toPort: 0, ...ANYWHERE },
    ];
  }
  if (egress === "Https") {
    return [{ description: "HTTPS out", ...https, ...ANYWHERE }];
  }
  const rules: EgressRule[] = [
    {
      description: "All traffic to the VPC",
      protocol: "-1",
      fromPort: 0,
      toPort: 0,
      cidrBlocks: [...facts.vpcCidrBlocks],
      ipv6CidrBlocks: ipv6AllowedForDualStack ? [...facts.vpcIpv6CidrBlocks] : [],
    },
  ];
  const hub = facts.sharedEndpointCidrBlocks ?? [];
  if (hub.length > 0) {
    rules.push({
      description: "HTTPS to the shared service endpoints",
      ...https,
      cidrBlocks: hub.filter((b) => !b.includes(":")),
      ipv6CidrBlocks: ipv6AllowedForDualStack ? hub.filter((b) => b.includes(":")) : [],
    });
  }
  if (facts.prefixListIds.length > 0) {
    rules.push({
      description: "HTTPS to the gateway endpoints",
      ...https,
      cidrBlocks: [],
      ipv6CidrBlocks: [],
      prefixListIds: [...facts.prefixListIds],
    });
  }
  const ipv6Out = ipv6AllowedForDualStack && facts.ipv6Internet !== false;
  if (facts.internet !== false || ipv6Out) {
    rules.push({
      description:
        facts.internet === undefined
          ? "HTTPS out (the subnets' routing is not known)"
          : "HTTPS to the internet",
      ...https,
      cidrBlocks: facts.internet === false ? [] : ["0.0.0.0/0"],
      ipv6CidrBlocks: ipv6Out ? ["::/0"] : [],
    });
  }
  return rules;
}
