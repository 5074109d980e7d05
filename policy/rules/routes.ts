/**
 * What a route's target is, and whether a subnet is public, in one place: the library's checks
 * of looked-up subnets (components/lib/subnets.ts), the pre-flight, the offline plan and the
 * policy pack all ask these. Pure: the caller reads the route (a Route resource, a route table's
 * inline route, or a route the VPC reports) and says what stack resource a property refers to.
 */

/** The kinds of route target AWS has. */
export type RouteTargetKind =
  | "internet-gateway"
  | "egress-only-internet-gateway"
  | "nat-gateway"
  | "transit-gateway"
  | "vpc-endpoint"
  | "vpc-peering"
  | "virtual-private-gateway"
  | "network-interface"
  | "instance"
  | "carrier-gateway"
  | "core-network"
  | "local-gateway"
  | "odb-network"
  | "local"
  /** A target whose value is not known (yet), or one these rules do not recognise. */
  | "unknown";

/** A route's target: its kind, the property that names it, and its value when known. */
export interface RouteTarget<R = never> {
  readonly kind: RouteTargetKind;
  /** The route property that names the target (gatewayId, natGatewayId, ...). */
  readonly property?: string;
  /** Its value (an id), when known. */
  readonly value?: unknown;
  /** The stack's resource it names, when the caller found one. */
  readonly resource?: R;
}

/**
 * The target arguments of terraform-provider-aws's aws_route (website/docs/r/route.html.markdown,
 * "Route Target Arguments": carrier_gateway_id, core_network_arn, egress_only_gateway_id,
 * gateway_id, nat_gateway_id, local_gateway_id, network_interface_id, transit_gateway_id,
 * vpc_endpoint_id, vpc_peering_connection_id), as Pulumi names them on aws.ec2.Route and on a
 * route table's inline routes; instanceId is what aws.ec2.getRouteTable reports for a route to an
 * instance. Each names one kind of target but gatewayId, which names an internet gateway, a
 * virtual private gateway, a gateway endpoint (its routes' target) or "local": its value tells.
 */
export const ROUTE_TARGET_PROPERTIES: readonly (readonly [string, RouteTargetKind | undefined])[] =
  [
    ["natGatewayId", "nat-gateway"],
    ["transitGatewayId", "transit-gateway"],
    ["vpcEndpointId", "vpc-endpoint"],
    ["vpcPeeringConnectionId", "vpc-peering"],
    ["egressOnlyGatewayId", "egress-only-internet-gateway"],
    ["networkInterfaceId", "network-interface"],
    ["instanceId", "instance"],
    ["carrierGatewayId", "carrier-gateway"],
    ["coreNetworkArn", "core-network"],
    ["localGatewayId", "local-gateway"],
    // An Oracle Database@AWS network (aws.ec2.Route's odbNetworkArn, @pulumi/aws 7.48).
    ["odbNetworkArn", "odb-network"],
    ["gatewayId", undefined],
  ];

/**
 * EC2's id prefixes of each target (the resource ids of the EC2 API reference: igw-, eigw-,
 * nat-, tgw-, vpce-, pcx-, vgw-, eni-, i-, cagw-, lgw-); "local" is the VPC's own route's target.
 */
const ID_PREFIXES: readonly (readonly [string, RouteTargetKind])[] = [
  ["igw-", "internet-gateway"],
  ["eigw-", "egress-only-internet-gateway"],
  ["nat-", "nat-gateway"],
  ["tgw-", "transit-gateway"],
  ["vpce-", "vpc-endpoint"],
  ["pcx-", "vpc-peering"],
  ["vgw-", "virtual-private-gateway"],
  ["eni-", "network-interface"],
  ["i-", "instance"],
  ["cagw-", "carrier-gateway"],
  ["lgw-", "local-gateway"],
];

/** The Pulumi types of the resources a route's gatewayId (or any target) may name. */
const TYPE_KINDS: Readonly<Record<string, RouteTargetKind>> = {
  "aws:ec2/internetGateway:InternetGateway": "internet-gateway",
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "egress-only-internet-gateway",
  "aws:ec2/natGateway:NatGateway": "nat-gateway",
  "aws:ec2transitgateway/transitGateway:TransitGateway": "transit-gateway",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpc-endpoint",
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": "vpc-peering",
  "aws:ec2/vpnGateway:VpnGateway": "virtual-private-gateway",
  "aws:ec2/networkInterface:NetworkInterface": "network-interface",
  "aws:ec2/instance:Instance": "instance",
};

/** The kind of target a resource type is; undefined for a type that is no route target. */
export const kindOfType = (type: string): RouteTargetKind | undefined => TYPE_KINDS[type];

/** The kinds of target a route property can name (gatewayId: several; the others: one). */
export function targetKindsOf(property: string): RouteTargetKind[] {
  const entry = ROUTE_TARGET_PROPERTIES.find(([p]) => p === property);
  return entry === undefined
    ? []
    : entry[1] !== undefined
      ? [entry[1]]
      : ["internet-gateway", "virtual-private-gateway", "vpc-endpoint", "local"];
}

/** The kind an id names, by its prefix; undefined for a value that is not a known id. */
export function kindOfId(value: unknown): RouteTargetKind | undefined {
  if (value === "local") return "local";
  if (typeof value !== "string") return undefined;
  return ID_PREFIXES.find(([prefix]) => value.startsWith(prefix))?.[1];
}

/** A value present in a route: written (an unknown value is present too), not empty. */
const present = (value: unknown) => value !== undefined && value !== null && value !== "";

/**
 * How the caller reads a route: the value of a property (undefined when absent; NOT_KNOWN when
 * present but not known yet) and the stack resource it refers to, if any.
 */
export const NOT_KNOWN: unique symbol = Symbol("not known");

export interface RouteReader<R> {
  readonly value: (property: string) => unknown;
  /** The stack's resource a target property refers to, when the caller knows. */
  readonly resource?: (property: string) => { resource: R; type: string } | undefined;
}

/**
 * One route's target: the first target property present (AWS takes exactly one), classified by
 * the resource it refers to, else its property, else its id's prefix.
 */
export function classifyRouteTarget<R>(route: RouteReader<R>): RouteTarget<R> {
  for (const [property, byProperty] of ROUTE_TARGET_PROPERTIES) {
    const value = route.value(property);
    const found = route.resource?.(property);
    if (!present(value) && found === undefined) continue;
    const known = value === NOT_KNOWN ? undefined : value;
    const kind = (found && TYPE_KINDS[found.type]) ?? byProperty ?? kindOfId(known) ?? "unknown";
    return { kind, property, value: known, resource: found?.resource };
  }
  return { kind: "unknown" };
}

/** The default routes' destinations: all of IPv4, all of IPv6. */
export const IPV4_DEFAULT = "0.0.0.0/0";
export const IPV6_DEFAULT = "::/0";

/** A route's destination, as far as the publicness answer needs it. */
export interface RouteDestination {
  /** Its IPv4 destination (destinationCidrBlock, or an inline route's cidrBlock). */
  readonly ipv4?: unknown;
  /** Its IPv6 destination (destinationIpv6CidrBlock, or an inline route's ipv6CidrBlock). */
  readonly ipv6?: unknown;
}

/** The default destination a route covers, IPv4's first; undefined for any other route. */
export function defaultDestinationOf(route: RouteDestination): string | undefined {
  return route.ipv4 === IPV4_DEFAULT
    ? IPV4_DEFAULT
    : route.ipv6 === IPV6_DEFAULT
      ? IPV6_DEFAULT
      : undefined;
}

/** A route with its classified target. */
export interface ClassifiedRoute<R = never> extends RouteDestination {
  readonly target: RouteTarget<R>;
}

/** Why a subnet is public, or nothing when it is not. */
export type PublicReason<R = never> =
  | { readonly via: "route"; readonly destination: string; readonly route: ClassifiedRoute<R> }
  | { readonly via: "mapPublicIpOnLaunch" };

/**
 * The one answer to "is this subnet public?": an IPv4 or IPv6 default route (0.0.0.0/0, ::/0) of
 * its route table whose target is an internet gateway (what makes a subnet public:
 * https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html#subnet-types), or, as
 * the library has always told it, a subnet that maps public IPs on launch. A function placed
 * there gets no public IP, so no internet through it
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html). A default route
 * through anything else — NAT, a transit gateway, a VPC endpoint, a peering — is private.
 */
export function publicReasonOf<R>(
  routes: readonly ClassifiedRoute<R>[],
  mapPublicIpOnLaunch: boolean,
): PublicReason<R> | undefined {
  for (const route of routes) {
    const destination = defaultDestinationOf(route);
    if (destination !== undefined && route.target.kind === "internet-gateway") {
      return { via: "route", destination, route };
    }
  }
  return mapPublicIpOnLaunch ? { via: "mapPublicIpOnLaunch" } : undefined;
}
