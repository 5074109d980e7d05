/**
 * A VpcFunction's execution role: its trust policy and the permissions Lambda needs to run the
 * function in a VPC and write its logs, scoped as far as IAM allows.
 */
import { checkOneOf } from "./args";
import { serviceTrustPolicy } from "./iamPolicy";

/** What the created execution role is allowed. */
export const ExecutionRolePolicy = {
  /**
   * A policy the component writes: the ENI actions limited to the function's VPC, logs to the
   * function's own log group (see `vpcAccessPolicy`).
   */
  Scoped: "Scoped",
  /**
   * The AWS managed policy AWSLambdaVPCAccessExecutionRole: the ENI actions and logs:* on `*`,
   * as before this package scoped them.
   */
  Managed: "Managed",
} as const;
export type ExecutionRolePolicy = (typeof ExecutionRolePolicy)[keyof typeof ExecutionRolePolicy];

/** Checks a policy choice given as an argument (other languages send any string). */
export function validateExecutionRolePolicy(
  arg: string,
  value: unknown,
): ExecutionRolePolicy | undefined {
  return checkOneOf(
    arg,
    value,
    ExecutionRolePolicy,
    '"Managed" attaches AWSLambdaVPCAccessExecutionRole.',
  );
}

/**
 * The trust policy: the Lambda service principal, as Lambda's execution-role page shows it
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html). No
 * `aws:SourceAccount` / `aws:SourceArn` condition: Lambda documents those keys only for policies
 * on the function as a target ("The aws:SourceArn condition key applies only to policies where
 * your Lambda function is the target resource":
 * https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html), never
 * that it sets them when it assumes an execution role, so such a condition could make every
 * invocation fail. The confused deputy it guards against needs another account to hand Lambda
 * this role, and passing a role takes iam:PassRole in the role's own account.
 */
export function lambdaTrustPolicy(): string {
  return serviceTrustPolicy("lambda.amazonaws.com");
}

/** Where the function runs and logs, as the scoped policy names it. */
export interface FunctionScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly vpcId: string;
  /** The function's log group ARN (arn:…:log-group:<name>, without `:*`). */
  readonly logGroupArn: string;
}

/**
 * The scoped VPC access policy: what AWSLambdaVPCAccessExecutionRole allows, narrowed as far as
 * Lambda's own permission check lets it be.
 *
 * - DescribeNetworkInterfaces and DescribeSubnets are wildcard-only in the Service Authorization
 *   Reference (no resource types): `*`, as Lambda's VPC page asks.
 * - At CreateFunction, Lambda checks that the role may call CreateNetworkInterface ("The provided
 *   execution role does not have permissions to call CreateNetworkInterface on EC2") by evaluating
 *   `network-interface/*` with only the Region, the service and `ec2:NetworkInterfaceID` in the
 *   request context (a recorded simulation of that check; unverified against a live account here).
 *   For CreateNetworkInterface the reference lists `ec2:Vpc` only on the subnet and
 *   security-group resources, not on network-interface
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html), so
 *   a statement over `network-interface/*` conditioned on `ec2:Vpc` would fail that check. So the
 *   ENI actions (Create, Delete, Assign/UnassignPrivateIpAddresses) get every network interface of
 *   the account and Region, without condition, and the VPC is held by the other resources the
 *   real call needs: CreateNetworkInterface must also be allowed on the subnet and the security
 *   groups, and those are allowed in the function's VPC only (`ec2:Vpc`, the VPC's ARN).
 * - DeleteNetworkInterface on "all resource IDs" of the account and Region, as Lambda's VPC page
 *   warns (awsdocs/aws-lambda-developer-guide, configuration-vpc.md: without "a unique resource ID,
 *   or all resource IDs" the function "may not be able to access the VPC"). Lambda needs it after
 *   the function is gone (its ENIs are deleted last), so the policy must outlive the function: the
 *   component orders it so.
 * - Logs: CreateLogStream and PutLogEvents on the streams of the function's own log group, which
 *   the component creates (so CreateLogGroup is not needed).
 */
export function vpcAccessPolicy(scope: FunctionScope): string {
  const ec2 = `arn:${scope.partition}:ec2:${scope.region}:${scope.account}`;
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DescribeNetwork",
        Effect: "Allow",
        Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
        Resource: "*",
      },
      {
        Sid: "ManageNetworkInterfaces",
        Effect: "Allow",
        Action: [
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: `${ec2}:network-interface/*`,
      },
      {
        Sid: "InTheFunctionsVpcOnly",
        Effect: "Allow",
        Action: "ec2:CreateNetworkInterface",
        Resource: [`${ec2}:subnet/*`, `${ec2}:security-group/*`],
        Condition: { ArnEquals: { "ec2:Vpc": `${ec2}:vpc/${scope.vpcId}` } },
      },
      {
        Sid: "WriteTheFunctionsLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        // Both act on log streams (log-group:<name>:log-stream:<stream>), never on the group.
        Resource: `${scope.logGroupArn}:*`,
      },
    ],
  });
}

/** A log group's ARN from its name: arn:<partition>:logs:<region>:<account>:log-group:<name>. */
export function logGroupArn(
  scope: Pick<FunctionScope, "partition" | "region" | "account">,
  name: string,
): string {
  return `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:${name}`;
}
