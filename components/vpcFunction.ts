import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { checkArgs, defineOutputs, failureOf, initializing } from "./component";
import { ArgSpec, checkArgShapes, describeValue, withoutNulls } from "./lib/args";
import { knownPublicSubnets } from "./programState";
import { DEFAULT_HYPERPLANE_ENI_QUOTA, eniCombinations, HyperplaneEniLedger } from "./lib/eni";
import { ArgumentError, positiveInteger, rethrowArgumentErrors } from "./lib/errors";
import {
  checkFunctionAutoName,
  checkFunctionName,
  checkSecurityGroupAutoName,
  names,
  physicalName,
} from "./lib/naming";
import { MAX_FUNCTION_NAME } from "./lib/preflight";
import { applyInputs, isKnownNow, mapInput, mapInputs, plainArray, plainValue } from "./lib/plain";
import {
  checkFunctionPlacement,
  checkFunctionSecurityGroups,
  checkVpcConfigLists,
} from "./lib/subnets";
import {
  accountIdOf,
  lookedUp,
  lookUpSecurityGroup,
  lookUpSubnet,
  lookUpSubnetWithRoutes,
  partitionOf,
  regionOf,
} from "./lookups";
import { childTags, overlayTags, Tags, validateTags } from "./tags";
import { checkNestedArgShapes } from "./lib/args";
import { EgressFacts, FunctionEgress, validateFunctionEgress } from "./lib/egress";
import {
  ExecutionRolePolicy,
  logGroupArn,
  validateExecutionRolePolicy,
  vpcAccessPolicy,
} from "./lib/executionRole";
import { checkLogGroupSettings, LogGroupSettings } from "./lib/logGroups";
import {
  createExecutionRole,
  createFunctionLogGroup,
  egressFactsOf,
  egressRulesOf,
  ExecutionRole,
  VPC_ACCESS_POLICY,
} from "./functionAccess";

export { VPC_ACCESS_POLICY };

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
   * @default - a new group with no inbound rules and all outbound traffic allowed
   */
  readonly securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Outbound rules of the created security group: "Network" — all traffic to the VPC's block,
   * HTTPS to its gateway endpoints' prefix lists, HTTPS to anywhere only when the subnets route
   * to a NAT gateway (or when that is not known); "Https" — TCP 443 to anywhere; "All" — every
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
   * functions deployed by other programs.
   * @default 250
   */
  readonly hyperplaneEniQuota?: number;
  /**
   * Allow outbound IPv6 traffic from dual-stack subnets.
   * @default false
   */
  readonly ipv6AllowedForDualStack?: pulumi.Input<boolean>;
  /**
   * Tags for the created security group and role, and the function (whose own
   * `functionArgs.tags` win).
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

const CLASS = "VpcFunction";

/** The project and stack a fixed physical name is unique to. */
const stackScope = () => `${pulumi.getProject()}/${pulumi.getStack()}`;

/** Combinations of every VpcFunction in this program, per VPC. */
export const hyperplaneEniLedger = new HyperplaneEniLedger();

/** What `initialize` made, which the outputs are derived from. */
interface VpcFunctionState {
  readonly function: aws.lambda.Function;
  readonly roleName: pulumi.Input<string>;
  readonly securityGroup: aws.ec2.SecurityGroup | undefined;
  readonly placement: pulumi.Input<{ availabilityZones: string[]; hyperplaneEniCount: number }>;
}

interface ValidatedArgs {
  readonly minAvailabilityZones: number;
  readonly hyperplaneEniQuota: number;
  readonly egress: FunctionEgress;
  /** The log group to create; undefined when `functionArgs.loggingConfig.logGroup` names one. */
  readonly logs: LogGroupSettings | undefined;
}

/** The arguments each function's constructor checked, for its `initialize`. */
const checkedArgs = new WeakMap<object, ValidatedArgs>();

/** Where the function runs, as the placement checks passed it. */
interface Placement {
  readonly subnetIds: string[];
  readonly availabilityZones: string[];
  readonly hyperplaneEniCount: number;
}

/** What the placement checks of one function need. */
interface PlacementContext {
  readonly args: VpcFunctionArgs;
  readonly name: string;
  readonly checked: ValidatedArgs;
  readonly fail: (message: string) => Error;
}

/** An IAM role ARN in any partition: arn:<partition>:iam::<account>:role/<path/><name>. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** A function name given in functionArgs: Lambda's characters, within its length. */
function checkExplicitFunctionName(name: string): void {
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
  const role = plainValue(fnArgs.role);
  if (role !== undefined && (typeof role !== "string" || !ROLE_ARN.test(role))) {
    throw new ArgumentError(
      `functionArgs.role must be the execution role's ARN, like arn:aws:iam::123456789012:role/my-role (got ${describeValue(role)}): pass role.arn, not its name.`,
    );
  }
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
  if (ownLogGroup(args.functionArgs) !== undefined) {
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
function ownLogGroup(fnArgs: VpcFunctionFunctionArgs): pulumi.Input<string> | undefined {
  const config = plainValue(fnArgs.loggingConfig);
  return (config?.logGroup ?? undefined) as pulumi.Input<string> | undefined;
}

/** Checks the arguments alone, before anything is registered. */
export function validateVpcFunctionArgs(given: VpcFunctionArgs): ValidatedArgs {
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

/**
 * Pattern 1: a Lambda function in your VPC's private subnets. It checks the placement (zones,
 * public subnets, routes), creates a security group and an execution role unless given, makes
 * the function wait for the role's VPC permissions, and speeds up destroy.
 */
export class VpcFunction extends pulumi.ComponentResource<VpcFunctionState> {
  /** The function resource. */
  declare public readonly function: pulumi.Output<aws.lambda.Function>;
  declare public readonly functionArn: pulumi.Output<string>;
  declare public readonly functionName: pulumi.Output<string>;
  /** The execution role's ARN: the created role, or `functionArgs.role`. */
  declare public readonly roleArn: pulumi.Output<string>;
  /** The execution role's name, to attach the policies your code needs (S3, SQS, ...). */
  declare public readonly roleName: pulumi.Output<string>;
  /** The created security group; undefined when `securityGroupIds` was given. */
  declare public readonly securityGroupId: pulumi.Output<string | undefined>;
  /** The zones the function's subnets span. */
  declare public readonly availabilityZones: pulumi.Output<string[]>;
  /**
   * Hyperplane ENI combinations (distinct subnet and security-group sets) this function adds to
   * its VPC, beyond those of functions declared before it in this program.
   */
  declare public readonly hyperplaneEniCount: pulumi.Output<number>;

  constructor(name: string, args: VpcFunctionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const checked = checkArgs(CLASS, name, validateVpcFunctionArgs, args);
    checkArgs(CLASS, name, (a) => validateVpcFunctionNames(name, a), args);
    const given = withoutNulls(args);
    // `initialize` gets the arguments as given to super; it finds them checked here.
    checkedArgs.set(given, checked);
    super(`lambda-networking:index:${CLASS}`, name, given, opts);
    defineOutputs(this as VpcFunction, this.getData(), {
      function: (s) => s.function,
      functionArn: (s) => s.function.arn,
      functionName: (s) => s.function.name,
      roleArn: (s) => s.function.role,
      roleName: (s) => s.roleName,
      securityGroupId: (s) => s.securityGroup?.id,
      availabilityZones: (s) => mapInput(s.placement, (p) => p.availabilityZones),
      hyperplaneEniCount: (s) => mapInput(s.placement, (p) => p.hyperplaneEniCount),
    });
  }

  protected async initialize(
    args: VpcFunctionArgs,
    _opts?: pulumi.ComponentResourceOptions,
    name?: string,
  ): Promise<VpcFunctionState> {
    return initializing(CLASS, name as string, this, () => this.build(args, name as string));
  }

  private async build(args: VpcFunctionArgs, name: string): Promise<VpcFunctionState> {
    const checked = checkedArgs.get(args) as ValidatedArgs;
    const fail = failureOf(CLASS, name, this);
    const placement = await this.placement(args, name, checked, fail);
    // Lambda deletes the function's Hyperplane ENIs after the function, with the execution role's
    // ENI permissions ("Lambda uses the IAM role associated with the VPC function to delete ENIs.
    // If the IAM role is deleted before Lambda can delete the ENI, ENI deletion by Lambda will
    // not be possible": awslabs/aws-support-tools#174; serverless#2830). Pulumi deletes in
    // reverse dependency order, so everything the ENIs hold up depends on the permission: the
    // function and its security group are deleted before the role's VPC access, never after.
    const logGroup =
      checked.logs === undefined
        ? undefined
        : createFunctionLogGroup(this, name, checked.logs, args.tags);
    const role =
      args.functionArgs.role === undefined
        ? await this.createRole(name, args, fail, logGroup)
        : undefined;
    const enisNeed = role ? [role.access] : [];
    const securityGroup =
      args.securityGroupIds !== undefined
        ? undefined
        : await this.securityGroup(name, args, checked.egress, fail, enisNeed);
    const fn = this.lambdaFunction(name, args, fail, {
      roleArn: role?.role.arn ?? (args.functionArgs.role as pulumi.Input<string>),
      securityGroupIds: securityGroup ? [securityGroup.id] : (args.securityGroupIds ?? []),
      subnetIds: mapInput(placement, (p) => p.subnetIds),
      logGroup,
      enisNeed,
    });
    return {
      function: fn,
      roleName:
        role?.role.name ??
        // A role ARN ends in role/<path>/<name>.
        mapInput(
          args.functionArgs.role as pulumi.Input<string>,
          (arn) => arn.split("/").pop() as string,
        ),
      securityGroup,
      placement,
    };
  }

  /**
   * The placement checks. Known ids are checked now, before anything is registered. Ids known
   * only at deployment (subnets created in the same program) are checked as soon as they are
   * known, but not their routing: their route tables and routes may not exist yet then.
   */
  private async placement(
    args: VpcFunctionArgs,
    name: string,
    checked: ValidatedArgs,
    fail: (message: string) => Error,
  ): Promise<pulumi.Input<Placement>> {
    const vpcId = plainValue(args.vpcId);
    const subnetIds = plainArray(args.subnetIds);
    const givenGroups = args.securityGroupIds;
    const groupIds = givenGroups === undefined ? undefined : plainArray(givenGroups);
    const place = (v: string, s: string[], g: string[] | undefined, withRoutes: boolean) =>
      this.place(
        { args, name, checked, fail },
        { vpcId: v, subnetIds: s, groupIds: g },
        withRoutes,
      );
    const allKnown =
      vpcId !== undefined &&
      subnetIds !== undefined &&
      (givenGroups === undefined || groupIds !== undefined);
    return allKnown
      ? place(vpcId, subnetIds, groupIds, true)
      : applyInputs([args.vpcId, args.subnetIds, givenGroups], ([v, s, g]) =>
          place(v, s, g, false),
        );
  }

  /**
   * Checks one set of ids: the subnets' and given security groups' VPC, zones and routing (when
   * `withRoutes`), and the Hyperplane ENI quota. Given security groups are looked up like the
   * subnets: their VPC always, their rules only when known now (rules of groups made in the same
   * program may be separate resources that do not exist yet when the ids become known).
   */
  private async place(
    { args, name, checked, fail }: PlacementContext,
    { vpcId, subnetIds, groupIds }: { vpcId: string; subnetIds: string[]; groupIds?: string[] },
    withRoutes: boolean,
  ): Promise<Placement> {
    const guard = <T>(check: () => T) => rethrowArgumentErrors(fail, check);
    guard(() => checkVpcConfigLists(subnetIds, groupIds));
    // Subnets made in this program are not routed yet when their ids are known, so a look-up
    // cannot tell a public one; the network that made it can.
    const ownPublic = knownPublicSubnets(subnetIds);
    if (ownPublic.length > 0 && !(args.allowPublicSubnets ?? false)) {
      throw fail(
        `subnetIds includes public subnets (${ownPublic.map(([id, network]) => `${id} of ${network}`).join(", ")}): a function there gets no public IP and so no internet. Pass the network's privateSubnetIds, or set allowPublicSubnets: true.`,
      );
    }
    const [facts, groups] = await Promise.all([
      Promise.all(subnetIds.map((id) => this.lookUp(id, withRoutes, fail))),
      Promise.all(
        (groupIds ?? []).map((id) =>
          lookedUp(fail, "securityGroupIds", id, () => lookUpSecurityGroup(id, this, withRoutes)),
        ),
      ),
    ]);
    const groupWarnings = guard(() => checkFunctionSecurityGroups(groups, vpcId));
    const placement = guard(() =>
      checkFunctionPlacement(facts, {
        vpcId,
        minAvailabilityZones: checked.minAvailabilityZones,
        allowPublicSubnets: args.allowPublicSubnets ?? false,
      }),
    );
    // The created group is new, so its combinations are too: a unique stand-in id counts them.
    const network = { subnetIds, securityGroupIds: groupIds ?? [`(new security group ${name})`] };
    guard(() => hyperplaneEniLedger.add(vpcId, network, checked.hyperplaneEniQuota));
    [...placement.warnings, ...groupWarnings].forEach(
      (w) => void pulumi.log.warn(`${CLASS} "${name}": ${w}`, this),
    );
    // The function's own combinations, whatever was declared before it.
    return { ...placement, subnetIds, hyperplaneEniCount: eniCombinations(network).length };
  }

  /**
   * The function's own security group: no ingress; egress as `egress` says (see egressRules),
   * drawn for "Network" from what the subnets reach.
   */
  private async securityGroup(
    name: string,
    args: VpcFunctionArgs,
    egress: FunctionEgress,
    fail: (message: string) => Error,
    dependsOn: pulumi.Resource[],
  ) {
    const groupName = names.functionSecurityGroup(name);
    const facts: pulumi.Input<EgressFacts> | undefined =
      egress === "Network"
        ? await egressFactsOf(this, args.vpcId, args.subnetIds, fail)
        : undefined;
    const ipv6 = args.ipv6AllowedForDualStack ?? false;
    return new aws.ec2.SecurityGroup(
      groupName,
      {
        vpcId: args.vpcId,
        description: `Lambda function ${name}: no inbound traffic`,
        ingress: [],
        egress: egressRulesOf(facts ?? NO_EGRESS_FACTS, egress, ipv6),
        tags: childTags(args.tags, groupName),
      },
      { parent: this, dependsOn },
    );
  }

  /** The function, in the subnets the placement checks passed: a bad placement never reaches AWS. */
  private lambdaFunction(
    name: string,
    args: VpcFunctionArgs,
    fail: (message: string) => Error,
    network: {
      roleArn: pulumi.Input<string>;
      securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
      subnetIds: pulumi.Input<string[]>;
      /** The log group the component made; undefined when the function names its own. */
      logGroup: aws.cloudwatch.LogGroup | undefined;
      enisNeed: pulumi.Resource[];
    },
  ): aws.lambda.Function {
    // A name too long for Lambda's 64 characters once auto-named gets a fixed, hashed name;
    // a fixed name must be deleted before its replacement is created.
    const given = args.functionArgs.name;
    const generatedName =
      given === undefined ? physicalName(name, MAX_FUNCTION_NAME, stackScope()) : undefined;
    return new aws.lambda.Function(
      name,
      {
        ...args.functionArgs,
        // A name known only at deployment is checked then, before the function is registered.
        name:
          given === undefined
            ? generatedName
            : mapInput(given, (n) =>
                rethrowArgumentErrors(fail, () => (checkExplicitFunctionName(n as string), n)),
              ),
        role: network.roleArn,
        vpcConfig: {
          subnetIds: network.subnetIds,
          securityGroupIds: network.securityGroupIds,
          ipv6AllowedForDualStack: args.ipv6AllowedForDualStack ?? false,
        },
        replaceSecurityGroupsOnDestroy: args.replaceSecurityGroupsOnDestroy ?? true,
        loggingConfig: loggingTo(args.functionArgs.loggingConfig, network.logGroup, fail),
        tags: overlayTags(childTags(args.tags, name), args.functionArgs.tags),
      },
      // Lambda creates the ENIs with the role's permissions as the function is created, and
      // needs them again to delete the ENIs: the attachment must outlive the function.
      {
        parent: this,
        dependsOn: network.enisNeed,
        deleteBeforeReplace: generatedName !== undefined || undefined,
      },
    );
  }

  private lookUp(id: string, withRoutes: boolean, fail: (message: string) => Error) {
    return lookedUp(fail, "subnetIds", id, () =>
      withRoutes ? lookUpSubnetWithRoutes(id, this) : lookUpSubnet(id, this),
    );
  }

  /**
   * The execution role, its policy scoped to what the function uses: its VPC (looked up with the
   * account and Region) and its log group, the one made here or the one it names.
   */
  private async createRole(
    componentName: string,
    args: VpcFunctionArgs,
    fail: (message: string) => Error,
    logGroup: aws.cloudwatch.LogGroup | undefined,
  ): Promise<ExecutionRole> {
    const [partition, region, account] = await Promise.all([
      partitionOf(this, fail),
      regionOf(this, fail),
      accountIdOf(this, fail),
    ]);
    const groupArn =
      logGroup?.arn ??
      mapInput(ownLogGroup(args.functionArgs) as pulumi.Input<string>, (group) =>
        logGroupArn({ partition, region, account }, group),
      );
    const policy = args.executionRolePolicy ?? "Scoped";
    // The document in one step from the two values it waits for (the VPC and the log group).
    const scopedPolicy =
      policy === "Managed"
        ? ""
        : mapInputs([args.vpcId, groupArn], ([vpcId, arn]) =>
            vpcAccessPolicy({ partition, region, account, vpcId, logGroupArn: arn }),
          );
    return createExecutionRole(
      this,
      componentName,
      policy,
      { partition, scopedPolicy },
      args.tags,
      stackScope(),
    );
  }
}

/** "Https" and "All" need no facts about the network. */
const NO_EGRESS_FACTS: EgressFacts = {
  vpcCidrBlocks: [],
  vpcIpv6CidrBlocks: [],
  prefixListIds: [],
  internet: undefined,
  ipv6Internet: undefined,
};

/**
 * The function's logging config, sending its logs to the group the component made (Lambda's
 * advanced logging controls: `loggingConfig.logGroup`); the user's other settings kept.
 * `logFormat` is required in the config; Lambda's default is Text.
 */
function loggingTo(
  given: VpcFunctionFunctionArgs["loggingConfig"],
  logGroup: aws.cloudwatch.LogGroup | undefined,
  fail: (message: string) => Error,
): VpcFunctionFunctionArgs["loggingConfig"] {
  if (logGroup === undefined) {
    return given;
  }
  const withGroup = (config: aws.types.input.lambda.FunctionLoggingConfig | undefined) => ({
    ...config,
    logFormat: config?.logFormat ?? "Text",
  });
  // A config known now keeps the group's name as an Output inside; one known only at deployment
  // is joined with it.
  return isKnownNow(given)
    ? {
        ...withGroup(given as aws.types.input.lambda.FunctionLoggingConfig | undefined),
        logGroup: logGroup.name,
      }
    : pulumi.all([given, logGroup.name]).apply(([config, name]) => {
        // Known now, a group of the user's own would have kept the component from making one.
        if (config?.logGroup) {
          throw fail(
            "functionArgs.loggingConfig.logGroup names a log group, but the config was not known when the component made one for the function: give loggingConfig as a plain object, so the component uses your group.",
          );
        }
        return { ...withGroup(config), logGroup: name };
      });
}
