/**
 * NAT instances (natGateways "instances"): their security group, one instance per zone in its
 * public subnet, and each one's Elastic IP. Wiring only: the type and image were checked before
 * anything was registered (lib/natInstances.ts).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { stackScope } from "./component";
import { NatElasticIps } from "./lib/nat";
import { NAT_INSTANCE_USER_DATA } from "./lib/natInstances";
import { names, securityGroupText } from "./lib/naming";
import { childTags, Tags } from "./tags";

/** What every NAT instance of a network shares. */
export interface NatInstanceSetting {
  readonly parent: pulumi.Resource;
  /** The network's name. */
  readonly network: string;
  readonly tags: Tags | undefined;
  readonly instanceType: string;
  readonly imageId: pulumi.Input<string>;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly igw: aws.ec2.InternetGateway;
}

/**
 * The NAT instances' security group: everything from the VPC's block in (the private subnets'
 * traffic to forward, every protocol), everything out (to the internet, through the internet
 * gateway). Nothing from the internet: replies to forwarded connections pass as tracked
 * connections (security groups are stateful).
 */
export function natInstanceSecurityGroup(
  parent: pulumi.Resource,
  network: string,
  vpc: aws.ec2.Vpc,
  cidrBlock: pulumi.Input<string>,
  tags: Tags | undefined,
): aws.ec2.SecurityGroup {
  const name = names.natInstanceSecurityGroup(network);
  return new aws.ec2.SecurityGroup(
    name,
    {
      vpcId: vpc.id,
      ...securityGroupText(
        name,
        `NAT instances of ${network}: from the VPC, to anywhere`,
        stackScope(),
      ),
      ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [cidrBlock] }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
      tags: childTags(tags, name),
    },
    { parent },
  );
}

/**
 * A zone's NAT instance in its public subnet, with its Elastic IP (the user's, or one created and
 * kept on destroy when asked). Source/destination checking is off: EC2 drops traffic an instance
 * neither sent nor receives unless it is, and a NAT forwards others' traffic ("Disable
 * source/destination checks", https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html).
 * IMDSv2 only (httpTokens "required"); no key pair: nobody logs in. A change of image or user
 * data replaces the instance (ami is ForceNew; userDataReplaceOnChange), created before the old
 * one is deleted; the address moves over once the new one runs (the association is deleted
 * first: AssociateAddress refuses an address in use unless told to reassociate).
 */
export function natInstance(
  s: NatInstanceSetting,
  zone: string,
  subnet: aws.ec2.Subnet,
  elasticIps: NatElasticIps<pulumi.Input<string>>,
  index: number,
): NatInstance {
  const name = names.natInstance(s.network, zone);
  const instance = new aws.ec2.Instance(
    name,
    {
      ami: s.imageId,
      instanceType: s.instanceType,
      subnetId: subnet.id,
      vpcSecurityGroupIds: [s.securityGroup.id],
      sourceDestCheck: false,
      associatePublicIpAddress: false,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required" },
      userData: NAT_INSTANCE_USER_DATA,
      userDataReplaceOnChange: true,
      tags: childTags(s.tags, name),
    },
    { parent: s.parent },
  );
  const allocationId =
    elasticIps.source === "given"
      ? elasticIps.allocationIds[index]
      : new aws.ec2.Eip(
          name,
          { domain: "vpc", tags: childTags(s.tags, name) },
          elasticIps.retain ? { parent: s.parent, retainOnDelete: true } : { parent: s.parent },
        ).allocationId;
  // Associating an address needs the VPC's internet gateway (terraform's aws_eip page: "EIP may
  // require IGW to exist prior to association").
  const association = new aws.ec2.EipAssociation(
    name,
    { allocationId, networkInterfaceId: instance.primaryNetworkInterfaceId },
    { parent: s.parent, dependsOn: [s.igw], deleteBeforeReplace: true },
  );
  return { instance, publicIp: association.publicIp };
}

/** A NAT instance and the address the internet sees its zone's traffic come from. */
export interface NatInstance {
  readonly instance: aws.ec2.Instance;
  readonly publicIp: pulumi.Output<string>;
}
