/** Where Lambda functions run: in a VPC, across zones, in private subnets, within the ENI quota. */
import * as aws from "@pulumi/aws";
import {
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { countHyperplaneEnis, DEFAULT_HYPERPLANE_ENI_QUOTA } from "../../components/lib/eni";
import { defaultRouteOf, functionSubnets, routeTableOf, TYPES, zoneOf } from "./graph";

export const lambdaInVpc: ResourceValidationPolicy = {
  name: "lambda-in-vpc",
  description: "Lambda functions run in a VPC (AWS Security Hub Lambda.3).",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      exemptFunctionNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
          "Resource or function names to exempt, e.g. functions invoked through a Lambda interface endpoint (pattern 2).",
      },
    },
  },
  validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
    const { exemptFunctionNames } = args.getConfig<{ exemptFunctionNames: string[] }>();
    if (exemptFunctionNames.includes(args.name) || exemptFunctionNames.includes(String(fn.name))) {
      return;
    }
    if ((fn.vpcConfig?.subnetIds ?? []).length === 0) {
      reportViolation(
        `Lambda function ${args.name} runs outside a VPC, so it cannot reach private resources and its network access is not under your control: give it a vpcConfig with private subnets in two or more zones (with lambda-networking: VpcFunction), or add it to this policy's exemptFunctionNames if it stays in the Lambda service VPC on purpose, invoked through a Lambda interface endpoint.`,
      );
    }
  }),
};

export const lambdaMultiAz: StackValidationPolicy = {
  name: "lambda-multi-az",
  description:
    "VPC functions have subnets in several Availability Zones (AWS Security Hub Lambda.5).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { minAvailabilityZones: { type: "integer", minimum: 1, default: 2 } },
  },
  validateStack: (args, reportViolation) => {
    const { minAvailabilityZones } = args.getConfig<{ minAvailabilityZones: number }>();
    for (const fn of args.resources.filter((r) => r.type === TYPES.function && r.props.vpcConfig)) {
      const subnets = functionSubnets(fn);
      const zones = subnets?.map(zoneOf);
      if (zones === undefined || zones.some((z) => z === undefined)) {
        continue;
      }
      const distinct = [...new Set(zones)].sort();
      if (distinct.length < minAvailabilityZones) {
        reportViolation(
          `Lambda function ${fn.name} runs in ${distinct.length} Availability Zone${distinct.length === 1 ? "" : "s"} (${distinct.join(", ")}), fewer than ${minAvailabilityZones}: a zone outage stops it. Add subnets in other zones.`,
          fn.urn,
        );
      }
    }
  },
};

export const lambdaNotInPublicSubnet: StackValidationPolicy = {
  name: "lambda-not-in-public-subnet",
  description:
    "VPC functions are not placed in public subnets, where they get no public IP and no internet.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const fn of args.resources.filter((r) => r.type === TYPES.function && r.props.vpcConfig)) {
      for (const subnet of functionSubnets(fn) ?? []) {
        const table = routeTableOf(args.resources, subnet);
        const viaInternetGateway = table
          ? defaultRouteOf(args.resources, table)?.gatewayIsInternet === true
          : false;
        if (viaInternetGateway || subnet.props.mapPublicIpOnLaunch === true) {
          const why = viaInternetGateway
            ? "its route table sends 0.0.0.0/0 to an internet gateway"
            : "it maps public IPs on launch";
          reportViolation(
            `Lambda function ${fn.name} is in public subnet ${subnet.name} (${why}); a function there gets no public IP and so no internet. Use private subnets, with NAT if it needs the internet.`,
            fn.urn,
          );
        }
      }
    }
  },
};

export const hyperplaneEniBudget: StackValidationPolicy = {
  name: "hyperplane-eni-budget",
  description:
    "Distinct (subnet, security-group set) combinations of VPC functions per VPC stay within the Hyperplane ENI quota.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { quota: { type: "integer", minimum: 1, default: DEFAULT_HYPERPLANE_ENI_QUOTA } },
  },
  validateStack: (args, reportViolation) => {
    const { quota } = args.getConfig<{ quota: number }>();
    const byVpc = new Map<string, { subnetIds: string[]; securityGroupIds: string[] }[]>();
    for (const fn of args.resources.filter((r) => r.type === TYPES.function && r.props.vpcConfig)) {
      const subnets = functionSubnets(fn);
      const vpc = subnets?.[0]?.props.vpcId ?? fn.props.vpcConfig.vpcId ?? "the stack's VPC";
      const network = {
        subnetIds: fn.props.vpcConfig.subnetIds as string[],
        securityGroupIds: fn.props.vpcConfig.securityGroupIds as string[],
      };
      byVpc.set(String(vpc), [...(byVpc.get(String(vpc)) ?? []), network]);
    }
    for (const [vpc, networks] of byVpc) {
      const count = countHyperplaneEnis(networks);
      if (count > quota) {
        reportViolation(
          `VPC ${vpc}: its functions use ${count} distinct subnet and security-group combinations, each a Hyperplane ENI, over the quota of ${quota}. Share security groups and subnets between functions, or raise the quota with AWS and in this policy's config.`,
        );
      }
    }
  },
};
