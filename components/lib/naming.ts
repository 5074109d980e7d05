import { createHash } from "crypto";
import { ArgumentError } from "./errors";

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
  /** Subnet, its route table, association and default route share this name (types differ). */
  privateSubnet: (component: string, zone: string) => `${component}-private-${zone}`,
  publicSubnet: (component: string, zone: string) => `${component}-public-${zone}`,
  /** The one route table all public subnets share, and its internet route. */
  publicRouteTable: (component: string) => `${component}-public`,
  /** A NAT gateway and its Elastic IP. */
  natGateway: (component: string, zone: string) => `${component}-nat-${zone}`,
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

/** Tags for a child: the user's tags plus a Name that matches the child's resource name. */
export function nameTag<V>(
  tags: Readonly<Record<string, V>> | undefined,
  name: string,
): Record<string, V | string> {
  return { ...tags, Name: name };
}

/** Pulumi auto-names a physical resource `<resource name>-<7 random characters>`. */
export const AUTONAME_SUFFIX_LENGTH = 8;

/**
 * The physical name for a child whose AWS name is limited to `maxLength` characters: none (so
 * Pulumi auto-names it, the usual case) when the auto-name fits, else the resource name cut to
 * fit, with a 7-character hash of the whole name and of `scope` (the project and stack: the
 * `dev` and `prod` stacks of a program in one account must not claim the same role name) so two
 * long names never collide. It depends only on those, so it never changes between deployments.
 */
export function physicalName(
  resourceName: string,
  maxLength: number,
  scope = "",
): string | undefined {
  if (resourceName.length + AUTONAME_SUFFIX_LENGTH <= maxLength) {
    return undefined;
  }
  const hash = createHash("sha256")
    .update(scope === "" ? resourceName : `${scope}/${resourceName}`)
    .digest("hex")
    .slice(0, 7);
  return `${resourceName.slice(0, maxLength - AUTONAME_SUFFIX_LENGTH)}-${hash}`;
}

/**
 * Lambda function names: letters, digits, hyphens and underscores (the FunctionName pattern
 * `[a-zA-Z0-9-_]+`, https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html).
 */
const FUNCTION_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Security group names: up to 255 of a-z, A-Z, 0-9, spaces and `._-:/()#,@[]+=&;{}!$*`, not
 * starting with `sg-` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html).
 */
const SECURITY_GROUP_NAME = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/;

/** An explicit function name AWS accepts. */
export function checkFunctionName(arg: string, name: string): void {
  if (!FUNCTION_NAME.test(name)) {
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
  if (!FUNCTION_NAME.test(component)) {
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
  if (!SECURITY_GROUP_NAME.test(resourceName)) {
    throw new ArgumentError(
      `its security group would be named after ${JSON.stringify(resourceName)}, which has characters AWS refuses in security group names; use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only.`,
    );
  }
}

/** The security group of the `ServiceEndpoints` child a network or Lambda endpoint creates. */
export function checkEndpointsChildAutoName(component: string): void {
  checkSecurityGroupAutoName(names.endpointSecurityGroup(names.endpoints(component)));
}
