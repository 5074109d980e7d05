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
import { MAX_FUNCTION_NAME, MAX_ROLE_NAME } from "./lib/preflight";
import { applyInputs, mapInput, plainArray, plainValue } from "./lib/plain";
import {
  checkFunctionPlacement,
  checkFunctionSecurityGroups,
  checkVpcConfigLists,
} from "./lib/subnets";
import {
  lookedUp,
  lookUpSecurityGroup,
  lookUpSubnet,
  lookUpSubnetWithRoutes,
  partitionOf,
} from "./lookups";
import { childTags, overlayTags, Tags, validateTags } from "./tags";

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
   * ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface,
   * ec2:AssignPrivateIpAddresses and ec2:UnassignPrivateIpAddresses (as the AWS managed policy
   * AWSLambdaVPCAccessExecutionRole does), plus CloudWatch Logs for the function's logs.
   * @default - a role with AWSLambdaVPCAccessExecutionRole is created
   */
  readonly role?: pulumi.Input<string>;
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
   * For the created security group: allow outbound TCP 443 only instead of all traffic.
   * Enough for AWS APIs (directly, through NAT or interface endpoints); DNS is not affected.
   * @default false
   */
  readonly restrictEgressToHttps?: boolean;
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

/** The managed policy that lets Lambda manage the function's ENIs and write its logs. */
export const VPC_ACCESS_POLICY = "service-role/AWSLambdaVPCAccessExecutionRole";

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
  restrictEgressToHttps: "boolean",
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
  // `false` asks for nothing, and is what a caller setting every argument explicitly passes.
  if (args.restrictEgressToHttps === true && args.securityGroupIds !== undefined) {
    throw new ArgumentError(
      "restrictEgressToHttps applies to the security group the component creates, but securityGroupIds is given: set the egress rules on your own groups instead.",
    );
  }
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
    const role =
      args.functionArgs.role === undefined ? await this.createRole(name, args, fail) : undefined;
    const enisNeed = role ? [role.attachment] : [];
    const securityGroup =
      args.securityGroupIds !== undefined ? undefined : this.securityGroup(name, args, enisNeed);
    const fn = this.lambdaFunction(name, args, fail, {
      roleArn: role?.role.arn ?? (args.functionArgs.role as pulumi.Input<string>),
      securityGroupIds: securityGroup ? [securityGroup.id] : (args.securityGroupIds ?? []),
      subnetIds: mapInput(placement, (p) => p.subnetIds),
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

  /** The function's own security group: no ingress; egress to all, or HTTPS only. */
  private securityGroup(name: string, args: VpcFunctionArgs, dependsOn: pulumi.Resource[]) {
    const groupName = names.functionSecurityGroup(name);
    const everywhere = { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] };
    return new aws.ec2.SecurityGroup(
      groupName,
      {
        vpcId: args.vpcId,
        description: `Lambda function ${name}: no inbound traffic`,
        ingress: [],
        egress: [
          args.restrictEgressToHttps
            ? {
                description: "HTTPS out",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                ...everywhere,
              }
            : {
                description: "All traffic out",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                ...everywhere,
              },
        ],
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

  /** An execution role trusted by Lambda with the managed VPC access policy attached. */
  private async createRole(
    componentName: string,
    args: VpcFunctionArgs,
    fail: (message: string) => Error,
  ) {
    const partition = await partitionOf(this, fail);
    const roleName = names.functionRole(componentName);
    const physical = physicalName(roleName, MAX_ROLE_NAME, stackScope());
    const role = new aws.iam.Role(
      roleName,
      {
        name: physical,
        description: `Execution role of Lambda function ${componentName}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "lambda.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
        tags: childTags(args.tags, roleName),
      },
      { parent: this, deleteBeforeReplace: physical !== undefined || undefined },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      names.functionVpcAccess(componentName),
      { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/${VPC_ACCESS_POLICY}` },
      { parent: this },
    );
    return { role, attachment };
  }
}
