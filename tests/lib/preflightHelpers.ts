/** Small planned graphs for the pre-flight's tests (tests/lib/preflight*.test.ts). */
import { PlannedResource, preflight } from "../../policy/rules/preflight";

export const r = (
  type: string,
  name: string,
  inputs: Record<string, any>,
  outputs?: Record<string, any>,
): PlannedResource => ({
  type: `aws:${type}`,
  name,
  id: `${name}-id`,
  inputs,
  outputs,
});
export const vpc = (cidrBlock = "10.0.0.0/16") => r("ec2/vpc:Vpc", "vpc", { cidrBlock });
export const subnet = (
  name: string,
  cidrBlock: string,
  availabilityZone = "us-east-1a",
  vpcId = "vpc-id",
) => r("ec2/subnet:Subnet", name, { vpcId, cidrBlock, availabilityZone });
export const rules = (graph: PlannedResource[]) =>
  preflight(graph).map((f) => `${f.resource}: ${f.rule}`);

/** A public subnet with an internet route, and a NAT gateway in it. */
export const publicPath = (withIgwRoute = true) => [
  r("ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-id" }),
  subnet("public", "10.0.128.0/24"),
  r("ec2/routeTable:RouteTable", "public-rt", { vpcId: "vpc-id" }),
  r("ec2/routeTableAssociation:RouteTableAssociation", "public-assoc", {
    subnetId: "public-id",
    routeTableId: "public-rt-id",
  }),
  ...(withIgwRoute
    ? [
        r("ec2/route:Route", "to-igw", {
          routeTableId: "public-rt-id",
          destinationCidrBlock: "0.0.0.0/0",
          gatewayId: "igw-id",
        }),
      ]
    : []),
  r("ec2/natGateway:NatGateway", "nat", {
    subnetId: "public-id",
    allocationId: "eipalloc-1",
    connectivityType: "public",
  }),
];
