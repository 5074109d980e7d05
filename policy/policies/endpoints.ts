/** Interface endpoints: private DNS, several zones, HTTPS only, and a scoped Lambda endpoint. */
// By module: @pulumi/aws's root would type-check every AWS service.
import { VpcEndpoint } from "@pulumi/aws/ec2";
import {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { describeIngress, Ingress, ingressOfGroup } from "./ingress";
import { fewerZonesThan, known, referenced, referencing, TYPES, zonesSpanned } from "./graph";

const isInterface = (r: PolicyResource) =>
  r.type === TYPES.vpcEndpoint && known(() => r.props.vpcEndpointType) === "Interface";

export const interfaceEndpointPrivateDns: ResourceValidationPolicy = {
  name: "interface-endpoint-private-dns",
  description: "Interface endpoints have private DNS, so clients use them without configuration.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(VpcEndpoint, (endpoint, args, reportViolation) => {
    if (endpoint.vpcEndpointType === "Interface" && endpoint.privateDnsEnabled !== true) {
      reportViolation(
        `Interface endpoint ${args.name} (${endpoint.serviceName}) has private DNS off, so SDKs keep resolving the public service name and bypass it: set privateDnsEnabled: true (the VPC needs DNS support and hostnames on).`,
      );
    }
  }),
};

export const interfaceEndpointMultiAz: StackValidationPolicy = {
  name: "interface-endpoint-multi-az",
  description: "Interface endpoints have subnets in at least two Availability Zones.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const endpoint of args.resources.filter(isInterface)) {
      const span = zonesSpanned(
        args.resources,
        endpoint,
        "subnetIds",
        known(() => endpoint.props.subnetIds as unknown),
      );
      const count = span && fewerZonesThan(span, 2);
      if (count !== undefined) {
        reportViolation(
          `Interface endpoint ${endpoint.name} (${known(() => endpoint.props.serviceName)}) is in ${count} Availability Zone${count === 1 ? "" : "s"}: a zone outage cuts every client off. Give it subnets in at least two zones.`,
          endpoint.urn,
        );
      }
    }
  },
};

const isHttpsOnly = (rule: Ingress) =>
  rule.protocol === "tcp" && rule.fromPort === 443 && rule.toPort === 443;

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
      // Before creation that shows as no ids; after it, as the VPC's defaultSecurityGroupId.
      const ids = known(() => endpoint.props.securityGroupIds as unknown);
      // Absent and unknown (a preview) both read as undefined; only absent means none.
      const absent = !("securityGroupIds" in endpoint.props) || ids === null;
      const none = (absent || (Array.isArray(ids) && ids.length === 0)) && associated.length === 0;
      const vpc = referenced(endpoint, "vpcId", TYPES.vpc)[0];
      const defaultGroup = vpc && known(() => vpc.props.defaultSecurityGroupId as unknown);
      const usesDefault =
        Array.isArray(ids) &&
        defaultGroup !== undefined &&
        ids.some((_, i) => known(() => ids[i] as unknown) === defaultGroup);
      if (none || usesDefault) {
        reportViolation(
          `Interface endpoint ${endpoint.name} (${known(() => endpoint.props.serviceName)}) ${usesDefault ? "uses the VPC's default security group" : "has no security group, so AWS gives it the VPC's default group"}, which admits all traffic from its members; endpoints serve HTTPS only: give it a group that admits TCP 443 and nothing else.`,
          endpoint.urn,
        );
      }
    }
    for (const group of groups.values()) {
      // Rules not known yet (preview) leave the group undecided.
      const other = known(() =>
        ingressOfGroup(args.resources, group).filter((rule) => !isHttpsOnly(rule)),
      );
      if (other !== undefined && other.length > 0) {
        reportViolation(
          `Security group ${group.name} of an interface endpoint admits ${[...new Set(other.map(describeIngress))].join(", ")}; endpoints serve HTTPS only: allow TCP 443 and nothing else.`,
          group.urn,
        );
      }
    }
  },
};

/** IAM matches actions case-insensitively, with `*` and `?` wildcards. */
const matches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("")}$`,
    "i",
  ).test(value);

const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);

/**
 * Whether a policy lets any function of any account be invoked: an Allow statement whose actions
 * include lambda:InvokeFunction (`*`, `lambda:*`, `lambda:Invoke*`, any case; or a NotAction that
 * leaves it in) on resources that include any function (`*`, `arn:aws:lambda:*:*:function:*` and
 * the like; or a NotResource).
 */
const allowsAnyInvoke = (document: unknown): boolean => {
  const statements = (document as { Statement?: unknown })?.Statement;
  const list = (Array.isArray(statements) ? statements : [statements]) as {
    Effect?: string;
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
  }[];
  // arn:<partition>:lambda:<region>:<account>:function:<name>: any account and any name is any
  // function (a name pattern within one account is a choice of that account's owner).
  const anyFunction = (pattern: string) => {
    if (pattern === "*") return true;
    const parts = pattern.split(":");
    const wild = (part: string | undefined) =>
      part === undefined || part === "" || /[*?]/.test(part);
    return parts[2]?.toLowerCase() !== "lambda"
      ? /^arn:\*/.test(pattern)
      : wild(parts[4]) && wild(parts[6]);
  };
  return list.some((s) => {
    if (s?.Effect !== "Allow") return false;
    const invokes =
      s.NotAction !== undefined
        ? !asList(s.NotAction).some((p) => matches(p, "lambda:InvokeFunction"))
        : asList(s.Action).some((p) => matches(p, "lambda:InvokeFunction"));
    const anyResource = s.NotResource !== undefined || asList(s.Resource).some(anyFunction);
    return invokes && anyResource;
  });
};

export const lambdaEndpointPolicyScoped: StackValidationPolicy = {
  name: "lambda-endpoint-policy-scoped",
  description: "A Lambda interface endpoint's policy names the functions it may invoke.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const endpoint of args.resources.filter((r) => r.type === TYPES.vpcEndpoint)) {
      // com.amazonaws.<region>.lambda, and cn.com.amazonaws.<region>.lambda in the China regions.
      const serviceName = known(() => endpoint.props.serviceName);
      if (!/^(cn\.)?com\.amazonaws\.[a-z0-9-]+\.lambda$/.test(String(serviceName))) {
        continue;
      }
      // The policy given inline, else one attached with aws.ec2.VpcEndpointPolicy.
      const attached = referencing(
        args.resources,
        TYPES.vpcEndpointPolicy,
        "vpcEndpointId",
        endpoint,
      );
      // An attached policy replaces the endpoint's (whose output, after creation, is AWS's
      // default policy, which "allows full access to the service", when none was given inline:
      // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
      const policy = known(() =>
        attached.length > 0 ? attached[0].props.policy : endpoint.props.policy,
      );
      if (policy === undefined && attached.length + Number("policy" in endpoint.props) > 0) {
        continue; // not known yet (preview)
      }
      let document: unknown;
      try {
        document = policy === undefined || policy === "" ? undefined : JSON.parse(String(policy));
      } catch {
        continue;
      }
      if (document === undefined || allowsAnyInvoke(document)) {
        reportViolation(
          `Lambda endpoint ${endpoint.name} allows invoking any function in any account: give it an endpoint policy that allows lambda:InvokeFunction only on the functions the VPC calls (with lambda-networking: LambdaInterfaceEndpoint's allowedFunctionArns).`,
          endpoint.urn,
        );
      }
    }
  },
};
