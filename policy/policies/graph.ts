/** Reading the stack's resource graph: what a resource's input property points at. */
import { PolicyResource } from "@pulumi/policy";

export const TYPES = {
  function: "aws:lambda/function:Function",
  subnet: "aws:ec2/subnet:Subnet",
  vpc: "aws:ec2/vpc:Vpc",
  routeTable: "aws:ec2/routeTable:RouteTable",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
  defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  route: "aws:ec2/route:Route",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  natGateway: "aws:ec2/natGateway:NatGateway",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
  securityGroupAssociation: "aws:ec2/securityGroupAssociation:SecurityGroupAssociation",
  flowLog: "aws:ec2/flowLog:FlowLog",
} as const;

/** The resources of a type that `resource`'s `property` input was built from. */
export function referenced(
  resource: PolicyResource,
  property: string,
  type: string,
): PolicyResource[] {
  return (resource.propertyDependencies[property] ?? []).filter((r) => r.type === type);
}

/** Resources of `type` whose `property` input was built from `target`. */
export function referencing(
  resources: readonly PolicyResource[],
  type: string,
  property: string,
  target: PolicyResource,
): PolicyResource[] {
  return resources.filter(
    (r) =>
      r.type === type && (r.propertyDependencies[property] ?? []).some((d) => d.urn === target.urn),
  );
}

/**
 * The subnets of a VPC function that are in this stack, or undefined when some are not (or
 * their count is not known yet): then nothing can be concluded about them.
 */
export function functionSubnets(fn: PolicyResource): PolicyResource[] | undefined {
  const ids: unknown = fn.props.vpcConfig?.subnetIds;
  const subnets = referenced(fn, "vpcConfig", TYPES.subnet);
  return Array.isArray(ids) && subnets.length === ids.length ? subnets : undefined;
}

/**
 * A subnet's route table, when the stack declares it: its own association's; without one, its
 * VPC's main table (a route table made main with MainRouteTableAssociation, else the VPC's
 * DefaultRouteTable), which AWS uses for every subnet with no association of its own
 * (https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTableDetails).
 */
export function routeTableOf(
  resources: readonly PolicyResource[],
  subnet: PolicyResource,
): PolicyResource | undefined {
  const association = referencing(resources, TYPES.association, "subnetId", subnet)[0];
  if (association) {
    return referenced(association, "routeTableId", TYPES.routeTable)[0];
  }
  const vpc = referenced(subnet, "vpcId", TYPES.vpc)[0];
  if (vpc === undefined) {
    return undefined;
  }
  const main = referencing(resources, TYPES.mainRouteTableAssociation, "vpcId", vpc)[0];
  return main
    ? referenced(main, "routeTableId", TYPES.routeTable)[0]
    : referencing(resources, TYPES.defaultRouteTable, "defaultRouteTableId", vpc)[0];
}

/** The 0.0.0.0/0 route of a route table, as a separate Route or an inline one. */
export function defaultRouteOf(
  resources: readonly PolicyResource[],
  table: PolicyResource,
):
  | { resource?: PolicyResource; gatewayIsInternet: boolean; natGateway?: PolicyResource }
  | undefined {
  const separate = referencing(resources, TYPES.route, "routeTableId", table).find(
    (r) => r.props.destinationCidrBlock === "0.0.0.0/0",
  );
  if (separate) {
    return {
      resource: separate,
      gatewayIsInternet:
        referenced(separate, "gatewayId", TYPES.internetGateway).length > 0 ||
        String(separate.props.gatewayId ?? "").startsWith("igw-"),
      natGateway: referenced(separate, "natGatewayId", TYPES.natGateway)[0],
    };
  }
  const inline = ((table.props.routes ?? []) as { cidrBlock?: string; gatewayId?: string }[]).find(
    (r) => r.cidrBlock === "0.0.0.0/0",
  );
  if (inline) {
    return {
      gatewayIsInternet:
        referenced(table, "routes", TYPES.internetGateway).length > 0 ||
        String(inline.gatewayId ?? "").startsWith("igw-"),
      natGateway: referenced(table, "routes", TYPES.natGateway)[0],
    };
  }
  return undefined;
}

export const zoneOf = (subnet: PolicyResource): string | undefined =>
  subnet.props.availabilityZone ?? subnet.props.availabilityZoneId;
