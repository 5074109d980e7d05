/**
 * What a VpcFunction may do and reach: its log group, its execution role and the outbound rules
 * of its security group. Wiring only; the documents and rules come from lib/.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { EgressFacts, EgressRule, egressRules, FunctionEgress, routingFacts } from "./lib/egress";
import { lambdaTrustPolicy } from "./lib/executionRole";
import { LogGroupSettings } from "./lib/logGroups";
import { DESCRIPTION_RULES, NAME_RULES, TAG_RULES } from "../policy/rules/limits";
import { fittedName, fittedText, names } from "./lib/naming";
import { mapInputs, plainArray, plainValue } from "./lib/plain";
import { lookedUp, lookUpSubnetWithRoutes, lookUpVpc } from "./lookups";
import {
  derivedOnce,
  networkOfSubnetIds,
  networkOfSubnetList,
  spokeHubBlocksOf,
} from "./programState";
import { childTags, Tags } from "./tags";
import { functionLogGroupPrefix } from "./vpcFunctionArgs";

/** The managed policy that lets Lambda manage the function's ENIs and write its logs. */
export const VPC_ACCESS_POLICY = "service-role/AWSLambdaVPCAccessExecutionRole";

/**
 * The function's log group, `/aws/lambda/<component>-<unique suffix>`: created before the
 * function, which logs to it (`loggingConfig.logGroup`). Otherwise Lambda writes to
 * `/aws/lambda/<function name>`, creating it outside the stack
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html), where "by
 * default, log data is stored in CloudWatch Logs indefinitely"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html).
 */
export function createFunctionLogGroup(
  parent: pulumi.Resource,
  componentName: string,
  settings: LogGroupSettings,
  userTags: Tags | undefined,
): aws.cloudwatch.LogGroup {
  const name = names.functionLogGroup(componentName);
  return new aws.cloudwatch.LogGroup(
    name,
    {
      namePrefix: functionLogGroupPrefix(componentName),
      retentionInDays: settings.retentionInDays,
      ...(settings.kmsKeyId === undefined ? {} : { kmsKeyId: settings.kmsKeyId }),
      tags: childTags(userTags, name, TAG_RULES.logs),
    },
    { parent },
  );
}

/** The created role and what grants its VPC access (which must outlive the function's ENIs). */
export interface ExecutionRole {
  readonly role: aws.iam.Role;
  readonly access: aws.iam.RolePolicy | aws.iam.RolePolicyAttachment;
}

/** The role's VPC access: an AWS managed policy to attach, or a document of its own. */
export type VpcAccess =
  { readonly managedPolicyArn: string } | { readonly document: pulumi.Input<string> };

/**
 * An execution role trusted by Lambda, with its VPC access as an inline policy or an attached
 * managed one, under the same child name either way.
 */
export function createExecutionRole(
  parent: pulumi.Resource,
  componentName: string,
  access: VpcAccess,
  userTags: Tags | undefined,
  stackScope: string,
): ExecutionRole {
  const roleName = names.functionRole(componentName);
  const physical = fittedName(NAME_RULES.iamRole, roleName, stackScope);
  const role = new aws.iam.Role(
    roleName,
    {
      name: physical,
      description: fittedText(
        DESCRIPTION_RULES.iamRole,
        `Execution role of Lambda function ${componentName}`,
      ),
      assumeRolePolicy: lambdaTrustPolicy(),
      tags: childTags(userTags, roleName, TAG_RULES.iam),
    },
    { parent, deleteBeforeReplace: physical !== undefined || undefined },
  );
  const accessName = names.functionVpcAccess(componentName);
  return {
    role,
    access:
      "managedPolicyArn" in access
        ? new aws.iam.RolePolicyAttachment(
            accessName,
            { role: role.name, policyArn: access.managedPolicyArn },
            { parent },
          )
        : new aws.iam.RolePolicy(
            accessName,
            {
              name: fittedName(NAME_RULES.iamRolePolicy, accessName, stackScope),
              role: role.name,
              policy: access.document,
            },
            { parent },
          ),
  };
}

/**
 * The created group's outbound rules. The functions of one network share its facts, and so, for
 * the same `egress` and IPv6 setting, one Output of the rules (one apply, not one per function).
 */
export function egressRulesOf(
  facts: pulumi.Input<EgressFacts>,
  egress: FunctionEgress,
  ipv6: pulumi.Input<boolean>,
): pulumi.Input<EgressRule[]> {
  if (!pulumi.Output.isInstance(facts) || typeof ipv6 !== "boolean") {
    return mapInputs([facts, ipv6], ([f, v6]) => egressRules(egress, f, v6));
  }
  return derivedOnce(facts, `${egress} ${ipv6}`, () =>
    facts.apply((f) => egressRules(egress, f, ipv6)),
  );
}

/**
 * What the function's subnets reach, for egress "Network". Subnets of a PrivateNetwork of this
 * program: what the network says (its routes and gateway endpoints may not exist yet when the ids
 * are known, and the rules then wait for the endpoints' prefix lists). Subnets known now: their
 * VPC and route tables, looked up. Other subnets known only at deployment: their VPC, with routing
 * left unknown, which allows HTTPS to anywhere rather than guess.
 */
export async function egressFactsOf(
  parent: pulumi.Resource,
  vpcIdInput: pulumi.Input<string>,
  subnetIdsInput: pulumi.Input<pulumi.Input<string>[]>,
  fail: (message: string) => Error,
): Promise<pulumi.Input<EgressFacts>> {
  const network = networkOfSubnetList(subnetIdsInput);
  if (network !== undefined) {
    return await network.facts;
  }
  const facts = await lookedUpEgressFacts(parent, vpcIdInput, subnetIdsInput, fail);
  // A spoke of a SharedServiceEndpoints hub (SharedServiceEndpointsSpoke with hubCidrBlocks):
  // HTTPS to the hub's blocks, where the shared endpoints' addresses are.
  const hub = spokeHubBlocksOf(vpcIdInput, plainValue(vpcIdInput));
  return hub === undefined
    ? facts
    : mapInputs([facts, hub], ([f, blocks]) => ({ ...f, sharedEndpointCidrBlocks: blocks }));
}

/** What the function's subnets reach, looked up (see egressFactsOf). */
async function lookedUpEgressFacts(
  parent: pulumi.Resource,
  vpcIdInput: pulumi.Input<string>,
  subnetIdsInput: pulumi.Input<pulumi.Input<string>[]>,
  fail: (message: string) => Error,
): Promise<pulumi.Input<EgressFacts>> {
  const vpcBlocks = async (vpcId: string) => {
    const vpc = await lookedUp(fail, "vpcId", vpcId, () => lookUpVpc(vpcId, parent));
    return { vpcCidrBlocks: vpc.cidrBlocks, vpcIpv6CidrBlocks: vpc.ipv6CidrBlocks };
  };
  const vpcId = plainValue(vpcIdInput);
  const subnetIds = plainArray(subnetIdsInput);
  if (vpcId !== undefined && subnetIds !== undefined) {
    const subnets = await Promise.all(
      subnetIds.map((id) =>
        lookedUp(fail, "subnetIds", id, () => lookUpSubnetWithRoutes(id, parent)),
      ),
    );
    return { ...(await vpcBlocks(vpcId)), ...routingFacts(subnets.flatMap((s) => s.routes ?? [])) };
  }
  return pulumi.all([vpcIdInput, subnetIdsInput]).apply(async ([id, ids]): Promise<EgressFacts> => {
    const own = networkOfSubnetIds(ids);
    if (own !== undefined) {
      // An apply unwraps an Output its function resolves to (the network's facts may be one).
      return (await own.facts) as EgressFacts;
    }
    return {
      ...(await vpcBlocks(id)),
      prefixListIds: [],
      internet: undefined,
      ipv6Internet: undefined,
    };
  });
}
