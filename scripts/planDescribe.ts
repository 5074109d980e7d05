/**
 * Each resource of the plan in one line (scripts/planModel.ts's resources by component): what a
 * reviewer of the plan wants to see. Pure: it only reads registrations.
 */
import type { Registration } from "../offline/runtime";
import { TYPE_TOKENS as T } from "../components/lib/typeTokens";
import { summarizePolicy } from "./policySummary";
import { plainText, ZONE_LEFT_TO_AWS } from "./planLookups";
import { destinationOf } from "./planNetwork";

type Name = (id: unknown) => string;

/**
 * A role in one line: who may assume it, and what it may do — each inline policy's statements
 * and each attached managed policy by name — so a reviewer sees it without opening JSON.
 */
function describeRole(role: Registration, name: Name, regs: readonly Registration[]): string {
  const refersToRole = (value: unknown) =>
    value === role.id || value === role.outputs?.name || value === role.outputs?.arn;
  const trust = summarizePolicy(role.inputs.assumeRolePolicy, (id) => name(id)).replace(
    ": sts:AssumeRole",
    "",
  );
  const inline = regs
    .filter((p) => p.type === T.rolePolicy && refersToRole(p.inputs.role))
    .map((p) => summarizePolicy(p.inputs.policy, (id) => name(id)));
  const managed = regs
    .filter((a) => a.type === T.rolePolicyAttachment && refersToRole(a.inputs.role))
    .map((a) => `managed ${String(a.inputs.policyArn).split("/").pop()}`);
  const may = [...inline, ...managed];
  return `trusts ${trust} | may: ${may.length === 0 ? "nothing yet" : may.join("; ")}`;
}

/** A security group rule's ports: `all`, `tcp 443`, `tcp 1024-65535`. */
function ports(protocol: unknown, from: unknown, to: unknown): string {
  const [p, f, t] = [protocol, from, to].map((v) => plainText(v) ?? "?");
  return p === "-1" || p === "all"
    ? "all"
    : `${p} ${f}${t !== f && to !== undefined ? `-${t}` : ""}`;
}

/** A rule resource: a VPC ingress or egress rule, or an EC2 security group rule. */
function describeRule(r: Registration, name: Name): string {
  const i = r.inputs;
  if (r.type !== T.securityGroupRule) {
    const from = i.cidrIpv4 ?? i.cidrIpv6 ?? i.prefixListId ?? name(i.referencedSecurityGroupId);
    const into = r.type === T.ingressRule ? "into" : "out of";
    return `${ports(i.ipProtocol, i.fromPort, i.toPort)} ${r.type === T.ingressRule ? "from" : "to"} ${from}, ${into} ${name(i.securityGroupId)}`;
  }
  const peers = [
    ...(i.cidrBlocks ?? []),
    ...(i.ipv6CidrBlocks ?? []),
    ...(i.prefixListIds ?? []),
    ...(i.sourceSecurityGroupId ? [name(i.sourceSecurityGroupId)] : []),
    ...(i.self ? ["itself"] : []),
  ];
  return `${i.type} ${ports(i.protocol, i.fromPort, i.toPort)} ${i.type === "ingress" ? "from" : "to"} ${peers.join(" ")}, ${i.type === "ingress" ? "into" : "out of"} ${name(i.securityGroupId)}`;
}

function describeNatGateway(r: Registration, name: Name): string {
  const i = r.inputs;
  if (i.availabilityMode === "regional") {
    const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
    const given = arr(i.availabilityZoneAddresses);
    return `regional, in ${name(i.vpcId)}, ${
      given.length === 0
        ? "automatic mode (AWS allocates its addresses)"
        : `manual mode: ${given.map((a: any) => `${a.availabilityZone} ${arr(a.allocationIds).map(name).join(" ")}`).join(", ")}`
    }`;
  }
  return `in ${name(i.subnetId)}${i.allocationId === undefined ? "" : `, Elastic IP ${name(i.allocationId)}`}`;
}

function describeInstance(r: Registration, name: Name, regs: readonly Registration[]): string {
  const i = r.inputs;
  // A NAT instance's address is associated with its primary interface.
  const eni = r.outputs?.primaryNetworkInterfaceId;
  const address = regs.find(
    (a) => a.type === T.eipAssociation && eni !== undefined && a.inputs.networkInterfaceId === eni,
  );
  return [
    `${i.instanceType} in ${name(i.subnetId)}`,
    `source/destination check ${i.sourceDestCheck === false ? "off" : "on"}`,
    ...(address ? [`Elastic IP ${name(address.inputs.allocationId)}`] : []),
  ].join(", ");
}

function describeSecurityGroup(r: Registration, name: Name): string {
  const i = r.inputs;
  const rules = (list: any[] | undefined) =>
    (list ?? [])
      .map((rule) => {
        const from = [
          ...(rule.cidrBlocks ?? []),
          ...(rule.ipv6CidrBlocks ?? []),
          ...(rule.prefixListIds ?? []),
          ...(rule.securityGroups ?? []).map(name),
          ...(rule.self ? ["itself"] : []),
        ];
        return `${ports(rule.protocol, rule.fromPort, rule.toPort)} ${from.join(" ")}`.trim();
      })
      .join("; ") || "none";
  const adopted = r.type === T.defaultSecurityGroup ? `${name(i.vpcId)}'s default group, ` : "";
  return `${adopted}in: ${rules(i.ingress)} | out: ${rules(i.egress)}`;
}

/** One line about a resource: what a reviewer of the plan wants to see. */
export function describe(
  r: Registration,
  name: Name,
  regs: readonly Registration[],
  routeTarget: (route: Registration) => string,
): string {
  const i = r.inputs;
  switch (r.type) {
    case T.vpc:
      return `${i.cidrBlock ?? "block from IPAM"}, DNS support ${i.enableDnsSupport === false ? "off" : "on"}, DNS hostnames ${i.enableDnsHostnames ? "on" : "off"}`;
    case T.subnet:
      return [
        i.availabilityZone ?? i.availabilityZoneId ?? ZONE_LEFT_TO_AWS,
        i.cidrBlock,
        i.ipv6CidrBlock,
        i.mapPublicIpOnLaunch ? "maps public IPs" : undefined,
      ]
        .filter((x) => x !== undefined)
        .join(" ");
    case T.route:
      return `${destinationOf(r)} → ${routeTarget(r)}`;
    case T.ingressRule:
    case T.egressRule:
    case T.securityGroupRule:
      return describeRule(r, name);
    case T.routeTableAssociation:
      return `${name(i.subnetId)} → ${name(i.routeTableId)}`;
    case T.natGateway:
      return describeNatGateway(r, name);
    case T.instance:
      return describeInstance(r, name, regs);
    case T.eipAssociation:
      return `${name(i.allocationId)} → ${name(i.networkInterfaceId ?? i.instanceId)}`;
    case T.eip:
      // Kept by pulumi destroy: what others allow-list outlives the stack.
      return r.options?.retainOnDelete === true ? "kept on destroy (retainOnDelete)" : "";
    case T.securityGroup:
    case T.defaultSecurityGroup:
      return describeSecurityGroup(r, name);
    case T.flowLog:
      return `${i.trafficType} traffic of ${name(i.vpcId)} to ${i.logDestinationType === "s3" ? "S3" : "CloudWatch Logs"} ${name(i.logDestination)}`;
    case T.logGroup:
      return `kept ${i.retentionInDays === 0 ? "forever" : `${i.retentionInDays} days`}${i.kmsKeyId ? ", KMS-encrypted" : ""}`;
    case T.vpcEndpoint:
      return `${i.vpcEndpointType} ${i.serviceName}${i.privateDnsEnabled ? ", private DNS" : ""} | policy: ${typeof i.policy === "string" ? summarizePolicy(i.policy, name) : "AWS default (full access)"}`;
    case T.function: {
      const subnets = Array.isArray(i.vpcConfig?.subnetIds) ? i.vpcConfig.subnetIds.length : 0;
      return `${i.runtime ?? i.packageType ?? ""} ${i.vpcConfig ? `in VPC (${subnets} subnet${subnets === 1 ? "" : "s"})` : "in the Lambda service VPC"}${i.loggingConfig?.logGroup ? `, logs to ${name(i.loggingConfig.logGroup)}` : ""}`.trim();
    }
    case T.role:
      return describeRole(r, name, regs);
    case T.rolePolicy:
      return `of role ${name(i.role)}`;
    default:
      // Resource policies (buckets, queues): what they allow or deny, in one line.
      return typeof i.policy === "string" ? `policy: ${summarizePolicy(i.policy, name)}` : "";
  }
}
