/**
 * What the AWS API refuses of endpoints, routes and NAT gateways, and the Elastic IP quota.
 */
import { ResourceGraph, TableRef } from "../graph";
import { DEFAULT_ELASTIC_IP_QUOTA } from "../limits";
import { IPV4_DEFAULT } from "../routes";
import { TYPE_TOKENS as T } from "../typeTokens";
import { ApiGraph as Graph, ApiRule, DOCS, PlannedResource } from "./graph";

/** Endpoint types, placement and VPCs. */
function checkEndpoints({ report, ofType, vpcOf, subnetById }: Graph): void {
  for (const endpoint of ofType(T.vpcEndpoint)) {
    // Left out, the provider's default is Gateway: right for S3 and DynamoDB (awsx leaves it out
    // for them), refused by AWS for every other service.
    const gatewayService = /\.(s3|dynamodb)$/.test(String(endpoint.inputs.serviceName));
    const type = endpoint.inputs.vpcEndpointType ?? (gatewayService ? "Gateway" : undefined);
    if (type === undefined) {
      report(
        endpoint,
        "endpoint-type-explicit",
        "vpcEndpointType is not set, and the provider's default, Gateway, is offered only for S3 and DynamoDB: set it to Interface.",
        DOCS.interfaceEndpoint,
      );
      continue;
    }
    // The other types CreateVpcEndpoint takes (GatewayLoadBalancer, Resource, ServiceNetwork:
    // EC2 API reference, VpcEndpointType) have placement rules of their own, not checked here.
    if (type !== "Interface" && type !== "Gateway") {
      continue;
    }
    const endpointSubnets = (endpoint.inputs.subnetIds ?? []).map(subnetById);
    if (type === "Gateway" && endpointSubnets.length > 0) {
      report(
        endpoint,
        "gateway-endpoint-route-tables",
        "a gateway endpoint takes route tables, not subnets.",
        DOCS.gatewayEndpoint,
      );
    }
    if (type === "Interface") {
      const zones = endpointSubnets
        .map((s: PlannedResource | undefined) => s?.inputs.availabilityZone)
        .filter(Boolean);
      if (new Set(zones).size < zones.length) {
        report(
          endpoint,
          "interface-endpoint-one-subnet-per-zone",
          "an interface endpoint takes at most one subnet per Availability Zone.",
          DOCS.interfaceEndpoint,
        );
      }
      if (
        endpointSubnets.some(
          (s: PlannedResource | undefined) => s && vpcOf(s) !== endpoint.inputs.vpcId,
        )
      ) {
        report(
          endpoint,
          "interface-endpoint-subnets-in-vpc",
          "its subnets must be in the endpoint's VPC.",
          DOCS.interfaceEndpoint,
        );
      }
    }
  }
}

/** One default route per table, route targets in the table's VPC. */
function checkRoutes({ report, ofType, byId, vpcOf, subnetById, defaultRoutesOf }: Graph): void {
  for (const table of ofType(T.routeTable)) {
    const defaults = defaultRoutesOf(table);
    if (defaults.length > 1) {
      report(
        table,
        "one-default-route",
        `has ${defaults.length} routes for 0.0.0.0/0; a route table takes one per destination.`,
        DOCS.routeTables,
      );
    }
  }
  for (const route of ofType(T.route)) {
    const table = byId.get(String(route.inputs.routeTableId));
    const target = byId.get(String(route.inputs.natGatewayId ?? route.inputs.gatewayId));
    // A zonal NAT gateway is in its subnet's VPC; a regional one has no subnet and names its VPC
    // (vpc_id, required when availability_mode is "regional": @pulumi/aws ec2/natGateway.d.ts).
    const targetVpc =
      target?.type === T.natGateway && target.inputs.availabilityMode !== "regional"
        ? vpcOf(subnetById(target.inputs.subnetId))
        : vpcOf(target);
    // Only two VPCs the plan names can differ; one it does not say is not a mistake.
    const tableVpc = vpcOf(table);
    if (target && targetVpc !== undefined && tableVpc !== undefined && targetVpc !== tableVpc) {
      report(
        route,
        "route-target-in-vpc",
        `targets ${target.name}, which is not in the route table's VPC.`,
        DOCS.routeTables,
      );
    }
  }
}

/**
 * Whether a public NAT gateway's subnet reaches the internet: an IPv4 default route of its route
 * table (its own, or the VPC's main table, found as the policy pack finds it) to an internet
 * gateway of its VPC. An internet gateway attached separately (InternetGatewayAttachment) has no
 * vpcId of its own: unknown is not wrong. Undefined when the plan cannot tell: its table is not
 * in the plan, or a default route's target is not known.
 */
function reachesInternet(graph: ResourceGraph<PlannedResource>, subnet: PlannedResource) {
  const table: TableRef<PlannedResource> | undefined = graph.routeTableOf(subnet);
  if (table === undefined || (table.resource === undefined && table.id === undefined)) {
    return undefined;
  }
  const defaults = graph.defaultRoutesOf(table).filter((r) => r.ipv4 === IPV4_DEFAULT);
  const ownVpc = (igw: PlannedResource | undefined) =>
    igw === undefined ||
    graph.vpcIdOf(igw) === undefined ||
    graph.vpcIdOf(igw) === graph.vpcIdOf(subnet);
  if (defaults.some((r) => r.target.kind === "internet-gateway" && ownVpc(r.target.resource))) {
    return true;
  }
  return defaults.some((r) => r.target.kind === "unknown") ? undefined : false;
}

/** NAT gateways: Elastic IPs, public subnets, regional mode. */
function checkNatGateways({ report, ofType, subnetById, graph }: Graph): void {
  for (const nat of ofType(T.natGateway)) {
    const isPublic = (nat.inputs.connectivityType ?? "public") === "public";
    // A regional NAT gateway spans the VPC's zones: no subnet, and its addresses are given per
    // zone (availabilityZoneAddress) or managed by AWS, never as one allocationId.
    if (nat.inputs.availabilityMode === "regional") {
      if (nat.inputs.allocationId !== undefined) {
        report(
          nat,
          "nat-regional-allocation",
          "a regional NAT gateway takes no allocationId; give its addresses per zone (availabilityZoneAddress) or let AWS manage them.",
          DOCS.regionalNatGateway,
        );
      }
      continue;
    }
    if (isPublic && !nat.inputs.allocationId) {
      report(
        nat,
        "nat-elastic-ip",
        "a public NAT gateway needs an Elastic IP allocation.",
        DOCS.natGateway,
      );
    }
    const subnet = subnetById(nat.inputs.subnetId);
    if (isPublic && subnet && reachesInternet(graph, subnet) === false) {
      report(
        nat,
        "nat-in-public-subnet",
        `its subnet ${subnet.name} has no 0.0.0.0/0 route to an internet gateway of the VPC, so it cannot reach the internet.`,
        DOCS.natGateway,
      );
    }
  }
}

/** The Elastic IP quota per Region. */
function checkElasticIps({ report, ofType }: Graph): void {
  const eipsByProvider = new Map<string, PlannedResource[]>();
  for (const eip of ofType(T.eip)) {
    const key = eip.provider ?? "";
    eipsByProvider.set(key, [...(eipsByProvider.get(key) ?? []), eip]);
  }
  for (const eips of eipsByProvider.values()) {
    if (eips.length > DEFAULT_ELASTIC_IP_QUOTA) {
      report(
        eips[DEFAULT_ELASTIC_IP_QUOTA],
        "elastic-ip-quota",
        `the stack allocates ${eips.length} Elastic IPs in one Region, over the default quota of ${DEFAULT_ELASTIC_IP_QUOTA} per Region (which also counts those the account already holds): request more in Service Quotas ("EC2-VPC Elastic IPs") before deploying, or use fewer NAT gateways (natGateways: "single").`,
        DOCS.elasticIpQuota,
        "warning",
      );
    }
  }
}

export const endpoints: ApiRule = {
  name: "endpoints",
  description: "endpoint types, placement and VPCs",
  enforcementLevel: "mandatory",
  validateGraph: checkEndpoints,
};

export const routes: ApiRule = {
  name: "routes",
  description: "one default route per table, route targets in the table's VPC",
  enforcementLevel: "mandatory",
  validateGraph: checkRoutes,
};

export const natGateways: ApiRule = {
  name: "nat-gateways",
  description: "NAT gateways: Elastic IPs, public subnets, regional mode",
  enforcementLevel: "mandatory",
  validateGraph: checkNatGateways,
};

export const elasticIps: ApiRule = {
  name: "elastic-ips",
  description: "the Elastic IP quota per Region",
  enforcementLevel: "mandatory",
  validateGraph: checkElasticIps,
};
