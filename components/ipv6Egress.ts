/**
 * PrivateNetwork's IPv6 pieces (ipv6: true): each subnet's /64 and the ::/0 routes. Wiring only;
 * the layout is components/lib/cidr.ts's.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { ipv6SubnetBlockForZone } from "./lib/cidr";
import { rethrowArgumentErrors } from "./lib/errors";
import { names } from "./lib/naming";
import { childTags, Tags } from "./tags";

/** Where the IPv6 pieces go: the network's parent, name, tags and how it fails. */
export interface Ipv6Setting {
  readonly parent: pulumi.Resource;
  readonly network: string;
  readonly tags: Tags | undefined;
  readonly fail: (message: string) => Error;
}

/**
 * A subnet's IPv6 inputs: its /64, computed from the VPC's Amazon-provided /56 once AWS has
 * given it. assignIpv6AddressOnCreation stays at its default, false: terraform-provider-aws's
 * aws_subnet (internal/service/ec2/vpc_subnet.go, CustomizeDiff ForceNewIf "ipv6_cidr_block")
 * replaces a subnet whose IPv6 block changes only when its state has
 * assign_ipv6_address_on_creation true, and otherwise associates or disassociates the block in
 * place (modifySubnetIPv6CIDRBlockAssociation). So switching ipv6 on, or off again, updates the
 * subnets and never replaces them. Lambda asks for its interfaces' IPv6 itself
 * (ipv6AllowedForDualStack).
 */
export function subnetIpv6Inputs(
  setting: Ipv6Setting,
  vpc: aws.ec2.Vpc,
  zone: string,
  tier: "private" | "public",
): { ipv6CidrBlock: pulumi.Output<string> } {
  return {
    ipv6CidrBlock: vpc.ipv6CidrBlock.apply((block) =>
      rethrowArgumentErrors(setting.fail, () => ipv6SubnetBlockForZone(block, zone, tier)),
    ),
  };
}

/**
 * The egress-only internet gateway: outbound IPv6 to the internet, nothing inbound ("[IPv6 only]
 * Creates an egress-only internet gateway ... prevents hosts outside of your VPC from initiating
 * an IPv6 connection", EC2 API reference, CreateEgressOnlyInternetGateway). Its vpcId is its
 * only setting.
 */
export function egressOnlyGateway(
  setting: Ipv6Setting,
  vpc: aws.ec2.Vpc,
): aws.ec2.EgressOnlyInternetGateway {
  const name = names.egressOnlyInternetGateway(setting.network);
  return new aws.ec2.EgressOnlyInternetGateway(
    name,
    { vpcId: vpc.id, tags: childTags(setting.tags, name) },
    { parent: setting.parent },
  );
}

/**
 * A route table's ::/0 route, named after the table's IPv4 default route. An egress-only gateway
 * goes in egressOnlyGatewayId, not gatewayId: AWS takes it in either, but reads it back in the
 * specific one, so gatewayId would diff forever (@pulumi/aws ec2/route.d.ts, "NOTE on
 * gatewayId").
 */
export function ipv6DefaultRoute(
  setting: Ipv6Setting,
  routeName: string,
  routeTable: aws.ec2.RouteTable,
  target: aws.ec2.EgressOnlyInternetGateway | aws.ec2.InternetGateway,
): aws.ec2.Route {
  const via =
    target instanceof aws.ec2.EgressOnlyInternetGateway
      ? { egressOnlyGatewayId: target.id }
      : { gatewayId: target.id };
  return new aws.ec2.Route(
    names.ipv6DefaultRoute(routeName),
    { routeTableId: routeTable.id, destinationIpv6CidrBlock: "::/0", ...via },
    { parent: setting.parent },
  );
}
