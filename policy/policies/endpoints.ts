/** Interface endpoints: private DNS, several zones, HTTPS only, and a scoped Lambda endpoint. */
import * as aws from "@pulumi/aws";
import {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { referenced, referencing, TYPES, zoneOf } from "./graph";

const isInterface = (r: PolicyResource) =>
  r.type === TYPES.vpcEndpoint && r.props.vpcEndpointType === "Interface";

export const interfaceEndpointPrivateDns: ResourceValidationPolicy = {
  name: "interface-endpoint-private-dns",
  description: "Interface endpoints have private DNS, so clients use them without configuration.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(
    aws.ec2.VpcEndpoint,
    (endpoint, args, reportViolation) => {
      if (endpoint.vpcEndpointType === "Interface" && endpoint.privateDnsEnabled !== true) {
        reportViolation(
          `Interface endpoint ${args.name} (${endpoint.serviceName}) has private DNS off, so SDKs keep resolving the public service name and bypass it: set privateDnsEnabled: true (the VPC needs DNS support and hostnames on).`,
        );
      }
    },
  ),
};

export const interfaceEndpointMultiAz: StackValidationPolicy = {
  name: "interface-endpoint-multi-az",
  description: "Interface endpoints have subnets in at least two Availability Zones.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const endpoint of args.resources.filter(isInterface)) {
      const ids: unknown = endpoint.props.subnetIds;
      if (!Array.isArray(ids)) {
        continue;
      }
      const subnets = referenced(endpoint, "subnetIds", TYPES.subnet);
      // One subnet is one zone; otherwise the zones are known only for subnets in the stack.
      const zones =
        ids.length <= 1
          ? ids
          : subnets.length === ids.length && subnets.every((s) => zoneOf(s) !== undefined)
            ? [...new Set(subnets.map(zoneOf))]
            : undefined;
      if (zones !== undefined && zones.length < 2) {
        reportViolation(
          `Interface endpoint ${endpoint.name} (${endpoint.props.serviceName}) is in ${zones.length} Availability Zone${zones.length === 1 ? "" : "s"}: a zone outage cuts every client off. Give it subnets in at least two zones.`,
          endpoint.urn,
        );
      }
    }
  },
};

interface Ingress {
  protocol?: string;
  fromPort?: number;
  toPort?: number;
}

const isHttpsOnly = (rule: Ingress) =>
  String(rule.protocol).toLowerCase() === "tcp" && rule.fromPort === 443 && rule.toPort === 443;

export const interfaceEndpointHttpsOnly: StackValidationPolicy = {
  name: "interface-endpoint-https-only",
  description: "Security groups of interface endpoints admit TCP 443 and nothing else.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const groups = new Map<string, PolicyResource>();
    for (const endpoint of args.resources.filter(isInterface)) {
      // Groups given inline, and groups added with aws.ec2.SecurityGroupAssociation.
      const associated = referencing(
        args.resources,
        TYPES.securityGroupAssociation,
        "vpcEndpointId",
        endpoint,
      );
      const own = [
        ...referenced(endpoint, "securityGroupIds", TYPES.securityGroup),
        ...associated.flatMap((a) => referenced(a, "securityGroupId", TYPES.securityGroup)),
      ];
      own.forEach((g) => groups.set(g.urn, g));
      // No group at all: AWS gives the endpoint the VPC's default group, which admits all
      // traffic from its members (https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html).
      const ids: unknown = endpoint.props.securityGroupIds;
      const none =
        (ids === undefined || (Array.isArray(ids) && ids.length === 0)) && associated.length === 0;
      if (none) {
        reportViolation(
          `Interface endpoint ${endpoint.name} (${endpoint.props.serviceName}) has no security group, so AWS gives it the VPC's default group, which admits all traffic from its members; endpoints serve HTTPS only: give it a group that admits TCP 443 and nothing else.`,
          endpoint.urn,
        );
      }
    }
    for (const group of groups.values()) {
      const inline = (group.props.ingress ?? []) as Ingress[];
      const separate = [
        ...referencing(args.resources, TYPES.securityGroupRule, "securityGroupId", group)
          .filter((r) => r.props.type === "ingress")
          .map((r) => r.props as Ingress),
        ...referencing(args.resources, TYPES.ingressRule, "securityGroupId", group).map((r) => ({
          protocol: r.props.ipProtocol,
          fromPort: r.props.fromPort,
          toPort: r.props.toPort,
        })),
      ];
      const other = [...inline, ...separate].filter((rule) => !isHttpsOnly(rule));
      if (other.length > 0) {
        const describe = (r: Ingress) =>
          r.protocol === "-1" ? "all traffic" : `${r.protocol} ${r.fromPort}-${r.toPort}`;
        reportViolation(
          `Security group ${group.name} of an interface endpoint admits ${other.map(describe).join(", ")}; endpoints serve HTTPS only: allow TCP 443 and nothing else.`,
          group.urn,
        );
      }
    }
  },
};

/** A statement that allows everything, as the default endpoint policy does. */
const allowsAll = (document: unknown): boolean => {
  const statements = (document as { Statement?: unknown })?.Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  const any = (v: unknown, wanted: string[]) =>
    (Array.isArray(v) ? v : [v]).some((x) => wanted.includes(String(x)));
  return list.some(
    (s: { Effect?: string; Action?: unknown; Resource?: unknown }) =>
      s?.Effect === "Allow" && any(s.Action, ["*", "lambda:*"]) && any(s.Resource, ["*"]),
  );
};

export const lambdaEndpointPolicyScoped: ResourceValidationPolicy = {
  name: "lambda-endpoint-policy-scoped",
  description: "A Lambda interface endpoint's policy names the functions it may invoke.",
  enforcementLevel: "advisory",
  validateResource: validateResourceOfType(
    aws.ec2.VpcEndpoint,
    (endpoint, args, reportViolation) => {
      // com.amazonaws.<region>.lambda, and cn.com.amazonaws.<region>.lambda in the China regions.
      if (!/^(cn\.)?com\.amazonaws\.[a-z0-9-]+\.lambda$/.test(String(endpoint.serviceName))) {
        return;
      }
      const policy = endpoint.policy;
      let document: unknown;
      try {
        document = policy === undefined || policy === "" ? undefined : JSON.parse(String(policy));
      } catch {
        return;
      }
      if (document === undefined || allowsAll(document)) {
        reportViolation(
          `Lambda endpoint ${args.name} allows invoking any function in any account: give it a policy that allows lambda:InvokeFunction on the functions the VPC calls (LambdaInterfaceEndpoint's allowedFunctionArns).`,
        );
      }
    },
  ),
};
