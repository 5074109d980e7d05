/**
 * What the AWS API refuses of address blocks: VPC and subnet blocks AWS does not take, and
 * subnets too small for the ENIs placed in them.
 */
import { blockContains, blocksOverlap, ipv4BlockOf as block } from "../cidr";
import { eniCombinations } from "../eni";
import { RESERVED_ADDRESSES_PER_SUBNET } from "../limits";
import { TYPE_TOKENS as T } from "../typeTokens";
import { ApiGraph as Graph, ApiRule, DOCS } from "./graph";

/** VPC blocks within /16 to /28. */
function checkVpcBlocks({ report, ofType }: Graph): void {
  for (const vpc of ofType(T.vpc)) {
    const b = block(vpc.inputs.cidrBlock);
    if (b && (b.prefixLength < 16 || b.prefixLength > 28)) {
      report(
        vpc,
        "vpc-cidr-size",
        `VPC block ${vpc.inputs.cidrBlock} is outside /16 to /28.`,
        DOCS.vpcCidr,
      );
    }
  }
}

/** Subnet blocks within /16 to /28, inside their VPC, not overlapping. */
function checkSubnets({ report, ofType, byId }: Graph): void {
  const subnets = ofType(T.subnet);
  subnets.forEach((subnet, i) => {
    const b = block(subnet.inputs.cidrBlock);
    const vpc = byId.get(String(subnet.inputs.vpcId));
    const vpcBlock = vpc ? block(vpc.inputs.cidrBlock) : undefined;
    if (!b) return;
    if (b.prefixLength < 16 || b.prefixLength > 28) {
      report(
        subnet,
        "subnet-cidr-size",
        `subnet block ${subnet.inputs.cidrBlock} is outside /16 to /28.`,
        DOCS.vpcCidr,
      );
    }
    if (vpcBlock && !blockContains(vpcBlock, b)) {
      report(
        subnet,
        "subnet-in-vpc",
        `subnet block ${subnet.inputs.cidrBlock} is not inside its VPC's ${vpc?.inputs.cidrBlock}.`,
        DOCS.vpcCidr,
      );
    }
    for (const other of subnets
      .slice(i + 1)
      .filter((o) => o.inputs.vpcId === subnet.inputs.vpcId)) {
      const o = block(other.inputs.cidrBlock);
      if (o && blocksOverlap(b, o)) {
        report(
          subnet,
          "subnet-overlap",
          `subnet block ${subnet.inputs.cidrBlock} overlaps ${other.name}'s ${other.inputs.cidrBlock}.`,
          DOCS.vpcCidr,
        );
      }
    }
  });
}

/** Room in each subnet for the ENIs placed in it. */
function checkSubnetRoom({ report, ofType }: Graph): void {
  for (const subnet of ofType(T.subnet)) {
    const b = block(subnet.inputs.cidrBlock);
    if (!b) continue;
    // ENIs placed in it: one per Hyperplane combination, interface endpoint and NAT gateway.
    const combos = new Set(
      ofType(T.function)
        .filter((f) => (f.inputs.vpcConfig?.subnetIds ?? []).includes(subnet.id))
        .flatMap((f) =>
          eniCombinations({
            subnetIds: [subnet.id as string],
            securityGroupIds: f.inputs.vpcConfig.securityGroupIds ?? [],
          }),
        ),
    );
    const endpointEnis = ofType(T.vpcEndpoint).filter((e) =>
      (e.inputs.subnetIds ?? []).includes(subnet.id),
    ).length;
    const natEnis = ofType(T.natGateway).filter((n) => n.inputs.subnetId === subnet.id).length;
    const needed = combos.size + endpointEnis + natEnis;
    const usable = 2 ** (32 - b.prefixLength) - RESERVED_ADDRESSES_PER_SUBNET;
    if (needed > usable) {
      report(
        subnet,
        "subnet-capacity",
        `subnet ${subnet.inputs.cidrBlock} has ${usable} usable addresses (AWS reserves ${RESERVED_ADDRESSES_PER_SUBNET}) but ${needed} ENIs are placed in it.`,
        DOCS.subnetSizing,
      );
    }
  }
}

export const vpcBlocks: ApiRule = {
  name: "vpc-blocks",
  description: "VPC blocks within /16 to /28",
  enforcementLevel: "mandatory",
  validateGraph: checkVpcBlocks,
};

export const subnets: ApiRule = {
  name: "subnet-blocks",
  description: "subnet blocks within /16 to /28, inside their VPC, not overlapping",
  enforcementLevel: "mandatory",
  validateGraph: checkSubnets,
};

export const subnetRoom: ApiRule = {
  name: "subnet-room",
  description: "room in each subnet for the ENIs placed in it",
  enforcementLevel: "mandatory",
  validateGraph: checkSubnetRoom,
};
