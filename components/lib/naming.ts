import { createHash } from "crypto";

/**
 * Child resource names. Each derives from the component's name and a stable key (a zone name or a
 * service), never a list position, so adding a zone or an endpoint leaves every existing name, and
 * so every existing resource, untouched. Names are part of the public contract: changing one
 * replaces deployed infrastructure.
 */
export const names = {
  vpc: (component: string) => `${component}-vpc`,
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
 * fit, with a 7-character hash of the whole name so two long names never collide. It depends
 * only on the resource name, so it never changes between deployments.
 */
export function physicalName(resourceName: string, maxLength: number): string | undefined {
  if (resourceName.length + AUTONAME_SUFFIX_LENGTH <= maxLength) {
    return undefined;
  }
  const hash = createHash("sha256").update(resourceName).digest("hex").slice(0, 7);
  return `${resourceName.slice(0, maxLength - AUTONAME_SUFFIX_LENGTH)}-${hash}`;
}
