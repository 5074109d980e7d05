/**
 * The plan's cost section (scripts/planModel.ts): what AWS bills by the hour, for the stack and
 * for each top-level component. Pure: it only reads registrations.
 */
import {
  BilledResources,
  CostLine,
  estimateMonthlyCostUsd,
  monthlyCostLines,
  PRICES_USD,
} from "../components";
import type { Registration } from "../offline/runtime";
import { componentLabel } from "../components/lib/errors";
import { TYPE_TOKENS as T } from "../components/lib/typeTokens";
import { componentKey, list, PlanLookups } from "./planLookups";
import type { PlanEndpoint } from "./planNetwork";

/** The monthly estimate of one top-level component (or of the resources outside any). */
export interface PlanComponentCost {
  /** As the program wrote it, `PrivateNetwork "net"`; "outside any component" for the rest. */
  readonly component: string;
  readonly monthlyUsd: number;
}

export interface PlanCost {
  readonly lines: CostLine[];
  readonly totalMonthlyUsd: number;
  /** The total split by top-level component: those with billed resources, dearest first. */
  readonly byComponent: PlanComponentCost[];
}

/**
 * What AWS bills by the hour, of a set of resources. An interface endpoint has one network
 * interface, billed by the hour, in each of its subnets (at most one per zone).
 */
function billing(
  { ofType, graph, zoneOf }: PlanLookups,
  endpoints: readonly PlanEndpoint[],
): (rs: readonly Registration[]) => BilledResources {
  const endpointOf = new Map(ofType(T.vpcEndpoint).map((e, i) => [e, endpoints[i]]));
  // A NAT gateway on an address the account already holds (natElasticIpAllocationIds) is billed
  // for it as for one the stack allocates: public IPv4 addresses are billed while in use.
  const stackAllocations = new Set(ofType(T.eip).map((e) => e.id));
  const onHeldAddress = (r: Registration) =>
    (r.type === T.natGateway || r.type === T.eipAssociation) &&
    typeof r.inputs.allocationId === "string" &&
    !stackAllocations.has(r.inputs.allocationId);
  const isRegional = (r: Registration) =>
    r.type === T.natGateway && r.inputs.availabilityMode === "regional";
  // A regional NAT gateway in manual mode holds the addresses it is given per zone; in automatic
  // mode AWS allocates them as zones need (not counted: the cost line says so).
  const heldByRegional = (r: Registration) =>
    isRegional(r)
      ? list(r.inputs.availabilityZoneAddresses)
          .flatMap((a: any) => list(a?.allocationIds))
          .filter((id) => typeof id === "string" && !stackAllocations.has(id)).length
      : 0;
  // A regional NAT gateway is billed per zone it is active in: those its addresses are given for
  // (manual mode), else those of the subnets whose default route goes to it (AWS expands it to
  // the zones with workloads).
  const subnets = ofType(T.subnet);
  const zonesOfRegional = (gateway: Registration) => {
    const manual = list(gateway.inputs.availabilityZoneAddresses);
    if (manual.length > 0) {
      return manual.length;
    }
    const routed = subnets.filter((s) =>
      graph.defaultRoutesOf(graph.routeTableOf(s)).some((r) => r.target.resource === gateway),
    );
    return new Set(routed.map(zoneOf)).size;
  };
  const isAutomatic = (r: Registration) =>
    isRegional(r) && list(r.inputs.availabilityZoneAddresses).length === 0;
  return (rs) => {
    const planned = rs.flatMap((r) => endpointOf.get(r) ?? []);
    return {
      natGateways: rs.filter((r) => r.type === T.natGateway && !isRegional(r)).length,
      regionalNatGatewayZones: rs
        .filter(isRegional)
        .reduce((n, gateway) => n + zonesOfRegional(gateway), 0),
      automaticRegionalNatGateways: rs.filter(isAutomatic).length,
      // Only the instances that forward (NAT instances), not any instance of the program.
      natInstances: rs.filter((r) => r.type === T.instance && r.inputs.sourceDestCheck === false)
        .length,
      publicIpv4Addresses:
        rs.filter((r) => r.type === T.eip || onHeldAddress(r)).length +
        rs.reduce((n, r) => n + heldByRegional(r), 0),
      interfaceEndpointAzs: rs
        .filter((r) => endpointOf.get(r)?.type === "Interface")
        .reduce((n, e) => n + list(e.inputs.subnetIds).length, 0),
      gatewayEndpoints: planned.filter((e) => e.type === "Gateway").length,
    };
  };
}

/**
 * Route 53 Profiles, and their VPC associations in the stack beyond those each profile's hourly
 * charge covers (lib/cost.ts): the profile owner pays for them, so they count with the profile.
 */
function profileBilling(
  ofType: PlanLookups["ofType"],
): (
  rs: readonly Registration[],
) => Pick<BilledResources, "route53Profiles" | "route53ProfileExtraAssociations"> {
  const associations = ofType(T.route53ProfileAssociation);
  const beyondIncluded = (profile: Registration) =>
    Math.max(
      0,
      associations.filter((a) => a.inputs.profileId === profile.id).length -
        PRICES_USD.route53ProfileIncludedAssociations,
    );
  return (rs) => {
    const profiles = rs.filter((r) => r.type === T.route53Profile);
    return {
      route53Profiles: profiles.length,
      route53ProfileExtraAssociations: profiles.reduce((n, p) => n + beyondIncluded(p), 0),
    };
  };
}

/** Resources by their top-level component, as the cost names it. */
function resourcesByComponent({ regs, rootOf }: PlanLookups) {
  const byComponent = new Map<string, { component: string; resources: Registration[] }>();
  for (const r of regs.filter((x) => x.custom)) {
    const root = rootOf(r);
    const key = componentKey(root);
    const entry = byComponent.get(key) ?? {
      component: root.custom
        ? "outside any component"
        : componentLabel(String(root.type.split(":").pop()), root.name),
      resources: [],
    };
    entry.resources.push(r);
    byComponent.set(key, entry);
  }
  return [...byComponent.values()];
}

export function costOf(lookups: PlanLookups, endpoints: readonly PlanEndpoint[]): PlanCost {
  const networkOf = billing(lookups, endpoints);
  const profilesOf = profileBilling(lookups.ofType);
  const billedOf = (rs: readonly Registration[]) => ({ ...networkOf(rs), ...profilesOf(rs) });
  const billed = billedOf(lookups.regs);
  const byComponent: PlanComponentCost[] = resourcesByComponent(lookups)
    .map(({ component, resources }) => ({ component, billed: billedOf(resources) }))
    .filter(({ billed: b }) => Object.values(b).some((n) => n > 0))
    .map(({ component, billed: b }) => ({ component, monthlyUsd: estimateMonthlyCostUsd(b) }))
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.component.localeCompare(b.component));
  return {
    lines: monthlyCostLines(billed),
    totalMonthlyUsd: estimateMonthlyCostUsd(billed),
    byComponent,
  };
}
