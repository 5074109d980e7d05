/**
 * VpcFunction's arguments and their checks: what can be known without the region, checked before
 * anything is registered.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgSpec, checkArgShapes, checkNestedArgShapes, withoutNulls } from "./lib/args";
import { FunctionEgress, validateFunctionEgress } from "./lib/egress";
import { DEFAULT_HYPERPLANE_ENI_QUOTA } from "./lib/eni";
import { ArgumentError, positiveInteger } from "./lib/errors";
import { ExecutionRolePolicy, validateExecutionRolePolicy } from "./lib/executionRole";
import { checkLogGroupName, checkLogGroupSettings, LogGroupSettings } from "./lib/logGroups";
import {
  checkFunctionAutoName,
  checkFunctionName,
  checkSecurityGroupAutoName,
  names,
  shortHash,
} from "./lib/naming";
import { ARN_FORMS, checkArnOf } from "./lib/arns";
import {
  MAX_FUNCTION_NAME,
  NAME_PREFIX_SUFFIX_LENGTH,
  NAME_RULES,
  takesCharacters,
} from "../policy/rules/limits";
import { plainArray, plainValue } from "./lib/plain";
import { checkVpcConfigLists } from "./lib/subnets";
import { networkOfSubnetList, vpcAndSubnetsOnce } from "./programState";
import { checkDualStackEndpoints, functionIpv6 } from "./lib/dualStack";
import { Tags, validateTags } from "./tags";

/**
 * Everything `aws.lambda.FunctionArgs` takes but `vpcConfig` and `replaceSecurityGroupsOnDestroy`,
 * which the component sets from its own arguments; `role` is optional.
 */
export interface VpcFunctionFunctionArgs extends Omit<
  aws.lambda.FunctionArgs,
  "vpcConfig" | "role" | "replaceSecurityGroupsOnDestroy"
> {
  /**
   * The execution role's ARN. It must trust lambda.amazonaws.com and allow
   * ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DescribeSubnets,
   * ec2:DeleteNetworkInterface, ec2:AssignPrivateIpAddresses and ec2:UnassignPrivateIpAddresses
   * (as the AWS managed policy AWSLambdaVPCAccessExecutionRole does), plus CloudWatch Logs on the
   * function's log group.
   * @default - a role is created, with the policy `executionRolePolicy` names
   */
  readonly role?: pulumi.Input<string>;
}

/** The function's log group. */
export interface FunctionLogsArgs {
  /**
   * Days CloudWatch Logs keeps the function's logs: one of its periods, or 0 for forever.
   * @default 90
   */
  readonly retentionInDays?: number;
  /** The ARN of a KMS key for the log group; its key policy must let CloudWatch Logs use it. */
  readonly kmsKeyId?: pulumi.Input<string>;
}

export interface VpcFunctionArgs {
  /** The VPC the function's subnets and security group belong to. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets for the function's network interfaces, in at least `minAvailabilityZones` zones; at most 16. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The function itself: any `aws.lambda.FunctionArgs` but `vpcConfig`. */
  readonly functionArgs: VpcFunctionFunctionArgs;
  /**
   * Security groups for the function (at most 5).
   * @default - a new group with no inbound rules and the outbound rules `egress` says ("Network")
   */
  readonly securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Outbound rules of the created security group: "Network" — all traffic to the VPC's block,
   * HTTPS to its gateway endpoints' prefix lists, HTTPS to anywhere only when the subnets route
   * 0.0.0.0/0 out other than to an internet gateway, e.g. to NAT (or when that is not known); "Https" — TCP 443 to anywhere; "All" — every
   * outbound connection.
   * @default "Network"
   */
  readonly egress?: FunctionEgress;
  /**
   * Same as `egress: "Https"`.
   * @deprecated Use `egress: "Https"`.
   * @default false
   */
  readonly restrictEgressToHttps?: boolean;
  /**
   * The policy of the created execution role: "Scoped" (ENI actions in the function's VPC only,
   * logs to its own log group) or "Managed" (AWSLambdaVPCAccessExecutionRole: ENI actions and
   * logs on every resource).
   * @default "Scoped"
   */
  readonly executionRolePolicy?: ExecutionRolePolicy;
  /**
   * The function's log group, which the component creates: how long it keeps logs and the KMS key
   * that encrypts them. Not with `functionArgs.loggingConfig.logGroup`, a group of your own.
   * @default - 90 days, CloudWatch Logs' own encryption
   */
  readonly logs?: FunctionLogsArgs;
  /**
   * The fewest zones the subnets may span.
   * @default 2
   */
  readonly minAvailabilityZones?: number;
  /**
   * Accept public subnets (a route to an internet gateway, or public IPs on launch). A function
   * there gets no public IP, so it gains nothing from the internet gateway.
   * @default false
   */
  readonly allowPublicSubnets?: boolean;
  /**
   * On destroy, first move the function's network interfaces to the VPC's default security group,
   * so its own group and subnets can be deleted without waiting 20–45 minutes for Lambda to
   * release them.
   * @default true
   */
  readonly replaceSecurityGroupsOnDestroy?: boolean;
  /**
   * The VPC's Hyperplane ENI quota: distinct (subnet, security-group set) combinations of the
   * functions this program declares in the VPC may not exceed it. Lower it to leave room for
   * functions deployed by other programs and for other services' ENIs (Amazon EFS's count too).
   * @default 500 (Lambda's default quota)
   */
  readonly hyperplaneEniQuota?: number;
  /**
   * Allow outbound IPv6 traffic from dual-stack subnets (Lambda's `Ipv6AllowedForDualStack`); the
   * created group's "Network" egress then covers the VPC's IPv6 block, and ::/0 where the subnets
   * route it. `true` on subnets known to be IPv4-only is refused.
   * @default - true when every subnet is known to be dual-stack: the `privateSubnetIds` of a
   * PrivateNetwork of this program with `ipv6: true`, or existing subnets (ids known now) that
   * each have an IPv6 block; else false, also for ids known only at deployment that no
   * PrivateNetwork of this program made (what they are is not known before then)
   */
  readonly ipv6AllowedForDualStack?: pulumi.Input<boolean>;
  /**
   * Set `AWS_USE_DUALSTACK_ENDPOINT=true` in the function's environment, so the AWS SDKs call
   * services at their dual-stack (IPv4 and IPv6) endpoints; a value of your own for the variable in
   * `functionArgs.environment.variables` wins. Needs the function to allow IPv6. It helps on
   * subnets whose IPv6 leaves through an egress-only gateway without NAT, for services with
   * dual-stack endpoints and no interface endpoint in the VPC (the SDK fails for a service or
   * Region without one). It hurts beside interface endpoints with private DNS, whose DNS answers
   * only the standard names: the calls bypass the endpoints (a warning says so).
   * @default false
   */
  readonly useDualStackEndpoints?: boolean;
  /**
   * Tags for the created security group and role, and the function (whose own
   * `functionArgs.tags` win).
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

/** What `validateVpcFunctionArgs` decides from the arguments alone. */
export interface VpcFunctionSettings {
  readonly minAvailabilityZones: number;
  readonly hyperplaneEniQuota: number;
  readonly egress: FunctionEgress;
  /** The log group to create; undefined when `functionArgs.loggingConfig.logGroup` names one. */
  readonly logs: LogGroupSettings | undefined;
}

/** The ids a function's placement is checked on. */
export interface PlacementIds {
  readonly vpcId: string;
  readonly subnetIds: string[];
  /** The given security groups; undefined when the component creates one. */
  readonly groupIds: string[] | undefined;
}

/**
 * A VpcFunction's arguments, resolved once before anything is registered: checked, defaults
 * applied, and the ids the placement checks read gathered into one value (plain when all are
 * known now, else one Output). The component reads nothing else of what it was given.
 */
export interface ResolvedVpcFunction extends VpcFunctionSettings {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The given security groups; undefined when the component creates one. */
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]> | undefined;
  /**
   * Plain when all are known now; else one Output of the VPC id, the subnet ids and the given
   * groups' ids (empty when the component creates its group), so the checks wait for one apply.
   */
  readonly placementIds:
    PlacementIds | pulumi.Output<[string, string[]] | [string, string[], string[]]>;
  /** `functionArgs` as given, but `role`, which is `givenRole`. */
  readonly functionArgs: Omit<VpcFunctionFunctionArgs, "role">;
  readonly givenRole: pulumi.Input<string> | undefined;
  /** The log group `functionArgs.loggingConfig` names, when it names one. */
  readonly ownLogGroup: pulumi.Input<string> | undefined;
  readonly executionRolePolicy: ExecutionRolePolicy;
  readonly allowPublicSubnets: boolean;
  readonly replaceSecurityGroupsOnDestroy: boolean;
  /** As given; undefined when not (the placement decides: see `ipv6AllowedForDualStack`). */
  readonly ipv6AllowedForDualStack: pulumi.Input<boolean> | undefined;
  readonly useDualStackEndpoints: boolean;
  readonly tags: Tags | undefined;
}

/**
 * Checks a VpcFunction's arguments and the names derived from its own name, and resolves them
 * (see ResolvedVpcFunction).
 */
export function resolveVpcFunctionArgs(
  component: string,
  given: VpcFunctionArgs,
): ResolvedVpcFunction {
  const settings = validateVpcFunctionArgs(given);
  validateVpcFunctionNames(component, given);
  const args = withoutNulls(given);
  // A PrivateNetwork of this program is known by its privateSubnetIds before their ids are.
  const network = networkOfSubnetList(args.subnetIds);
  if (network !== undefined) {
    const ipv6 = functionIpv6(plainValue(args.ipv6AllowedForDualStack), {
      network: { name: network.network, ipv6: network.ipv6 },
    });
    checkDualStackEndpoints(args.useDualStackEndpoints === true, ipv6);
  }
  const { role, ...functionArgs } = args.functionArgs;
  const vpcId = plainValue(args.vpcId);
  const subnetIds = plainArray(args.subnetIds);
  const ownGroups = args.securityGroupIds === undefined;
  const groupIds = ownGroups ? [] : plainArray(args.securityGroupIds);
  return {
    ...settings,
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    securityGroupIds: args.securityGroupIds,
    placementIds:
      vpcId !== undefined && subnetIds !== undefined && groupIds !== undefined
        ? { vpcId, subnetIds, groupIds: ownGroups ? undefined : groupIds }
        : ownGroups
          ? // Functions on the same network share one Output of its ids.
            vpcAndSubnetsOnce(args.vpcId, args.subnetIds)
          : pulumi.all([args.vpcId, args.subnetIds, args.securityGroupIds ?? []]),
    functionArgs,
    givenRole: role,
    ownLogGroup: ownLogGroup(args.functionArgs),
    executionRolePolicy: args.executionRolePolicy ?? "Scoped",
    allowPublicSubnets: args.allowPublicSubnets ?? false,
    replaceSecurityGroupsOnDestroy: args.replaceSecurityGroupsOnDestroy ?? true,
    ipv6AllowedForDualStack: args.ipv6AllowedForDualStack,
    useDualStackEndpoints: args.useDualStackEndpoints ?? false,
    tags: args.tags,
  };
}

/** A function name given in functionArgs: Lambda's characters, within its length. */
export function checkExplicitFunctionName(name: string): void {
  checkFunctionName("functionArgs.name", name);
  if (name.length > MAX_FUNCTION_NAME) {
    throw new ArgumentError(
      `functionArgs.name is ${name.length} characters; Lambda allows ${MAX_FUNCTION_NAME}: shorten it, or leave it out to have one generated.`,
    );
  }
}

/** The names AWS will see that derive from the component's own name. */
export function validateVpcFunctionNames(component: string, given: VpcFunctionArgs): void {
  const args = withoutNulls(given);
  if (args.functionArgs?.name === undefined || args.functionArgs.name === null) {
    checkFunctionAutoName(component);
  }
  if (args.securityGroupIds === undefined) {
    checkSecurityGroupAutoName(names.functionSecurityGroup(component));
  }
  const prefix = functionLogGroupPrefix(component);
  if (args.functionArgs !== undefined && ownLogGroup(args.functionArgs) === undefined) {
    if (!takesCharacters(NAME_RULES.logGroup, prefix)) {
      throw new ArgumentError(
        `the component's name gives its log group the name prefix ${JSON.stringify(prefix)}, with characters CloudWatch Logs refuses (it takes letters, digits and . - _ / #): rename the component, or name a log group of your own in functionArgs.loggingConfig.logGroup.`,
      );
    }
  }
}

/**
 * The name prefix of a function's log group, `/aws/lambda/<component>-`: the provider adds a
 * 26-character unique suffix (terraform-plugin-sdk id.PrefixedUniqueId), and the whole must fit
 * CloudWatch Logs' 512 characters, so a component name too long for that is cut, with a hash.
 */
export function functionLogGroupPrefix(component: string): string {
  const prefix = `/aws/lambda/${component}-`;
  const over = [...prefix].length + NAME_PREFIX_SUFFIX_LENGTH - NAME_RULES.logGroup.max;
  if (over <= 0) {
    return prefix;
  }
  const hash = shortHash(component, "");
  const kept = [...component].slice(0, [...component].length - over - hash.length - 1);
  return `/aws/lambda/${kept.join("")}-${hash}-`;
}

const SHAPES: ArgSpec<VpcFunctionArgs> = {
  vpcId: "stringInput",
  subnetIds: "stringsInput",
  functionArgs: "object",
  securityGroupIds: "stringsInput",
  egress: "string",
  restrictEgressToHttps: "boolean",
  executionRolePolicy: "string",
  logs: "object",
  minAvailabilityZones: "number",
  allowPublicSubnets: "boolean",
  replaceSecurityGroupsOnDestroy: "boolean",
  hyperplaneEniQuota: "number",
  ipv6AllowedForDualStack: "booleanInput",
  useDualStackEndpoints: "boolean",
  tags: "tags",
};

/** `functionArgs`: what the component sets is not given, and a given name and role fit AWS. */
function checkFunctionArgs(fnArgs: aws.lambda.FunctionArgs): void {
  if (fnArgs.vpcConfig !== undefined) {
    throw new ArgumentError(
      "functionArgs.vpcConfig is set by the component: pass subnetIds, securityGroupIds and ipv6AllowedForDualStack instead.",
    );
  }
  if (fnArgs.replaceSecurityGroupsOnDestroy !== undefined) {
    throw new ArgumentError(
      "functionArgs.replaceSecurityGroupsOnDestroy is set by the component: use its replaceSecurityGroupsOnDestroy argument instead.",
    );
  }
  const name = plainValue(fnArgs.name);
  if (name !== undefined) {
    checkExplicitFunctionName(name);
  }
  checkArnOf(ARN_FORMS.role, "functionArgs.role", plainValue(fnArgs.role));
}

/** The created group's egress; settings for a group that is not created are refused. */
function checkEgress(args: VpcFunctionArgs): FunctionEgress {
  validateFunctionEgress("egress", args.egress);
  // `false` asks for nothing, and is what a caller setting every argument explicitly passes.
  const https = args.restrictEgressToHttps === true;
  if (https && args.egress !== undefined) {
    throw new ArgumentError(
      'restrictEgressToHttps and egress both set the created group\'s outbound rules: keep egress (restrictEgressToHttps: true is egress: "Https").',
    );
  }
  const given = https ? "restrictEgressToHttps" : args.egress !== undefined ? "egress" : undefined;
  if (given !== undefined && args.securityGroupIds !== undefined) {
    throw new ArgumentError(
      `${given} applies to the security group the component creates, but securityGroupIds is given: set the egress rules on your own groups instead.`,
    );
  }
  return args.egress ?? (https ? "Https" : "Network");
}

/** The log group to create, and the role policy's settings; conflicts are refused. */
function checkLogs(args: VpcFunctionArgs): LogGroupSettings | undefined {
  validateExecutionRolePolicy("executionRolePolicy", args.executionRolePolicy);
  if (args.executionRolePolicy !== undefined && args.functionArgs.role !== undefined) {
    throw new ArgumentError(
      "executionRolePolicy applies to the role the component creates, but functionArgs.role is given: grant your role what it needs, or drop functionArgs.role.",
    );
  }
  const logs = withoutNulls(args.logs ?? {});
  checkNestedArgShapes("logs", LOGS_SHAPES, logs);
  const own = ownLogGroup(args.functionArgs);
  if (own !== undefined) {
    // The role's policy names the group by ARN, so a name AWS would refuse fails here.
    checkLogGroupName("functionArgs.loggingConfig.logGroup", own);
    if (args.logs !== undefined) {
      throw new ArgumentError(
        "logs sets up the log group the component creates, but functionArgs.loggingConfig.logGroup names a group of your own: set retention and encryption on that group, or drop the logGroup.",
      );
    }
    return undefined;
  }
  return checkLogGroupSettings((field) => `logs.${field}`, logs);
}

const LOGS_SHAPES: ArgSpec<FunctionLogsArgs> = {
  retentionInDays: "number",
  kmsKeyId: "stringInput",
};

/** The log group `functionArgs.loggingConfig` names, when it is a plain object naming one. */
export function ownLogGroup(fnArgs: VpcFunctionFunctionArgs): pulumi.Input<string> | undefined {
  const config = plainValue(fnArgs.loggingConfig);
  return (config?.logGroup ?? undefined) as pulumi.Input<string> | undefined;
}

/** Checks the arguments alone, before anything is registered. */
export function validateVpcFunctionArgs(given: VpcFunctionArgs): VpcFunctionSettings {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  if (args.vpcId === undefined) {
    throw new ArgumentError("vpcId is required: pass the id of the VPC the function runs in.");
  }
  if (args.subnetIds === undefined) {
    throw new ArgumentError(
      "subnetIds is required: pass the private subnets the function runs in.",
    );
  }
  const fnArgs = args.functionArgs as aws.lambda.FunctionArgs | undefined;
  if (fnArgs === undefined) {
    throw new ArgumentError(
      "functionArgs is required: pass the function's code, handler, runtime and so on, as for aws.lambda.Function.",
    );
  }
  checkFunctionArgs(fnArgs);
  const subnetIds = plainArray(args.subnetIds);
  const securityGroupIds = plainArray(args.securityGroupIds);
  checkVpcConfigLists(subnetIds, securityGroupIds);
  const egress = checkEgress(args);
  const logs = checkLogs(args);
  const minAvailabilityZones = positiveInteger(
    "minAvailabilityZones",
    args.minAvailabilityZones,
    2,
  );
  if (subnetIds !== undefined && subnetIds.length < minAvailabilityZones) {
    throw new ArgumentError(
      `subnetIds has ${subnetIds.length} subnet${subnetIds.length === 1 ? "" : "s"}, too few to span minAvailabilityZones (${minAvailabilityZones}) zones: add subnets in other zones, or lower minAvailabilityZones.`,
    );
  }
  validateTags(args.tags);
  if (plainValue(args.ipv6AllowedForDualStack) === false) {
    checkDualStackEndpoints(args.useDualStackEndpoints === true, false);
  }
  return {
    egress,
    logs,
    minAvailabilityZones,
    hyperplaneEniQuota: positiveInteger(
      "hyperplaneEniQuota",
      args.hyperplaneEniQuota,
      DEFAULT_HYPERPLANE_ENI_QUOTA,
    ),
  };
}
