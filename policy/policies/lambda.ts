/** Where Lambda functions run: in a VPC, across zones, in private subnets, within the ENI quota. */
// By module: @pulumi/aws's root would type-check every AWS service.
import { Function as LambdaFunction } from "@pulumi/aws/lambda";
import {
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { countHyperplaneEnis } from "../rules/eni";
import { DEFAULT_HYPERPLANE_ENI_QUOTA } from "../rules/limits";
import {
  fewerZonesThan,
  functionSubnetIds,
  functionSubnets,
  graphOf,
  known,
  nodeOf,
  TYPES,
  zonesSpanned,
} from "./graph";

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
          "Functions to exempt, by resource name (the name given in the program) or URN, e.g. functions invoked through a Lambda interface endpoint (pattern 2). A function's physical name (its `name` property) is not matched: another resource could carry it.",
      },
    },
  },
  validateResource: validateResourceOfType(LambdaFunction, (fn, args, reportViolation) => {
    const { exemptFunctionNames } = args.getConfig<{ exemptFunctionNames: string[] }>();
    // The resource name and the URN identify this function; its physical name does not (any
    // function of another program, or another resource here, may be given the same name).
    if (exemptFunctionNames.includes(args.name) || exemptFunctionNames.includes(args.urn)) {
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
    for (const fn of args.resources.filter((r) => r.type === TYPES.function)) {
      const ids = functionSubnetIds(fn);
      if (ids === undefined || ids.length === 0) {
        continue; // not in a VPC: lambda-in-vpc's concern
      }
      const span = zonesSpanned(args.resources, fn, "vpcConfig", ids);
      const count = span && fewerZonesThan(span, minAvailabilityZones);
      if (span === undefined || count === undefined) {
        continue;
      }
      const where = span.complete
        ? `${count} Availability Zone${count === 1 ? "" : "s"} (${span.zones.join(", ")})`
        : `${count} subnet${count === 1 ? "" : "s"}, so at most ${count} Availability Zone${count === 1 ? "" : "s"}`;
      reportViolation(
        `Lambda function ${fn.name} runs in ${where}, fewer than ${minAvailabilityZones}: a zone outage stops it. Add subnets in other zones.`,
        fn.urn,
      );
    }
  },
};

export const lambdaNotInPublicSubnet: StackValidationPolicy = {
  name: "lambda-not-in-public-subnet",
  description:
    "VPC functions are not placed in public subnets, where they get no public IP and no internet.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const graph = graphOf(args.resources);
    for (const fn of args.resources.filter((r) => r.type === TYPES.function)) {
      for (const subnet of functionSubnets(args.resources, fn)?.subnets ?? []) {
        // The one answer (policy/rules/routes.ts): a default route, IPv4 or IPv6, to an internet
        // gateway, or public IPs on launch. A value not known yet (preview) leaves it undecided.
        const reason = graph.publicnessOf(nodeOf(graph, subnet)).reason;
        if (reason !== undefined) {
          const why =
            reason.via === "route"
              ? `its route table sends ${reason.destination} to an internet gateway`
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
    for (const fn of args.resources.filter((r) => r.type === TYPES.function)) {
      // Only functions whose subnets and groups are known count (not yet, in a first preview):
      // the known ones alone over the quota are over it.
      const network = known(() => {
        const config = fn.props.vpcConfig;
        const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
        return config
          ? { subnetIds: list(config.subnetIds), securityGroupIds: list(config.securityGroupIds) }
          : undefined;
      });
      if (network === undefined || network.subnetIds.length === 0) {
        continue;
      }
      const subnet = functionSubnets(args.resources, fn)?.subnets[0];
      const vpc =
        (subnet && known(() => subnet.props.vpcId)) ??
        known(() => fn.props.vpcConfig.vpcId) ??
        "the stack's VPC";
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
