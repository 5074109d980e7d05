import * as pulumi from "@pulumi/pulumi";
import { checkArgs, initializing, noInputs, defineOutputs, failureOf } from "./component";
import { ArgSpec, checkArgShapes, withoutNulls } from "./lib/args";
import { EndpointPolicyScope, validateEndpointPolicyArgs } from "./lib/endpointPolicies";
import { parseSourceBlocks } from "./lib/cidr";
import {
  checkIngressQuota,
  endpointLabels,
  EndpointSpec,
  placeInterfaceEndpoints,
  ResolvedEndpoint,
  resolveEndpoint,
  resolveEndpoints,
  SUBNETS_FIX,
} from "./lib/endpoints";
import {
  ArgumentError,
  componentLabel,
  positiveInteger,
  rethrowArgumentErrors,
} from "./lib/errors";
import { checkEndpointsChildAutoName, names } from "./lib/naming";
import { mapInput, plainArray, plainValue } from "./lib/plain";
import { checkFunctionRegions, lambdaInvokePolicy, validateFunctionArns } from "./lib/iamPolicy";
import {
  interfaceServiceZones,
  lookedUp,
  lookUpEndpointServices,
  lookUpEndpointSubnetZone,
  lookUpVpc,
  partitionOf,
  regionOf,
  VpcFacts,
} from "./lookups";
import { EndpointDnsEntry, ServiceEndpoints } from "./serviceEndpoints";
import { Tags, validateTags } from "./tags";

export interface LambdaInterfaceEndpointArgs {
  /** The VPC whose resources invoke Lambda through the endpoint. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Private subnets for the endpoint: the first in each zone the Lambda endpoint service supports.
   */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * IPv4 or IPv6 blocks allowed to reach the endpoint on TCP 443.
   * @default - every block of the VPC, IPv4 and IPv6, secondary ones too
   */
  readonly allowedCidrBlocks?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Security groups whose members may reach the endpoint on TCP 443.
   * @default - none
   */
  readonly allowedSecurityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Make `lambda.<region>.amazonaws.com` resolve to the endpoint inside the VPC, so SDKs use it
   * unchanged. Needs the VPC's DNS support and DNS hostnames on.
   * @default true
   */
  readonly privateDnsEnabled?: boolean;
  /**
   * Unqualified ARNs of the only functions that may be invoked through the endpoint (each also
   * covers its versions and aliases).
   * @default - the data perimeter of `endpointPolicyScope`
   */
  readonly allowedFunctionArns?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The policy of the Lambda endpoint when `allowedFunctionArns` is not given, and of each
   * additional endpoint whose entry gives none, as for ServiceEndpoints: a data perimeter for the
   * deploying account ("Account") or its organization ("Organization"), or AWS's full-access
   * default ("Open").
   * @default "Account"
   */
  readonly endpointPolicyScope?: EndpointPolicyScope;
  /**
   * Other accounts whose resources the identities inside the perimeter may use through the
   * endpoints (12-digit ids): the AWS accounts that publish the ECR images or Lambda layers you
   * use (AWS's data-perimeter examples leave them to you: they differ by Region), a partner's
   * bucket. Adds one statement to every perimeter policy; not with "Open".
   * @default - none
   */
  readonly endpointPolicyTrustedAccounts?: string[];
  /**
   * Further interface endpoints for the same subnets (e.g. `sqs`, `secretsmanager`), as for
   * ServiceEndpoints; `s3` and `dynamodb` with `type: "Interface"` (gateway endpoints need route
   * tables, which this component does not take).
   * @default - none
   */
  readonly additionalEndpoints?: EndpointSpec[];
  /**
   * The fewest zones each interface endpoint must cover once unsupported zones are left out.
   * @default 2
   */
  readonly minAvailabilityZones?: number;
  /**
   * Tags for every child resource; each also gets a Name tag, its resource name.
   * @default - only the Name tag
   */
  readonly tags?: Tags;
}

const CLASS = "LambdaInterfaceEndpoint";
const LAMBDA = "lambda";

/** What `build` made, which the outputs are derived from. */
interface LambdaInterfaceEndpointState {
  /** The endpoints and their security group. */
  readonly endpoints: ServiceEndpoints;
}

/** The type each argument must have. */
const SHAPES: ArgSpec<LambdaInterfaceEndpointArgs> = {
  vpcId: "stringInput",
  subnetIds: "stringsInput",
  allowedCidrBlocks: "stringsInput",
  allowedSecurityGroupIds: "stringsInput",
  privateDnsEnabled: "boolean",
  allowedFunctionArns: "stringsInput",
  additionalEndpoints: "list",
  minAvailabilityZones: "number",
  endpointPolicyScope: "string",
  endpointPolicyTrustedAccounts: "strings",
  tags: "tags",
};

/** What the arguments say once checked. */
interface LambdaInterfaceEndpointSettings {
  readonly minAvailabilityZones: number;
  /** `additionalEndpoints` with their defaults, checked once, here. */
  readonly additionalEndpoints: ResolvedEndpoint[];
}

/**
 * A LambdaInterfaceEndpoint's arguments, resolved once before anything is registered: checked,
 * with defaults applied. The component reads nothing else of what it was given.
 */
interface ResolvedLambdaInterfaceEndpoint extends LambdaInterfaceEndpointSettings {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly allowedFunctionArns: pulumi.Input<pulumi.Input<string>[]> | undefined;
  readonly privateDnsEnabled: boolean;
  /** `additionalEndpoints` as given (the settings' `additionalEndpoints` are them resolved). */
  readonly additionalSpecs: EndpointSpec[];
  readonly allowedCidrBlocks: pulumi.Input<pulumi.Input<string>[]> | undefined;
  readonly allowedSecurityGroupIds: pulumi.Input<pulumi.Input<string>[]> | undefined;
  readonly endpointPolicyScope: EndpointPolicyScope | undefined;
  readonly endpointPolicyTrustedAccounts: string[] | undefined;
  readonly tags: Tags | undefined;
}

function resolveLambdaInterfaceEndpointArgs(
  component: string,
  given: LambdaInterfaceEndpointArgs,
): ResolvedLambdaInterfaceEndpoint {
  const settings = validateLambdaInterfaceEndpointArgs(given);
  checkEndpointsChildAutoName(component);
  const args = withoutNulls(given);
  return {
    ...settings,
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    allowedFunctionArns: args.allowedFunctionArns,
    privateDnsEnabled: args.privateDnsEnabled ?? true,
    additionalSpecs: args.additionalEndpoints ?? [],
    allowedCidrBlocks: args.allowedCidrBlocks,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds,
    endpointPolicyScope: args.endpointPolicyScope,
    endpointPolicyTrustedAccounts: args.endpointPolicyTrustedAccounts,
    tags: args.tags,
  };
}

/** Checks the arguments alone, before anything is registered. */
export function validateLambdaInterfaceEndpointArgs(
  given: LambdaInterfaceEndpointArgs,
): LambdaInterfaceEndpointSettings {
  const args = withoutNulls(given);
  checkArgShapes(SHAPES, args);
  if (args.vpcId === undefined) {
    throw new ArgumentError("vpcId is required: pass the id of the VPC that invokes Lambda.");
  }
  const subnetIds = plainValue(args.subnetIds);
  if (args.subnetIds === undefined || subnetIds?.length === 0) {
    throw new ArgumentError(
      "subnetIds is empty: pass private subnets, one per zone, for the endpoint.",
    );
  }
  const additional = resolveEndpoints("additionalEndpoints", args.additionalEndpoints);
  if (additional.some((e) => e.service === LAMBDA)) {
    throw new ArgumentError(
      "additionalEndpoints lists lambda, which this component creates: remove it, and use privateDnsEnabled and allowedFunctionArns to configure it.",
    );
  }
  // A gateway endpoint is reached through routes: "Each subnet route table must have a route that
  // sends traffic destined for the service to the gateway endpoint using the prefix list for the
  // service" (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html). This
  // component neither makes nor takes route tables.
  const gateway = additional.findIndex((e) => e.type === "Gateway");
  if (gateway >= 0) {
    throw new ArgumentError(
      `additionalEndpoints[${gateway}] (${additional[gateway].service}) is a gateway endpoint (the usual type of s3 and dynamodb), which works through route tables this component does not take: set type "Interface" for an endpoint in the same subnets, or make the gateway endpoint with ServiceEndpoints and routeTableIds.`,
    );
  }
  const arns = plainArray(args.allowedFunctionArns);
  if (arns !== undefined) {
    validateFunctionArns("allowedFunctionArns", arns);
  }
  const cidrs = plainArray(args.allowedCidrBlocks);
  if (cidrs !== undefined) {
    const groups = plainArray(args.allowedSecurityGroupIds);
    checkIngressQuota(parseSourceBlocks("allowedCidrBlocks", cidrs), groups?.length ?? 0);
  }
  const groups = plainValue(args.allowedSecurityGroupIds);
  if (cidrs?.length === 0 && (groups === undefined || groups.length === 0)) {
    throw new ArgumentError(
      "allowedCidrBlocks and allowedSecurityGroupIds are both empty, so nothing could reach the endpoint: allow a block or a security group, or leave allowedCidrBlocks out to allow the VPC.",
    );
  }
  validateTags(args.tags);
  validateEndpointPolicyArgs(args);
  return {
    minAvailabilityZones: positiveInteger("minAvailabilityZones", args.minAvailabilityZones, 2),
    additionalEndpoints: additional,
  };
}

/** Private DNS resolves through the VPC's resolver into the endpoint's private hosted zone. */
function checkDns(vpc: VpcFacts): void {
  const off = [
    vpc.enableDnsSupport ? undefined : "DNS support",
    vpc.enableDnsHostnames ? undefined : "DNS hostnames",
  ].filter((x): x is string => x !== undefined);
  if (off.length > 0) {
    throw new ArgumentError(
      `privateDnsEnabled needs the VPC's DNS support and DNS hostnames, but ${vpc.id} has ${off.join(" and ")} off: turn ${off.length === 1 ? "it" : "them"} on (enableDnsSupport, enableDnsHostnames), or set privateDnsEnabled: false and call the endpoint's own DNS name.`,
    );
  }
}

/**
 * Pattern 2: the function stays in AWS's Lambda service VPC (keeping its internet and AWS access,
 * adding no ENI to yours) and resources in your VPC invoke it privately through an interface
 * endpoint for com.amazonaws.<region>.lambda, restricted to the functions you list.
 */
export class LambdaInterfaceEndpoint extends pulumi.ComponentResource {
  declare public readonly endpointId: pulumi.Output<string>;
  /** The endpoint's DNS names (the regional one first), for clients that do not use private DNS. */
  declare public readonly dnsEntries: pulumi.Output<EndpointDnsEntry[]>;
  /** The endpoints' security group: TCP 443 from the allowed sources only. */
  declare public readonly securityGroupId: pulumi.Output<string>;
  /** The zones the Lambda endpoint covers. */
  declare public readonly availabilityZones: pulumi.Output<string[]>;
  /** Endpoint id by service for `additionalEndpoints`. */
  declare public readonly additionalEndpointIds: pulumi.Output<Record<string, string>>;
  /** Hourly charges of all the endpoints for a 730-hour month, in USD (data processing not included). */
  declare public readonly estimatedMonthlyCostUsd: pulumi.Output<number>;

  constructor(
    name: string,
    args: LambdaInterfaceEndpointArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    const resolved = checkArgs(
      CLASS,
      name,
      (a) => resolveLambdaInterfaceEndpointArgs(name, a),
      args,
    );
    super(`lambda-networking:index:${CLASS}`, name, noInputs(), opts);
    const built = initializing(CLASS, name, this, () => this.build(name, resolved));
    defineOutputs(this as LambdaInterfaceEndpoint, built, {
      endpointId: (s) => s.endpoints.endpointIds.apply((ids) => ids[LAMBDA]),
      dnsEntries: (s) => s.endpoints.dnsEntries.apply((entries) => entries[LAMBDA]),
      securityGroupId: (s) => s.endpoints.securityGroupId.apply((id) => id as string),
      availabilityZones: (s) =>
        s.endpoints.endpointAvailabilityZones.apply((zones) => zones[LAMBDA]),
      additionalEndpointIds: (s) =>
        s.endpoints.endpointIds.apply((ids) =>
          Object.fromEntries(Object.entries(ids).filter(([service]) => service !== LAMBDA)),
        ),
      estimatedMonthlyCostUsd: (s) => s.endpoints.estimatedMonthlyCostUsd,
    });
  }

  private async build(
    name: string,
    r: ResolvedLambdaInterfaceEndpoint,
  ): Promise<LambdaInterfaceEndpointState> {
    const fail = failureOf(CLASS, name, this);
    const endpoints = this.endpointList(r, fail);
    const lambda = resolveEndpoint("the Lambda endpoint", endpoints[0]);
    const resolved = [lambda, ...r.additionalEndpoints];
    // Messages name the entries of additionalEndpoints; the Lambda endpoint is the component's
    // own, named by its service alone.
    const labels = new Map([
      [lambda.key, ""],
      ...endpointLabels("additionalEndpoints", r.additionalEndpoints),
    ]);
    const { vpc, zones } = await this.checkNow(r, resolved, labels, fail);
    const children = new ServiceEndpoints(
      names.endpoints(name),
      {
        vpcId: mapInput(vpc, (v) => v.id),
        subnetIds: r.subnetIds,
        subnetAvailabilityZones: zones,
        endpoints,
        allowedCidrBlocks:
          r.allowedCidrBlocks ?? mapInput(vpc, (v) => [...v.cidrBlocks, ...v.ipv6CidrBlocks]),
        allowedSecurityGroupIds: r.allowedSecurityGroupIds,
        minAvailabilityZones: r.minAvailabilityZones,
        endpointPolicyScope: r.endpointPolicyScope,
        endpointPolicyTrustedAccounts: r.endpointPolicyTrustedAccounts,
        tags: r.tags,
      },
      { parent: this },
      { endpoints: resolved, labels, reportAs: { component: componentLabel(CLASS, name), fail } },
    );
    return { endpoints: children };
  }

  /** The Lambda endpoint, its policy allowing the listed functions only, then the others. */
  private endpointList(
    r: ResolvedLambdaInterfaceEndpoint,
    fail: (message: string) => Error,
  ): EndpointSpec[] {
    const guard = <T>(check: () => T) => rethrowArgumentErrors(fail, check);
    // Plain ARNs were checked by the constructor (their form) and checkNow (their region);
    // ARNs known only at deployment are checked here, once known.
    const plainArns = plainArray(r.allowedFunctionArns);
    const policy =
      r.allowedFunctionArns === undefined
        ? undefined
        : plainArns !== undefined
          ? JSON.stringify(lambdaInvokePolicy(plainArns))
          : pulumi.output(r.allowedFunctionArns).apply(async (arns) => {
              guard(() => validateFunctionArns("allowedFunctionArns", arns));
              const [endpointRegion, partition] = await Promise.all([
                regionOf(this, fail),
                partitionOf(this, fail),
              ]);
              guard(() =>
                checkFunctionRegions("allowedFunctionArns", arns, endpointRegion, partition),
              );
              return JSON.stringify(lambdaInvokePolicy(arns));
            });
    return [
      { service: LAMBDA, type: "Interface", privateDnsEnabled: r.privateDnsEnabled, policy },
      ...r.additionalSpecs,
    ];
  }

  /**
   * What can be known now is checked now, before anything is registered: the functions' region,
   * each service's zones, the VPC's DNS settings and the subnets' zones (for plain ids). A VPC
   * created in the same program is checked once its id is known; the endpoints wait for it.
   */
  private async checkNow(
    r: ResolvedLambdaInterfaceEndpoint,
    resolved: ResolvedEndpoint[],
    labels: ReadonlyMap<string, string>,
    fail: (message: string) => Error,
  ) {
    const guard = <T>(check: () => T) => rethrowArgumentErrors(fail, check);
    const region = await regionOf(this, fail);
    const plainArns = plainArray(r.allowedFunctionArns);
    if (plainArns !== undefined) {
      const partition = await partitionOf(this, fail);
      guard(() => checkFunctionRegions("allowedFunctionArns", plainArns, region, partition));
    }
    const supported = interfaceServiceZones(
      resolved,
      await lookUpEndpointServices(this, fail, region, resolved, labels),
    );
    const checkedVpc = async (id: string) => {
      const vpc = await lookedUp(fail, "vpcId", id, () => lookUpVpc(id, this));
      if (resolved.some((e) => e.privateDnsEnabled)) {
        guard(() => checkDns(vpc));
      }
      return vpc;
    };
    const vpcId = plainValue(r.vpcId);
    const vpc =
      vpcId !== undefined ? await checkedVpc(vpcId) : pulumi.output(r.vpcId).apply(checkedVpc);
    const subnetIds = plainArray(r.subnetIds);
    const zones =
      subnetIds === undefined
        ? undefined
        : await Promise.all(subnetIds.map((id) => lookUpEndpointSubnetZone(fail, this, id, vpcId)));
    if (zones !== undefined) {
      const subnets = zones.map((availabilityZone, i) => ({ subnetId: i, availabilityZone }));
      guard(() =>
        placeInterfaceEndpoints(subnets, supported, r.minAvailabilityZones, SUBNETS_FIX, labels),
      );
    }
    return { vpc, zones };
  }
}
