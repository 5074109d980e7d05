import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  checkArgs,
  checkedArn,
  defineOutputs,
  failureOf,
  initializing,
  stackScope,
} from "./component";
import { ARN_FORMS } from "./lib/arns";
import { withoutNulls } from "./lib/args";
import { knownPublicSubnets, warnTogether } from "./programState";
import { eniCombinations, HyperplaneEniLedger } from "./lib/eni";
import { rethrowArgumentErrors } from "./lib/errors";
import { TAG_RULES } from "./lib/limits";
import { names, physicalName, securityGroupText } from "./lib/naming";
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
import { childTags, overlayTags } from "./tags";
import { EgressFacts, FunctionEgress } from "./lib/egress";
import { logGroupArn, vpcAccessPolicy } from "./lib/executionRole";
import { checkLogGroupName, LogGroupSettings } from "./lib/logGroups";
import {
  createExecutionRole,
  createFunctionLogGroup,
  egressFactsOf,
  egressRulesOf,
  ExecutionRole,
  VPC_ACCESS_POLICY,
} from "./functionAccess";

import {
  checkExplicitFunctionName,
  ownLogGroup,
  validateVpcFunctionArgs,
  validateVpcFunctionNames,
  ValidatedArgs,
  VpcFunctionArgs,
  VpcFunctionFunctionArgs,
} from "./vpcFunctionArgs";

export { VPC_ACCESS_POLICY };
export {
  FunctionLogsArgs,
  validateVpcFunctionArgs,
  validateVpcFunctionNames,
  VpcFunctionArgs,
  VpcFunctionFunctionArgs,
} from "./vpcFunctionArgs";

const CLASS = "VpcFunction";

/** Combinations of every VpcFunction in this program, per VPC. */
export const hyperplaneEniLedger = new HyperplaneEniLedger();

/** What `initialize` made, which the outputs are derived from. */
interface VpcFunctionState {
  readonly function: aws.lambda.Function;
  readonly roleName: pulumi.Input<string>;
  readonly securityGroup: aws.ec2.SecurityGroup | undefined;
  readonly placement: pulumi.Input<{ availabilityZones: string[]; hyperplaneEniCount: number }>;
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
    // ARNs the user gave are checked against the provider's partition, and once known when they
    // are known only at deployment (the resources that take them wait for the check).
    const partition = await partitionOf(this, fail);
    const givenRole =
      args.functionArgs.role === undefined
        ? undefined
        : checkedArn(ARN_FORMS.role, "functionArgs.role", args.functionArgs.role, partition, fail);
    const logs = checked.logs === undefined ? undefined : withKey(checked.logs, partition, fail);
    const logGroup =
      logs === undefined ? undefined : createFunctionLogGroup(this, name, logs, args.tags);
    const role =
      givenRole === undefined ? await this.createRole(name, args, fail, logGroup) : undefined;
    const enisNeed = role ? [role.access] : [];
    const securityGroup =
      args.securityGroupIds !== undefined
        ? undefined
        : await this.securityGroup(name, args, checked.egress, fail, enisNeed);
    const fn = this.lambdaFunction(name, args, fail, {
      roleArn: role?.role.arn ?? (givenRole as pulumi.Input<string>),
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
        mapInput(givenRole as pulumi.Input<string>, (arn) => arn.split("/").pop() as string),
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
    // A fleet on the same subnets hears each warning once, naming every function.
    await Promise.all(
      [...placement.warnings, ...groupWarnings].map((w) =>
        warnTogether(`${CLASS} "${name}"`, w, this),
      ),
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
    const text = securityGroupText(
      groupName,
      `Lambda function ${name}: no inbound traffic`,
      stackScope(),
    );
    return new aws.ec2.SecurityGroup(
      groupName,
      {
        vpcId: args.vpcId,
        ...text,
        ingress: [],
        egress: egressRulesOf(facts ?? NO_EGRESS_FACTS, egress, ipv6),
        tags: childTags(args.tags, groupName),
      },
      // Not delete-first for a fixed name: names are unique per VPC, and what replaces the group
      // (another VPC, another name) frees it; deleting first would fail while the group is used.
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
        tags: overlayTags(childTags(args.tags, name, TAG_RULES.lambda), args.functionArgs.tags),
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
    const access =
      args.executionRolePolicy === "Managed"
        ? { managedPolicyArn: `arn:${partition}:iam::aws:policy/${VPC_ACCESS_POLICY}` }
        : // The document in one step from the two values it waits for (VPC and log group).
          {
            document: mapInputs([args.vpcId, groupArn], ([vpcId, arn]) =>
              vpcAccessPolicy({ partition, region, account, vpcId, logGroupArn: arn }),
            ),
          };
    return createExecutionRole(this, componentName, access, args.tags, stackScope());
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

/** The log group's settings with its KMS key (if any) checked against the partition. */
function withKey(
  settings: LogGroupSettings,
  partition: string,
  fail: (message: string) => Error,
): LogGroupSettings {
  const key = settings.kmsKeyId;
  return key === undefined
    ? settings
    : {
        ...settings,
        kmsKeyId: checkedArn(ARN_FORMS.kmsKey, "logs.kmsKeyId", key, partition, fail),
      };
}

/** A config naming the user's own group: a name known only at deployment checked once known. */
function checkedOwnGroup(
  given: VpcFunctionFunctionArgs["loggingConfig"],
  fail: (message: string) => Error,
): VpcFunctionFunctionArgs["loggingConfig"] {
  const own = ownLogGroup({ loggingConfig: given });
  if (own === undefined || isKnownNow(own)) {
    return given;
  }
  const check = (name: string) =>
    rethrowArgumentErrors(fail, () => {
      checkLogGroupName("functionArgs.loggingConfig.logGroup", name);
      return name;
    });
  return {
    ...(given as aws.types.input.lambda.FunctionLoggingConfig),
    logGroup: mapInput(own, check),
  };
}

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
    return checkedOwnGroup(given, fail);
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
