/**
 * What the AWS API refuses of Lambda functions: names, vpcConfig limits, subnets of more than
 * one VPC, and execution roles that may not manage the function's network interfaces.
 */
import { MAX_FUNCTION_NAME, MAX_FUNCTION_SECURITY_GROUPS, MAX_FUNCTION_SUBNETS } from "../limits";
import { TYPE_TOKENS as T } from "../typeTokens";
import { ApiGraph as Graph, ApiRule, DOCS, PlannedResource } from "./graph";
import { actionMatches, allowedActions } from "./iam";

/** The policies that give Lambda the EC2 permissions to manage a VPC function's ENIs. */
const ENI_POLICIES = ["AWSLambdaVPCAccessExecutionRole", "AWSLambdaENIManagementAccess"];
const ENI_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DeleteNetworkInterface",
];

/** Function names, vpcConfig limits, one VPC, and execution roles that may manage ENIs. */
function checkFunctions(graph: Graph): void {
  const { report, checkNameLength, ofType, vpcOf, subnetById, resources, roleByArn } = graph;
  for (const fn of ofType(T.function)) {
    checkNameLength(fn, MAX_FUNCTION_NAME, "function-name-length", "Lambda", DOCS.lambdaName);
    const vpcConfig = fn.inputs.vpcConfig;
    if (!vpcConfig) continue;
    const fnSubnets: unknown[] = vpcConfig.subnetIds ?? [];
    const groups: unknown[] = vpcConfig.securityGroupIds ?? [];
    if (fnSubnets.length > MAX_FUNCTION_SUBNETS || groups.length > MAX_FUNCTION_SECURITY_GROUPS) {
      report(
        fn,
        "function-vpc-config-size",
        `vpcConfig has ${fnSubnets.length} subnets and ${groups.length} security groups; Lambda takes at most ${MAX_FUNCTION_SUBNETS} and ${MAX_FUNCTION_SECURITY_GROUPS}.`,
        DOCS.lambdaLimits,
      );
    }
    const vpcs = new Set(
      fnSubnets
        .map(subnetById)
        .filter(Boolean)
        .map((s) => vpcOf(s)),
    );
    if (vpcs.size > 1) {
      report(fn, "function-one-vpc", "its subnets are in more than one VPC.", DOCS.lambdaVpc);
    }
    const role = roleByArn.get(String(fn.inputs.role));
    if (role && !grantsEniManagement(role, resources)) {
      report(
        fn,
        "function-role-eni-permissions",
        `its execution role ${role.name} does not allow managing network interfaces (attach AWSLambdaVPCAccessExecutionRole).`,
        DOCS.lambdaVpc,
      );
    }
  }
}

export const functions: ApiRule = {
  name: "functions",
  description: "function names, vpcConfig limits, one VPC, execution roles that may manage ENIs",
  enforcementLevel: "mandatory",
  validateGraph: checkFunctions,
};

/** The role has a managed ENI policy attached, or an inline policy allowing the ENI actions. */
function grantsEniManagement(
  role: PlannedResource,
  resources: readonly PlannedResource[],
): boolean {
  const roleName = role.outputs?.name ?? role.inputs.name;
  // A role is named in an attachment by its name or its id (which for a role is the name), or
  // given as the role resource itself, which the provider receives as a reference to it.
  const names = (r: PlannedResource) => {
    const value: unknown = r.inputs.role;
    return typeof value === "string"
      ? value === roleName || (role.id !== undefined && value === role.id)
      : role.urn !== undefined && (r.propertyDependencies?.role ?? []).includes(role.urn);
  };
  const eniPolicy = (arn: unknown) => ENI_POLICIES.some((p) => String(arn).endsWith(p));
  const managed: unknown[] = Array.isArray(role.inputs.managedPolicyArns)
    ? role.inputs.managedPolicyArns
    : [];
  const attached =
    managed.some(eniPolicy) ||
    resources.some(
      (r) => r.type === T.rolePolicyAttachment && names(r) && eniPolicy(r.inputs.policyArn),
    );
  const inline = resources.some((r) => {
    if (r.type !== T.rolePolicy || !names(r)) return false;
    const granted = allowedActions(r.inputs.policy);
    return ENI_ACTIONS.every((action) => granted.some((p) => actionMatches(p, action)));
  });
  return attached || inline;
}
