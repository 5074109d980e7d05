/** Endpoints: private DNS, several zones and HTTPS only for interface endpoints; scoped policies for all. */
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

const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);

/**
 * Condition keys that draw an identity or resource perimeter: a statement conditioned on one of
 * them (with a positive operator) admits only the named accounts, organizations, principals or
 * AWS services (AWS's data-perimeter endpoint policies use these:
 * https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/vpc_endpoint_policies).
 */
const PERIMETER_KEYS = [
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalarn",
  "aws:principalisawsservice",
  "aws:resourceaccount",
  "aws:resourceorgid",
  "aws:resourceorgpaths",
];

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** `*`, `{"AWS": "*"}` or any principal type with `*`: anyone, in any account. */
const anyPrincipal = (principal: unknown): boolean =>
  principal === "*" ||
  (typeof principal === "object" &&
    principal !== null &&
    Object.values(principal).some((ids) => asList(ids).includes("*")));

/**
 * A positive operator (not a Not… operator, whose Allow admits everyone else, nor …IfExists, which
 * admits requests without the key) on a perimeter key.
 */
const hasPerimeterCondition = (condition: Statement["Condition"]): boolean =>
  Object.entries(condition ?? {}).some(
    ([operator, keys]) =>
      !/Not|IfExists$/.test(operator) &&
      Object.keys(keys ?? {}).some((k) => PERIMETER_KEYS.includes(k.toLowerCase())),
  );

/**
 * A resource pattern that covers resources of any account: `*`, a wildcard partition or service,
 * a wildcard or empty account for services whose ARNs carry one, an S3 bucket name that starts
 * with a wildcard. A name pattern within one account is that account owner's choice; ARNs without
 * an account other than S3's are AWS-owned (public SSM parameters and the like).
 */
const anyAccountResource = (pattern: string): boolean => {
  if (pattern === "*") return true;
  const [arn, partition, service, , account, ...rest] = pattern.split(":");
  if (arn !== "arn" || /[*?]/.test(`${partition}${service}`)) return true;
  if (service?.toLowerCase() === "s3") return /^[*?]/.test(rest.join(":"));
  return account !== undefined && account !== "" && /[*?]/.test(account);
};

/**
 * An Allow statement that lets anyone reach any account's resources: any principal, no perimeter
 * condition, and resources of any account (or NotResource). Its actions do not matter: sending to,
 * or reading from, another account's resources is how data leaves.
 */
const isOpenStatement = (s: Statement): boolean =>
  s?.Effect === "Allow" &&
  anyPrincipal(s.Principal) &&
  !hasPerimeterCondition(s.Condition) &&
  (s.NotResource !== undefined || asList(s.Resource).some(anyAccountResource));

/** AWS services' endpoint services: com.amazonaws.<region>.<service>, cn.com.… in China. */
const AWS_SERVICE = /^(cn\.)?com\.amazonaws\.[a-z]{2}(?:-[a-z]+)+-\d\.(.+)$/;

export const endpointPolicyScoped: StackValidationPolicy = {
  name: "endpoint-policy-scoped",
  description:
    "Every endpoint of an AWS service has a policy that keeps requests inside a perimeter: named principals, accounts or organizations, or named resources.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const endpoint of args.resources.filter((r) => r.type === TYPES.vpcEndpoint)) {
      const service = AWS_SERVICE.exec(String(known(() => endpoint.props.serviceName)))?.[2];
      // Endpoints of other endpoint services get full access, which no policy changes
      // (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
      if (service === undefined) {
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
      // default policy, which "allows full access to the service", when none was given inline).
      const policy = known(() =>
        attached.length > 0 ? attached[0].props.policy : endpoint.props.policy,
      );
      if (policy === undefined && attached.length + Number("policy" in endpoint.props) > 0) {
        continue; // not known yet (preview)
      }
      let document: { Statement?: unknown } | undefined;
      try {
        document = policy === undefined || policy === "" ? undefined : JSON.parse(String(policy));
      } catch {
        continue;
      }
      const statements = [document?.Statement].flat() as Statement[];
      if (document !== undefined && !statements.some(isOpenStatement)) {
        continue;
      }
      const fix =
        service === "lambda"
          ? "allow lambda:InvokeFunction only on the functions the VPC calls (with lambda-networking: LambdaInterfaceEndpoint's allowedFunctionArns), or condition it on aws:PrincipalAccount and aws:ResourceAccount"
          : 'condition it on aws:PrincipalAccount and aws:ResourceAccount (or aws:PrincipalOrgID and aws:ResourceOrgID), as AWS\'s data-perimeter examples do (with lambda-networking: endpointPolicyScope "Account" or "Organization")';
      reportViolation(
        `Endpoint ${endpoint.name} (${service}) ${document === undefined ? "has AWS's default full-access policy" : "has a policy statement that allows any principal"}, so code in the VPC can use any account's credentials to reach any account's resources through it: ${fix}.`,
        endpoint.urn,
      );
    }
  },
};
