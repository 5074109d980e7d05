/**
 * The plan's network sections (scripts/planModel.ts): the layout by zone, the routes and the
 * endpoints of a recorded graph. Pure: it only reads registrations.
 */
import type { Registration } from "../offline/runtime";
import { GraphRoute } from "../policy/rules/graph";
import { IPV4_DEFAULT, IPV6_DEFAULT } from "../policy/rules/routes";
import { TYPE_TOKENS as T } from "../components/lib/typeTokens";
import type { PlanFunction } from "./planFunctions";
import { list, PlanLookups, plainText } from "./planLookups";

export interface PlanSubnet {
  readonly name: string;
  /** Its VPC's name (its id, for a VPC not in the stack). */
  readonly vpc: string;
  readonly cidrBlock: string;
  readonly public: boolean;
  /** Where its 0.0.0.0/0 route goes, or "none". */
  readonly defaultRoute: string;
  /** Where its ::/0 route goes; left out when it has none. */
  readonly ipv6DefaultRoute?: string;
}

export interface PlanZone {
  readonly name: string;
  readonly id: string;
  readonly subnets: PlanSubnet[];
  readonly natGateways: string[];
  readonly interfaceEndpoints: string[];
  readonly functions: string[];
}

export interface PlanRoute {
  readonly routeTable: string;
  readonly destination: string;
  readonly target: string;
}

export interface PlanEndpoint {
  readonly name: string;
  /** Its VPC's name (its id, for a VPC not in the stack). */
  readonly vpc: string;
  readonly service: string;
  readonly type: string;
  readonly availabilityZones: string[];
  readonly routeTables: string[];
  readonly privateDns: boolean;
  readonly policy: boolean;
}

/** An endpoint service's short name: `com.amazonaws.us-east-1.sqs` → `sqs`. */
export function shortServiceName(serviceName: unknown): string {
  const parts = String(serviceName).split(".");
  const start = parts[0] === "cn" ? 1 : 0;
  if (parts[start] !== "com" || parts[start + 1] !== "amazonaws") return String(serviceName);
  // A PrivateLink service: com.amazonaws.vpce.<region>.vpce-svc-…
  const rest = parts.slice(start + 2);
  return (rest[0] === "vpce" ? rest.slice(2) : rest.slice(1)).join(".");
}

/** A route's destination: an IPv4 or IPv6 block, or a prefix list. */
export function destinationOf(r: Registration): string {
  const i = r.inputs;
  return String(
    i.destinationCidrBlock ?? i.destinationIpv6CidrBlock ?? i.destinationPrefixListId ?? "?",
  );
}

/** The stack's VPC endpoints, in registration order. */
export function endpointsOf({ ofType, zonesOf, name }: PlanLookups): PlanEndpoint[] {
  return ofType(T.vpcEndpoint).map((e) => ({
    name: e.name,
    vpc: name(e.inputs.vpcId),
    service: shortServiceName(e.inputs.serviceName),
    // The provider's default type.
    type: typeof e.inputs.vpcEndpointType === "string" ? e.inputs.vpcEndpointType : "Gateway",
    availabilityZones: zonesOf(list(e.inputs.subnetIds)),
    routeTables: list(e.inputs.routeTableIds).map(name),
    privateDns: e.inputs.privateDnsEnabled === true,
    policy: e.inputs.policy !== undefined,
  }));
}

function subnetFacts({ graph, target, name }: PlanLookups, s: Registration): PlanSubnet {
  const publicness = graph.publicnessOf(s);
  const defaultRoute = publicness.defaultRoutes.find(
    (r: GraphRoute<Registration>) => r.ipv4 === IPV4_DEFAULT,
  );
  const ipv6Route = publicness.defaultRoutes.find(
    (r: GraphRoute<Registration>) => r.ipv6 === IPV6_DEFAULT,
  );
  return {
    name: s.name,
    vpc: name(s.inputs.vpcId),
    cidrBlock: s.inputs.cidrBlock,
    public: publicness.reason !== undefined,
    defaultRoute: defaultRoute ? target(defaultRoute.target) : "none",
    ...(ipv6Route ? { ipv6DefaultRoute: target(ipv6Route.target) } : {}),
  };
}

/** The stack's subnets by zone, with the NAT gateways, interface endpoints and functions there. */
export function zonesOfPlan(
  lookups: PlanLookups,
  zones: readonly { name: string; id: string }[],
  endpoints: readonly PlanEndpoint[],
  functions: readonly PlanFunction[],
): PlanZone[] {
  const { ofType, zoneOf } = lookups;
  const zoneIds = new Map(zones.map((z) => [z.name, z.id]));
  const zoneNames = [...new Set(ofType(T.subnet).map(zoneOf))].sort();
  return zoneNames.map((zone) => {
    const subnets = ofType(T.subnet).filter((s) => zoneOf(s) === zone);
    const subnetIds = subnets.map((s) => s.id);
    return {
      name: zone,
      id: zoneIds.get(zone) ?? "?",
      subnets: subnets.map((s) => subnetFacts(lookups, s)),
      natGateways: ofType(T.natGateway)
        .filter((n) => subnetIds.includes(n.inputs.subnetId))
        .map((n) => n.name),
      interfaceEndpoints: endpoints
        .filter((e) => e.availabilityZones.includes(zone))
        .map((e) => e.service),
      functions: functions.filter((f) => f.availabilityZones.includes(zone)).map((f) => f.name),
    };
  });
}

/** Separate routes, then each table's own (inline `routes`). */
export function routesOf({ ofType, graph, name, target }: PlanLookups): PlanRoute[] {
  return [
    ...ofType(T.route).map((r) => ({
      routeTable: name(r.inputs.routeTableId),
      destination: destinationOf(r),
      target: target(graph.targetOf(r)),
    })),
    ...[...ofType(T.routeTable), ...ofType(T.defaultRouteTable)].flatMap((table) =>
      graph
        .routesOf(graph.tableRef(table))
        .filter((r) => r.resource === undefined)
        .map((r) => ({
          routeTable: table.name,
          destination: plainText(r.ipv4 ?? r.ipv6) ?? "a prefix list",
          target: target(r.target),
        })),
    ),
  ];
}
