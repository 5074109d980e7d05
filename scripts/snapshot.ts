/**
 * Upgrade stability: a committed snapshot of what the sample stack registers — each resource's
 * type, name, parent, the inputs whose change makes AWS replace it, and the security-relevant
 * inputs AWS updates in place (policies, rules). A test compares the
 * current graph with it; `npm run snapshot:update` rewrites it, a deliberate, reviewed act.
 */
import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import { Registration } from "../offline/runtime";
import { runSampleProgram } from "./runProgram";
import { readStackConfig } from "./stackConfig";

/**
 * Inputs that force replacement (ForceNew in the provider), by type. Ids are the mock's
 * placeholders, derived from resource names, so a renamed parent shows up here too.
 */
export const REPLACING_INPUTS: Record<string, string[]> = {
  "aws:ec2/vpc:Vpc": ["cidrBlock"],
  "aws:ec2/subnet:Subnet": ["vpcId", "availabilityZone", "cidrBlock"],
  "aws:ec2/routeTable:RouteTable": ["vpcId"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId"],
  "aws:ec2/route:Route": ["routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock"],
  "aws:ec2/internetGateway:InternetGateway": [],
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": ["vpcId"],
  "aws:ec2/natGateway:NatGateway": ["subnetId", "allocationId", "connectivityType"],
  "aws:ec2/eip:Eip": ["domain"],
  "aws:ec2/securityGroup:SecurityGroup": ["vpcId", "description", "name"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
  "aws:lambda/function:Function": ["name"],
  "aws:iam/role:Role": ["name"],
  // RequiresReplace in terraform-provider-aws internal/service/route53profiles (profile.go,
  // association.go, resource_association.go) and ForceNew in internal/service/ram.
  "aws:route53/profilesProfile:ProfilesProfile": ["name"],
  "aws:route53/profilesAssociation:ProfilesAssociation": ["name", "profileId", "resourceId"],
  "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation": [
    "name",
    "profileId",
    "resourceArn",
  ],
  "aws:ram/resourceShare:ResourceShare": ["permissionArns"],
  "aws:ram/resourceAssociation:ResourceAssociation": ["resourceArn", "resourceShareArn"],
  "aws:ram/principalAssociation:PrincipalAssociation": ["principal", "resourceShareArn"],
  "aws:ram/resourceShareAccepter:ResourceShareAccepter": ["shareArn"],
};

/**
 * Inputs AWS changes in place that a reviewer must still see change: who may do what, and which
 * traffic passes. Updated by the provider without replacement (ModifyVpcEndpoint's
 * PolicyDocument; UpdateAssumeRolePolicy; PutRolePolicy; the security group rule calls).
 */
export const UPDATED_INPUTS: Record<string, string[]> = {
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["policy"],
  "aws:ec2/securityGroup:SecurityGroup": ["ingress", "egress"],
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["ingress", "egress"],
  "aws:iam/role:Role": ["assumeRolePolicy"],
  "aws:iam/rolePolicy:RolePolicy": ["policy"],
  "aws:cloudwatch/logGroup:LogGroup": ["retentionInDays"],
  "aws:lambda/function:Function": ["loggingConfig"],
};

export interface SnapshotEntry {
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly inputs: Record<string, unknown>;
  /** The inputs of UPDATED_INPUTS, when the resource has any. */
  readonly updatable?: Record<string, unknown>;
}

const pick = (inputs: Record<string, unknown>, keys: string[] = []) =>
  Object.fromEntries(keys.filter((k) => inputs[k] !== undefined).map((k) => [k, inputs[k]]));

export const SNAPSHOT_STACKS = ["dev", "prod"];
export const snapshotFile = (stack: string) =>
  path.join(__dirname, "..", "tests", "snapshots", `sample-${stack}.json`);

export function snapshotOf(registrations: readonly Registration[]): SnapshotEntry[] {
  return registrations
    .filter((r) => !r.type.startsWith("pulumi:providers:"))
    .map((r) => ({
      type: r.type,
      name: r.name,
      ...(r.parent ? { parent: r.parent } : {}),
      inputs: pick(r.inputs, REPLACING_INPUTS[r.type]),
      ...(UPDATED_INPUTS[r.type] ? { updatable: pick(r.inputs, UPDATED_INPUTS[r.type]) } : {}),
    }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}

/**
 * Differences, worst first: what would be replaced or renamed, what would be updated in place,
 * then what would be added.
 */
export function diffSnapshots(
  committed: readonly SnapshotEntry[],
  current: readonly SnapshotEntry[],
): { replaced: string[]; updated: string[]; added: string[] } {
  const key = (e: SnapshotEntry) => `${e.type} ${e.name}`;
  const now = new Map(current.map((e) => [key(e), e]));
  const before = new Map(committed.map((e) => [key(e), e]));
  const replaced: string[] = [];
  for (const [k, old] of before) {
    const e = now.get(k);
    if (e === undefined) {
      replaced.push(`- ${k}: gone (renamed or removed: AWS deletes it)`);
      continue;
    }
    if ((e.parent ?? "") !== (old.parent ?? "")) {
      replaced.push(
        `~ ${k}: parent ${old.parent ?? "(stack)"} → ${e.parent ?? "(stack)"} (a new URN: replaced unless aliased)`,
      );
    }
    for (const input of new Set([...Object.keys(old.inputs), ...Object.keys(e.inputs)])) {
      if (JSON.stringify(old.inputs[input]) !== JSON.stringify(e.inputs[input])) {
        replaced.push(
          `~ ${k}: ${input} ${JSON.stringify(old.inputs[input])} → ${JSON.stringify(e.inputs[input])} (forces replacement)`,
        );
      }
    }
  }
  const updated: string[] = [];
  for (const [k, old] of before) {
    const e = now.get(k);
    for (const input of new Set([
      ...Object.keys(old.updatable ?? {}),
      ...Object.keys(e?.updatable ?? {}),
    ])) {
      if (e && JSON.stringify(old.updatable?.[input]) !== JSON.stringify(e.updatable?.[input])) {
        updated.push(`~ ${k}: ${input} changes (updated in place)`);
      }
    }
  }
  const added = [...now.keys()].filter((k) => !before.has(k)).map((k) => `+ ${k}`);
  return { replaced, updated, added };
}

export async function currentSnapshot(stack: string): Promise<SnapshotEntry[]> {
  const run = await runSampleProgram(readStackConfig(path.join(__dirname, ".."), stack));
  return snapshotOf(run.registrations);
}

async function update(): Promise<void> {
  for (const stack of SNAPSHOT_STACKS) {
    const file = snapshotFile(stack);
    // Formatted as the repository's Prettier check wants it (a test runs that check).
    const options = await prettier.resolveConfig(file);
    const json = JSON.stringify(await currentSnapshot(stack), null, 2);
    fs.writeFileSync(file, await prettier.format(json, { ...options, filepath: file }));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

if (require.main === module) {
  void update().then(
    () => process.exit(0),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
