import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  checkArgs,
  checkedArn,
  initializing,
  noInputs,
  defineOutputs,
  failureOf,
  stackScope,
} from "./component";
import { ARN_FORMS } from "./lib/arns";
import { hyperplaneEniLedger, knownPublicSubnets, nameOfId, warnTogether } from "./programState";
import { dualStackOf, functionEnvironment, ipv6Of } from "./functionDualStack";
import { eniCombinations } from "./lib/eni";
import { rethrowArgumentErrors } from "./lib/errors";
import { MAX_FUNCTION_NAME, TAG_RULES } from "../policy/rules/limits";
import { names, physicalName, securityGroupText } from "./lib/naming";
import { isKnownNow, mapInput, mapInputs } from "./lib/plain";
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
import { EgressFacts } from "./lib/egress";
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
  PlacementIds,
  resolveVpcFunctionArgs,
  ResolvedVpcFunction,
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

/** What `build` made, which the outputs are derived from. */
interface VpcFunctionState {
  readonly function: aws.lambda.Function;
  readonly roleArn: pulumi.Input<string>;
  readonly roleName: pulumi.Input<string>;
  readonly securityGroup: aws.ec2.SecurityGroup | undefined;
  /** The subnets the placement checks passed (an Output when the ids were not known). */
  readonly subnetIds: pulumi.Input<string[]>;
  /** What the checks found; read once `subnetIds` is known (they set it on the way). */
  readonly placed: () => Placement;
}

/** Where the function runs, as the placement checks passed it. */
export interface Placement {
  readonly subnetIds: string[];
  readonly availabilityZones: string[];
  readonly hyperplaneEniCount: number;
  /** Its `ipv6AllowedForDualStack` as the subnets decide it (see functionIpv6). */
  readonly ipv6: boolean;
}

/** What one function's build needs besides its resolved arguments. */
interface Building {
  readonly name: string;
  readonly r: ResolvedVpcFunction;
  readonly fail: (message: string) => Error;
}

/**
 * Pattern 1: a Lambda function in your VPC's private subnets. It checks the placement (zones,
 * public subnets, routes), creates a security group and an execution role unless given, makes
 * the function wait for the role's VPC permissions, and speeds up destroy.
 */
export class VpcFunction extends pulumi.ComponentResource {
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
    const resolved = checkArgs(CLASS, name, (a) => resolveVpcFunctionArgs(name, a), args);
    super(`lambda-networking:index:${CLASS}`, name, noInputs(), opts);
    const built = initializing(CLASS, name, this, () => this.build(name, resolved));
    defineOutputs(this as VpcFunction, built, {
      function: (s) => s.function,
      functionArn: (s) => s.function.arn,
      functionName: (s) => s.function.name,
      // The role's own ARN, not the function's `role`: what reads it then depends on the role
      // alone, and never holds up the function's deletion (which starts Lambda's ENI release).
      roleArn: (s) => s.roleArn,
      roleName: (s) => s.roleName,
      securityGroupId: (s) => s.securityGroup?.id,
      availabilityZones: (s) => mapInput(s.subnetIds, () => s.placed().availabilityZones),
      hyperplaneEniCount: (s) => mapInput(s.subnetIds, () => s.placed().hyperplaneEniCount),
    });
  }

  private async build(name: string, r: ResolvedVpcFunction): Promise<VpcFunctionState> {
    const b: Building = { name, r, fail: failureOf(CLASS, name, this) };
    const { subnetIds, placed } = await this.placement(b);
    const ipv6 = ipv6Of(r, subnetIds, placed);
    // Lambda deletes the function's Hyperplane ENIs after the function, with the execution role's
    // ENI permissions ("Lambda uses the IAM role associated with the VPC function to delete ENIs.
    // If the IAM role is deleted before Lambda can delete the ENI, ENI deletion by Lambda will
    // not be possible": awslabs/aws-support-tools#174; serverless#2830). Pulumi deletes in
    // reverse dependency order, so everything the ENIs hold up depends on the permission: the
    // function and its security group are deleted before the role's VPC access, never after.
    // ARNs the user gave are checked against the provider's partition, and once known when they
    // are known only at deployment (the resources that take them wait for the check).
    const partition = await partitionOf(this, b.fail);
    const givenRole =
      r.givenRole === undefined
        ? undefined
        : checkedArn(ARN_FORMS.role, "functionArgs.role", r.givenRole, partition, b.fail);
    const logs = r.logs === undefined ? undefined : withKey(r.logs, partition, b.fail);
    const logGroup =
      logs === undefined ? undefined : createFunctionLogGroup(this, name, logs, r.tags);
    const role =
      givenRole === undefined ? await this.createRole(b, logGroup, partition) : undefined;
    const enisNeed = role ? [role.access] : [];
    const securityGroup =
      r.securityGroupIds !== undefined ? undefined : await this.securityGroup(b, enisNeed, ipv6);
    const roleArn = role?.role.arn ?? (givenRole as pulumi.Input<string>);
    const fn = this.lambdaFunction(b, {
      roleArn,
      securityGroupIds: securityGroup ? [securityGroup.id] : (r.securityGroupIds ?? []),
      subnetIds,
      logGroup,
      enisNeed,
      ipv6,
    });
    return {
      function: fn,
      roleArn,
      roleName:
        role?.role.name ??
        // A role ARN ends in role/<path>/<name>.
        mapInput(givenRole as pulumi.Input<string>, (arn) => arn.split("/").pop() as string),
      securityGroup,
      subnetIds,
      placed,
    };
  }

  /**
   * The placement checks. Known ids are checked now, before anything is registered. Ids known
   * only at deployment (subnets created in the same program) are checked as soon as they are
   * known, but not their routing: their route tables and routes may not exist yet then.
   */
  private async placement(
    b: Building,
  ): Promise<{ subnetIds: pulumi.Input<string[]>; placed: () => Placement }> {
    const ids = b.r.placementIds;
    if (!pulumi.Output.isInstance(ids)) {
      const placement = await this.place(b, ids, true);
      return { subnetIds: placement.subnetIds, placed: () => placement };
    }
    // One apply gives the function its subnets; what else the checks found is kept beside it
    // for the outputs that read it, which apply on the subnets only if they are read.
    let placement: Placement | undefined;
    const ownGroup = b.r.securityGroupIds === undefined;
    const subnetIds = ids.apply(async ([vpcId, subnets, groupIds]) => {
      const ownIds = {
        vpcId,
        subnetIds: subnets,
        groupIds: ownGroup ? undefined : (groupIds ?? []),
      };
      placement = await this.place(b, ownIds, false);
      return placement.subnetIds;
    });
    return { subnetIds, placed: () => placement as Placement };
  }

  /**
   * Checks one set of ids: the subnets' and given security groups' VPC, zones and routing (when
   * `withRoutes`), and the Hyperplane ENI quota. Given security groups are looked up like the
   * subnets: their VPC always, their rules only when known now (rules of groups made in the same
   * program may be separate resources that do not exist yet when the ids become known).
   */
  private async place(
    { name, r, fail }: Building,
    { vpcId, subnetIds, groupIds }: PlacementIds,
    withRoutes: boolean,
  ): Promise<Placement> {
    const guard = <T>(check: () => T) => rethrowArgumentErrors(fail, check);
    guard(() => checkVpcConfigLists(subnetIds, groupIds));
    // Subnets made in this program are not routed yet when their ids are known, so a look-up
    // cannot tell a public one; the network that made it can.
    const ownPublic = knownPublicSubnets(subnetIds);
    if (ownPublic.length > 0 && !r.allowPublicSubnets) {
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
        minAvailabilityZones: r.minAvailabilityZones,
        allowPublicSubnets: r.allowPublicSubnets,
        nameOf: nameOfId,
      }),
    );
    // The created group is new, so its combinations are too: a unique stand-in id counts them.
    const network = { subnetIds, securityGroupIds: groupIds ?? [`(new security group ${name})`] };
    guard(() => hyperplaneEniLedger().add(vpcId, network, r.hyperplaneEniQuota));
    const { ipv6, warnings } = guard(() => dualStackOf(r, vpcId, subnetIds, withRoutes && facts));
    // A fleet on the same subnets hears each warning once, naming every function.
    await Promise.all(
      [...placement.warnings, ...groupWarnings, ...warnings].map((w) =>
        warnTogether(`${CLASS} "${name}"`, w, this),
      ),
    );
    // The function's own combinations, whatever was declared before it.
    return { ...placement, subnetIds, ipv6, hyperplaneEniCount: eniCombinations(network).length };
  }

  /**
   * The function's own security group: no ingress; egress as `egress` says (see egressRules),
   * drawn for "Network" from what the subnets reach.
   */
  private async securityGroup(
    { name, r, fail }: Building,
    dependsOn: pulumi.Resource[],
    ipv6: pulumi.Input<boolean>,
  ) {
    const groupName = names.functionSecurityGroup(name);
    const facts: pulumi.Input<EgressFacts> | undefined =
      r.egress === "Network" ? await egressFactsOf(this, r.vpcId, r.subnetIds, fail) : undefined;
    const text = securityGroupText(
      groupName,
      `Lambda function ${name}: no inbound traffic`,
      stackScope(),
    );
    return new aws.ec2.SecurityGroup(
      groupName,
      {
        vpcId: r.vpcId,
        ...text,
        ingress: [],
        egress: egressRulesOf(facts ?? NO_EGRESS_FACTS, r.egress, ipv6),
        tags: childTags(r.tags, groupName),
      },
      // Not delete-first for a fixed name: names are unique per VPC, and what replaces the group
      // (another VPC, another name) frees it; deleting first would fail while the group is used.
      // After the role's ENI permission: on destroy the group waits for Lambda to release the
      // function's ENIs, which Lambda does with that permission (see build).
      { parent: this, dependsOn },
    );
  }

  /** The function, in the subnets the placement checks passed: a bad placement never reaches AWS. */
  private lambdaFunction(
    { name, r, fail }: Building,
    network: {
      roleArn: pulumi.Input<string>;
      securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
      subnetIds: pulumi.Input<string[]>;
      /** The log group the component made; undefined when the function names its own. */
      logGroup: aws.cloudwatch.LogGroup | undefined;
      enisNeed: pulumi.Resource[];
      ipv6: pulumi.Input<boolean>;
    },
  ): aws.lambda.Function {
    // A name too long for Lambda's 64 characters once auto-named gets a fixed, hashed name;
    // a fixed name must be deleted before its replacement is created.
    const given = r.functionArgs.name;
    const generatedName =
      given === undefined ? physicalName(name, MAX_FUNCTION_NAME, stackScope()) : undefined;
    return new aws.lambda.Function(
      name,
      {
        ...r.functionArgs,
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
          ipv6AllowedForDualStack: network.ipv6,
        },
        environment: functionEnvironment(r.functionArgs.environment, r.useDualStackEndpoints),
        replaceSecurityGroupsOnDestroy: r.replaceSecurityGroupsOnDestroy,
        loggingConfig: loggingTo(r.functionArgs.loggingConfig, network.logGroup, fail),
        tags: overlayTags(childTags(r.tags, name, TAG_RULES.lambda), r.functionArgs.tags),
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
    { name, r, fail }: Building,
    logGroup: aws.cloudwatch.LogGroup | undefined,
    partition: string,
  ): Promise<ExecutionRole> {
    const [region, account] = await Promise.all([regionOf(this, fail), accountIdOf(this, fail)]);
    const groupArn =
      logGroup?.arn ??
      mapInput(r.ownLogGroup as pulumi.Input<string>, (group) =>
        logGroupArn({ partition, region, account }, group),
      );
    const access =
      r.executionRolePolicy === "Managed"
        ? { managedPolicyArn: `arn:${partition}:iam::aws:policy/${VPC_ACCESS_POLICY}` }
        : // The document in one step from the two values it waits for (VPC and log group).
          {
            document: mapInputs([r.vpcId, groupArn], ([vpcId, arn]) =>
              vpcAccessPolicy({ partition, region, account, vpcId, logGroupArn: arn }),
            ),
          };
    return createExecutionRole(this, name, access, r.tags, stackScope());
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
