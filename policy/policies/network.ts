/** VPC-wide rules: zone-local NAT egress, and flow logs. */
import { StackValidationPolicy } from "@pulumi/policy";
import { defaultRouteOf, referenced, referencing, TYPES, zoneOf } from "./graph";

export const natGatewayPerAz: StackValidationPolicy = {
  name: "nat-gateway-per-az",
  description:
    "Private route tables send 0.0.0.0/0 to a NAT gateway in their own Availability Zone.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const table of args.resources.filter((r) => r.type === TYPES.routeTable)) {
      const nat = defaultRouteOf(args.resources, table)?.natGateway;
      const natZone = nat ? referenced(nat, "subnetId", TYPES.subnet).map(zoneOf)[0] : undefined;
      if (nat === undefined || natZone === undefined) {
        continue;
      }
      const zones = referencing(args.resources, TYPES.association, "routeTableId", table)
        .flatMap((a) => referenced(a, "subnetId", TYPES.subnet))
        .map(zoneOf)
        .filter((z): z is string => z !== undefined && z !== natZone);
      if (zones.length > 0) {
        reportViolation(
          `Route table ${table.name} sends ${[...new Set(zones)].join(", ")} traffic to NAT gateway ${nat.name} in ${natZone}: an outage there cuts those zones off, and cross-zone traffic is billed. Use a NAT gateway per zone (natGateways: "perAz").`,
          table.urn,
        );
      }
    }
  },
};

export const vpcFlowLogs: StackValidationPolicy = {
  name: "vpc-flow-logs",
  description: "Every VPC has a flow log (AWS Security Hub EC2.6).",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const vpc of args.resources.filter((r) => r.type === TYPES.vpc)) {
      if (referencing(args.resources, TYPES.flowLog, "vpcId", vpc).length === 0) {
        reportViolation(
          `VPC ${vpc.name} has no flow log, so rejected and accepted traffic leaves no record: add an aws.ec2.FlowLog for it.`,
          vpc.urn,
        );
      }
    }
  },
};
