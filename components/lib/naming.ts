import { createHash } from "crypto";
import { ArgumentError } from "./errors";
import {
  AUTONAME_SUFFIX_LENGTH,
  DESCRIPTION_RULES,
  NAME_RULES,
  TAG_RULES,
  TagRule,
  takesCharacters,
  TextRule,
} from "../../policy/rules/limits";

/**
 * Child resource names. Each derives from the component's name and a stable key (a zone name or a
 * service), never a list position, so adding a zone or an endpoint leaves every existing name, and
 * so every existing resource, untouched. Names are part of the public contract: changing one
 * replaces deployed infrastructure.
 */
export const names = {
  vpc: (component: string) => `${component}-vpc`,
  /** The VPC's flow log, and its log group, role and the role's policy. */
  flowLogs: (component: string) => `${component}-flow-logs`,
  /** The VPC's default security group, adopted with no rules. */
  defaultSecurityGroup: (component: string) => `${component}-default-sg`,
  internetGateway: (component: string) => `${component}-igw`,
  /** The egress-only internet gateway (ipv6): the private subnets' IPv6 way out. */
  egressOnlyInternetGateway: (component: string) => `${component}-eigw`,
  /** A route table's ::/0 route (ipv6): its IPv4 default route's name and "-ipv6". */
  ipv6DefaultRoute: (routeName: string) => `${routeName}-ipv6`,
  /** Subnet, its route table, association and default route share this name (types differ). */
  privateSubnet: (component: string, zone: string) => `${component}-private-${zone}`,
  publicSubnet: (component: string, zone: string) => `${component}-public-${zone}`,
  /** The one route table all public subnets share, and its internet route. */
  publicRouteTable: (component: string) => `${component}-public`,
  /** A NAT gateway and its Elastic IP. */
  natGateway: (component: string, zone: string) => `${component}-nat-${zone}`,
  /** A NAT instance (natGateways "instances"), its Elastic IP and the association. */
  natInstance: (component: string, zone: string) => `${component}-nat-instance-${zone}`,
  /** The one security group of a network's NAT instances. */
  natInstanceSecurityGroup: (component: string) => `${component}-nat-instances`,
  /** The one regional NAT gateway (natGateways "regional"): no zone in its name. */
  regionalNatGateway: (component: string) => `${component}-nat-regional`,
  /** The ServiceEndpoints child of a PrivateNetwork. */
  endpoints: (component: string) => `${component}-endpoints`,
  /** The security group shared by a ServiceEndpoints component's interface endpoints. */
  endpointSecurityGroup: (component: string) => `${component}-sg`,
  endpoint: (component: string, service: string) => `${component}-${service}`,
  /** A VpcFunction's own security group, execution role and the role's VPC access policy. */
  functionSecurityGroup: (component: string) => `${component}-sg`,
  functionRole: (component: string) => `${component}-role`,
  functionVpcAccess: (component: string) => `${component}-vpc-access`,
  /** A VpcFunction's log group. */
  functionLogGroup: (component: string) => `${component}-logs`,
} as const;

/**
 * Tags for a child: the user's tags plus a Name that is the child's resource name, fitted to the
 * service's tag values (`fittedText`).
 */
export function nameTag<V>(
  tags: Readonly<Record<string, V>> | undefined,
  name: string,
  rule: TagRule = TAG_RULES.ec2,
): Record<string, V | string> {
  return { ...tags, Name: fittedText(rule.value, name) };
}

/** Pulumi's auto-name suffix, from the one table of limits (policy/rules/limits.ts). */
export { AUTONAME_SUFFIX_LENGTH };

/** A 7-character hash of a name (and the project and stack it is unique to). */
export function shortHash(text: string, scope: string): string {
  return createHash("sha256")
    .update(scope === "" ? text : `${scope}/${text}`)
    .digest("hex")
    .slice(0, 7);
}

/** The text with each character the rule refuses replaced by "-". */
const sanitized = (rule: TextRule, text: string) =>
  [...text].map((c) => (rule.allows(c) ? c : "-")).join("");

/**
 * The physical name for a child whose AWS name follows `rule`: none (so Pulumi auto-names it,
 * the usual case) when the auto-name `<resource name>-<7 characters>` fits the rule, else the
 * resource name with the characters AWS refuses replaced by "-", cut to fit, with a 7-character
 * hash of the whole name and of `scope` (the project and stack: the `dev` and `prod` stacks of a
 * program in one account must not claim the same role name) so two names never collide. It
 * depends only on those, so it never changes between deployments.
 */
export function fittedName(rule: TextRule, resourceName: string, scope = ""): string | undefined {
  const chars = [...resourceName];
  if (chars.length + AUTONAME_SUFFIX_LENGTH <= rule.max && chars.every(rule.allows)) {
    return undefined;
  }
  const cut = [...sanitized(rule, resourceName)].slice(0, rule.max - AUTONAME_SUFFIX_LENGTH);
  return `${cut.join("")}-${shortHash(resourceName, scope)}`;
}

/**
 * A physical name within `maxLength` characters (any characters): see `fittedName`.
 */
export function physicalName(
  resourceName: string,
  maxLength: number,
  scope = "",
): string | undefined {
  return fittedName({ ...ANY_CHARACTERS, max: maxLength }, resourceName, scope);
}

const ANY_CHARACTERS: TextRule = { max: 0, allows: () => true, characters: "any", source: "" };

/**
 * Text AWS limits (a description, a tag value) as the component would write it: unchanged when
 * the rule takes it, else the characters refused replaced by "-" and, when too long, cut with a
 * hash of the whole text, so two long texts stay apart.
 */
export function fittedText(rule: TextRule, text: string): string {
  const chars = [...text];
  if (chars.length <= rule.max && chars.every(rule.allows)) {
    return text;
  }
  const clean = [...sanitized(rule, text)];
  return clean.length <= rule.max
    ? clean.join("")
    : `${clean.slice(0, rule.max - AUTONAME_SUFFIX_LENGTH).join("")}-${shortHash(text, "")}`;
}

/**
 * A created security group's name and description as AWS takes them: the name auto-generated
 * unless it would not fit (`fittedName`), the description as written unless AWS would refuse it.
 */
export function securityGroupText(
  resourceName: string,
  description: string,
  scope: string,
): { readonly name?: string; readonly description: string } {
  const name = fittedName(NAME_RULES.securityGroup, resourceName, scope);
  return {
    ...(name === undefined ? {} : { name }),
    description: fittedText(DESCRIPTION_RULES.securityGroup, description),
  };
}

/** An explicit function name AWS accepts. */
export function checkFunctionName(arg: string, name: string): void {
  if (!takesCharacters(NAME_RULES.lambdaFunction, name)) {
    throw new ArgumentError(
      `${arg} ${JSON.stringify(name)} has characters Lambda refuses; use letters, digits, hyphens and underscores.`,
    );
  }
}

/**
 * A component whose function is auto-named after it: Pulumi names the function
 * `<component>-<7 characters>`, so the component's name must be a valid function name too.
 */
export function checkFunctionAutoName(component: string): void {
  if (!takesCharacters(NAME_RULES.lambdaFunction, component)) {
    throw new ArgumentError(
      `the function is named after the component, and Lambda takes only letters, digits, hyphens and underscores in names: rename the component (e.g. ${JSON.stringify(component.replace(/[^A-Za-z0-9_-]/g, "-"))}) or set functionArgs.name.`,
    );
  }
}

/** A security group auto-named after `resourceName` (Pulumi adds 8 characters). */
export function checkSecurityGroupAutoName(resourceName: string): void {
  if (resourceName.toLowerCase().startsWith("sg-")) {
    throw new ArgumentError(
      `its security group would be named ${resourceName}-<suffix>, and AWS refuses security group names that start with "sg-": choose a component name that does not.`,
    );
  }
  if (!takesCharacters(NAME_RULES.securityGroup, resourceName)) {
    throw new ArgumentError(
      `its security group would be named after ${JSON.stringify(resourceName)}, which has characters AWS refuses in security group names; use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only.`,
    );
  }
}

/** The security group of the `ServiceEndpoints` child a network or Lambda endpoint creates. */
export function checkEndpointsChildAutoName(component: string): void {
  checkSecurityGroupAutoName(names.endpointSecurityGroup(names.endpoints(component)));
}
