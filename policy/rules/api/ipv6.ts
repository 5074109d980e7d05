/**
 * What the AWS API refuses of IPv6: subnet blocks that are not /64s inside their VPC's block, or
 * that overlap; and ::/0 routes to an egress-only internet gateway of another VPC.
 */
import { ipv6BlockContains, ipv6BlockOf, ipv6BlocksOverlap } from "../cidr";
import { TYPE_TOKENS as T } from "../typeTokens";
import { ApiGraph as Graph, ApiRule, DOCS, PlannedResource } from "./graph";

/**
 * A subnet's IPv6 block "must use a /64 prefix length" (AWS::EC2::SubnetCidrBlock,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-subnetcidrblock.html).
 */
const SUBNET_IPV6_PREFIX_LENGTH = 64;

/** The VPC's IPv6 block: given, or the one AWS gave it (known from the mock's state). */
const vpcIpv6Block = (vpc: PlannedResource | undefined) =>
  vpc?.inputs.ipv6CidrBlock ?? vpc?.outputs?.ipv6CidrBlock;

function checkSubnetIpv6Blocks({ report, ofType, byId }: Graph): void {
  const subnets = ofType(T.subnet).flatMap((subnet) => {
    const block = ipv6BlockOf(subnet.inputs.ipv6CidrBlock);
    return block === undefined ? [] : [{ subnet, block }];
  });
  subnets.forEach(({ subnet, block: b }, i) => {
    const given = String(subnet.inputs.ipv6CidrBlock);
    if (b.prefixLength !== SUBNET_IPV6_PREFIX_LENGTH) {
      report(subnet, "subnet-ipv6-size", `subnet IPv6 block ${given} is not a /64.`, DOCS.vpcCidr);
    }
    const vpcBlock = vpcIpv6Block(byId.get(String(subnet.inputs.vpcId)));
    const outer = ipv6BlockOf(vpcBlock);
    if (outer !== undefined && !ipv6BlockContains(outer, b)) {
      report(
        subnet,
        "subnet-ipv6-in-vpc",
        `subnet IPv6 block ${given} is not inside its VPC's ${vpcBlock}.`,
        DOCS.vpcCidr,
      );
    }
    for (const { subnet: other, block: o } of subnets
      .slice(i + 1)
      .filter((o) => o.subnet.inputs.vpcId === subnet.inputs.vpcId)) {
      if (ipv6BlocksOverlap(b, o)) {
        report(
          subnet,
          "subnet-ipv6-overlap",
          `subnet IPv6 block ${given} overlaps ${other.name}'s ${other.inputs.ipv6CidrBlock}.`,
          DOCS.vpcCidr,
        );
      }
    }
  });
}

/** A route to an egress-only gateway: the gateway is in the route table's VPC. */
function checkEgressOnlyRoutes({ report, ofType, byId, vpcOf }: Graph): void {
  for (const route of ofType(T.route)) {
    const gateway = byId.get(String(route.inputs.egressOnlyGatewayId));
    if (gateway?.type !== T.egressOnlyInternetGateway) continue;
    const tableVpc = vpcOf(byId.get(String(route.inputs.routeTableId)));
    const gatewayVpc = gateway.inputs.vpcId;
    if (tableVpc !== undefined && gatewayVpc !== undefined && tableVpc !== gatewayVpc) {
      report(
        route,
        "egress-only-gateway-in-vpc",
        `targets ${gateway.name}, an egress-only internet gateway of another VPC than the route table's.`,
        DOCS.routeTables,
      );
    }
  }
}

export const ipv6: ApiRule = {
  name: "ipv6",
  description:
    "subnet IPv6 blocks are /64s inside their VPC's block, not overlapping; egress-only gateways in the route's VPC",
  enforcementLevel: "mandatory",
  validateGraph: (graph) => {
    checkSubnetIpv6Blocks(graph);
    checkEgressOnlyRoutes(graph);
  },
};
