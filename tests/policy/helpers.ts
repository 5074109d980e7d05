/** Shared by the policy pack's tests (tests/policy/*.test.ts): building bad stacks, running the pack. */
import * as aws from "../../components/aws";
import * as path from "path";
import { Finding, PolicyConfig, runPolicies } from "../../policy/runner";
import { registrations, settle, useWorld } from "../mocks";

/** Builds a stack with plain @pulumi/aws resources on the mocked runtime and runs the pack. */
export async function findingsOf(build: () => void, config: PolicyConfig = {}): Promise<Finding[]> {
  useWorld();
  build();
  await settle();
  return runPolicies(registrations(), config);
}

export const POLICY_DIR = path.join(__dirname, "..", "..", "policy");

export const only = (findings: Finding[], policy: string) =>
  findings.filter((f) => f.policy === policy);

// Building blocks of the bad stacks.
export function vpc(name = "v", flowLog: boolean | string = true) {
  const v = new aws.ec2.Vpc(name, { cidrBlock: "10.0.0.0/16" });
  if (flowLog !== false) {
    new aws.ec2.FlowLog(`${name}-flow`, {
      vpcId: v.id,
      trafficType: flowLog === true ? "ALL" : flowLog,
      logDestination: "arn:aws:s3:::logs",
    });
  }
  return v;
}
export const subnet = (
  v: aws.ec2.Vpc,
  name: string,
  zone: string,
  cidr: string,
  mapPublicIpOnLaunch = false,
) =>
  new aws.ec2.Subnet(name, {
    vpcId: v.id,
    availabilityZone: zone,
    cidrBlock: cidr,
    mapPublicIpOnLaunch,
  });
export function routeTable(v: aws.ec2.Vpc, name: string, subnets: aws.ec2.Subnet[]) {
  const table = new aws.ec2.RouteTable(name, { vpcId: v.id });
  subnets.forEach(
    (s, i) =>
      new aws.ec2.RouteTableAssociation(`${name}-${i}`, { subnetId: s.id, routeTableId: table.id }),
  );
  return table;
}
export const fn = (name: string, subnets: aws.ec2.Subnet[], groups: string[] = ["sg-fn"]) =>
  new aws.lambda.Function(name, {
    role: "arn:aws:iam::123456789012:role/r",
    runtime: "nodejs22.x",
    handler: "index.handler",
    vpcConfig: { subnetIds: subnets.map((s) => s.id), securityGroupIds: groups },
  });
