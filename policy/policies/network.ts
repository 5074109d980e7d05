/**
 * VPC-wide rules: zone-local NAT egress, IPv6 egress of private tables, flow logs and a closed
 * default security group.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { IPV4_DEFAULT, IPV6_DEFAULT } from "../rules/routes";
import { graphOf, known, nodeOf, referenced, referencing, TYPES, zoneOf } from "./graph";

export const natGatewayPerAz: StackValidationPolicy = {
  name: "nat-gateway-per-az",
  description:
    "Private route tables send 0.0.0.0/0 to a NAT gateway in their own Availability Zone.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    const graph = graphOf(args.resources);
    for (const table of args.resources.filter((r) => r.type === TYPES.routeTable)) {
      // Its IPv4 default route, when that goes to a NAT gateway of the stack.
      const target = graph
        .defaultRoutesOf(graph.tableRef(nodeOf(graph, table)))
        .find((route) => route.ipv4 === IPV4_DEFAULT)?.target;
      const nat = target?.kind === "nat-gateway" ? target.resource?.source : undefined;
      const natZone = nat ? referenced(nat, "subnetId", TYPES.subnet).map(zoneOf)[0] : undefined;
      if (nat === undefined || natZone === undefined) {
        continue;
      }
      const zones = referencing(args.resources, TYPES.routeTableAssociation, "routeTableId", table)
        .flatMap((a) => referenced(a, "subnetId", TYPES.subnet))
        .map(zoneOf)
        .filter((z): z is string => z !== undefined && z !== natZone);
      if (zones.length > 0) {
        reportViolation(
          `Route table ${table.name} sends ${[...new Set(zones)].join(", ")} traffic to NAT gateway ${nat.name} in ${natZone}: an outage there cuts those zones off, and cross-zone traffic is billed. Give each zone a NAT gateway and route each private route table to its own zone's (with lambda-networking: PrivateNetwork's natGateways: "perAz").`,
          table.urn,
        );
      }
    }
  },
};

/**
 * Security Hub EC2.6 passes a VPC with a flow log of rejected traffic: one that records REJECT or
 * ALL. One that records only ACCEPT leaves the rejected traffic the control asks for unrecorded.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6
 */
const RECORDS_REJECTED = ["REJECT", "ALL"];

export const vpcFlowLogs: StackValidationPolicy = {
  name: "vpc-flow-logs",
  description: "Every VPC has a flow log that records rejected traffic (AWS Security Hub EC2.6).",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const vpc of args.resources.filter((r) => r.type === TYPES.vpc)) {
      const logs = referencing(args.resources, TYPES.flowLog, "vpcId", vpc);
      // A traffic type not known yet (preview) is not a finding.
      const recordsRejected = logs.some(
        (log) =>
          typeof log.props.trafficType !== "string" ||
          RECORDS_REJECTED.includes(log.props.trafficType),
      );
      if (logs.length === 0) {
        reportViolation(
          `VPC ${vpc.name} has no flow log, so rejected and accepted traffic leaves no record: add an aws.ec2.FlowLog for it with trafficType "REJECT" or "ALL".`,
          vpc.urn,
        );
      } else if (!recordsRejected) {
        reportViolation(
          `VPC ${vpc.name}'s flow logs record only ACCEPT traffic, so rejected traffic leaves no record (Security Hub EC2.6 asks for it): set trafficType to "REJECT" or "ALL".`,
          vpc.urn,
        );
      }
    }
  },
};

/**
 * AWS makes every VPC a default security group that admits all traffic from its members and sends
 * all outbound (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html);
 * AWS Config's vpc-default-security-group-closed, behind Security Hub EC2.2, fails it while it has
 * any rule (https://docs.aws.amazon.com/config/latest/developerguide/vpc-default-security-group-closed.html).
 * A stack closes it by adopting it with aws.ec2.DefaultSecurityGroup, which removes every rule it
 * is not given, and giving it none, inline or as rule resources.
 */
export const defaultSecurityGroupClosed: StackValidationPolicy = {
  name: "default-security-group-closed",
  description:
    "Every VPC's default security group allows no traffic, in or out (AWS Security Hub EC2.2).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const vpc of args.resources.filter((r) => r.type === TYPES.vpc)) {
      const adopted = referencing(args.resources, TYPES.defaultSecurityGroup, "vpcId", vpc);
      if (adopted.length === 0) {
        reportViolation(
          `VPC ${vpc.name}'s default security group keeps the rules AWS gives it (all traffic from its members, all outbound), and anything left without a group of its own lands in it: adopt it with an aws.ec2.DefaultSecurityGroup with no rules (lambda-networking's PrivateNetwork does, unless restrictDefaultSecurityGroup is false).`,
          vpc.urn,
        );
      }
      for (const group of adopted) {
        const rules = [
          ...["ingress", "egress"].flatMap((side) =>
            // A list not known yet (preview) is not a finding.
            (known(() => group.props[side] as unknown[] | undefined) ?? []).map(() => side),
          ),
          ...[TYPES.securityGroupRule, TYPES.ingressRule, TYPES.egressRule].flatMap((type) =>
            referencing(args.resources, type, "securityGroupId", group).map((r) => r.name),
          ),
        ];
        if (rules.length > 0) {
          reportViolation(
            `VPC ${vpc.name}'s default security group ${group.name} has ${rules.length} rule${rules.length === 1 ? "" : "s"} (${[...new Set(rules)].join(", ")}), so whatever lands in it can send or receive traffic: give it none, and give resources groups of their own.`,
            group.urn,
          );
        }
      }
    }
  },
};

/**
 * EC2 drops the traffic an instance neither sent nor receives unless its source/destination check
 * is off, and a NAT instance forwards other instances' traffic: AWS's NAT instance guide says to
 * disable the check ("Disable source/destination checks",
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html). An instance a route
 * sends traffic to is such a router: one whose network interface id the route (or a route table's
 * inline route) was built from, or whose id is the route's instanceId (an output the provider
 * reads back for a route to an instance, as in policy/rules/routes.ts).
 */
export const natInstanceSourceDestCheckOff: StackValidationPolicy = {
  name: "nat-instance-source-dest-check-off",
  description:
    "An EC2 instance that a route targets (a NAT instance) has its source/destination check off.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    const routed = new Map<string, { instance: (typeof args.resources)[number]; by: string }>();
    const instances = args.resources.filter((r) => r.type === TYPES.instance);
    for (const r of args.resources) {
      const instanceId = r.type === TYPES.route ? known(() => r.props.instanceId) : undefined;
      for (const instance of instances.filter(
        (i) =>
          instanceId !== undefined && instanceId !== "" && known(() => i.props.id) === instanceId,
      )) {
        routed.set(instance.urn, { instance, by: r.name });
      }
      const properties =
        r.type === TYPES.route
          ? ["networkInterfaceId"]
          : r.type === TYPES.routeTable
            ? ["routes"]
            : [];
      for (const instance of properties.flatMap((p) => referenced(r, p, TYPES.instance))) {
        routed.set(instance.urn, { instance, by: r.name });
      }
    }
    for (const { instance, by } of routed.values()) {
      if (known(() => instance.props.sourceDestCheck) !== false) {
        reportViolation(
          `Instance ${instance.name} is the target of route ${by}, but its source/destination check is on, so EC2 drops the traffic it forwards: set sourceDestCheck: false on it (AWS's NAT instance guide).`,
          instance.urn,
        );
      }
    }
  },
};

/**
 * A private route table (no IPv4 default route to an internet gateway) that sends ::/0 to an
 * internet gateway makes every IPv6 address in its subnets reachable from the internet, and the
 * subnets public by AWS's definition (a route to an internet gateway:
 * https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html#subnet-types). An
 * egress-only internet gateway lets IPv6 out and nothing in ("prevents hosts outside of your VPC
 * from initiating an IPv6 connection", EC2 API reference, CreateEgressOnlyInternetGateway).
 */
export const privateIpv6EgressOnly: StackValidationPolicy = {
  name: "private-ipv6-egress-only",
  description:
    "Private route tables send ::/0 to an egress-only internet gateway, not to an internet gateway.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    const graph = graphOf(args.resources);
    for (const table of args.resources.filter((r) => r.type === TYPES.routeTable)) {
      const defaults = graph.defaultRoutesOf(graph.tableRef(nodeOf(graph, table)));
      const toIgw = (route: (typeof defaults)[number]) => route.target.kind === "internet-gateway";
      const publicIpv4 = defaults.some((route) => route.ipv4 === IPV4_DEFAULT && toIgw(route));
      const ipv6ToIgw = defaults.some((route) => route.ipv6 === IPV6_DEFAULT && toIgw(route));
      if (!publicIpv4 && ipv6ToIgw) {
        reportViolation(
          `Route table ${table.name} has no IPv4 route to an internet gateway (a private table) but sends ::/0 to one, so the internet can reach its subnets' IPv6 addresses: route ::/0 to an aws.ec2.EgressOnlyInternetGateway (egressOnlyGatewayId) instead (lambda-networking's PrivateNetwork does with ipv6: true).`,
          table.urn,
        );
      }
    }
  },
};
