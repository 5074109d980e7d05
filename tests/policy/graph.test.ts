/**
 * One answer to "is this subnet public?" and "where does its default route go?": the library's
 * check of looked-up routes (components/lib/subnets.ts), the pre-flight, the offline plan
 * (scripts/planModel.ts) and the policy pack read the same recorded graphs through the one graph
 * reader and route classifier (policy/rules/graph.ts, policy/rules/routes.ts).
 */
import * as aws from "../../components/aws";
import * as assert from "assert";
import { preflight } from "../../policy/rules/preflight";
import { publicReason, RouteFacts } from "../../components/lib/subnets";
import { runPolicies } from "../../policy/runner";
import { ResourceGraph } from "../../policy/rules/graph";
import { classifyRouteTarget, kindOfId, RouteTargetKind } from "../../policy/rules/routes";
import { buildPlan } from "../../scripts/planModel";
import { Registration, registrations, settle, useWorld } from "../mocks";

/** A stack of one VPC: subnets app and app-b on one table, a function in both, a NAT probe. */
interface Network {
  readonly vpc: aws.ec2.Vpc;
  readonly app: aws.ec2.Subnet;
  readonly appB: aws.ec2.Subnet;
  readonly igw: aws.ec2.InternetGateway;
}

/** Where the app subnets' routes go: each builds its routes on the network. */
const GRAPHS: Record<string, (n: Network) => void> = {
  "to an internet gateway": (n) =>
    route(table(n), { destinationCidrBlock: "0.0.0.0/0", gatewayId: n.igw.id }),
  "through a NAT gateway": (n) => {
    const web = new aws.ec2.Subnet("web", {
      vpcId: n.vpc.id,
      availabilityZone: "us-east-1a",
      cidrBlock: "10.0.9.0/24",
    });
    const publicTable = new aws.ec2.RouteTable("public", { vpcId: n.vpc.id });
    new aws.ec2.RouteTableAssociation("web", { subnetId: web.id, routeTableId: publicTable.id });
    route(publicTable, { destinationCidrBlock: "0.0.0.0/0", gatewayId: n.igw.id }, "web-out");
    const eip = new aws.ec2.Eip("nat", { domain: "vpc" });
    const nat = new aws.ec2.NatGateway("nat", { subnetId: web.id, allocationId: eip.id });
    route(table(n), { destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
  },
  // A route AWS reports with a VPC endpoint as its gateway: the offline plan once read any
  // gatewayId as an internet gateway.
  "to a VPC endpoint (vpce-)": (n) =>
    route(table(n), { destinationCidrBlock: "0.0.0.0/0", gatewayId: "vpce-0123456789abcdef0" }),
  "through a transit gateway (tgw-)": (n) =>
    route(table(n), {
      destinationCidrBlock: "0.0.0.0/0",
      transitGatewayId: "tgw-0123456789abcdef0",
    }),
  "::/0 to an internet gateway": (n) =>
    route(table(n), { destinationIpv6CidrBlock: "::/0", gatewayId: n.igw.id }),
  // No association: the subnets use the VPC's main table, which the route is added to.
  "in the VPC's main route table only": (n) =>
    new aws.ec2.Route("out", {
      routeTableId: n.vpc.defaultRouteTableId,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: n.igw.id,
    }),
};

/** What each graph is: public, reaches the IPv4 internet, and its IPv4 default route's target. */
const EXPECTED: Record<string, { public: boolean; ipv4Internet: boolean; route: string }> = {
  "to an internet gateway": { public: true, ipv4Internet: true, route: "internet gateway igw" },
  "through a NAT gateway": { public: false, ipv4Internet: false, route: "NAT gateway nat" },
  "to a VPC endpoint (vpce-)": {
    public: false,
    ipv4Internet: false,
    route: "VPC endpoint vpce-0123456789abcdef0",
  },
  "through a transit gateway (tgw-)": {
    public: false,
    ipv4Internet: false,
    route: "transit gateway tgw-0123456789abcdef0",
  },
  "::/0 to an internet gateway": { public: true, ipv4Internet: false, route: "none" },
  "in the VPC's main route table only": {
    public: true,
    ipv4Internet: true,
    route: "internet gateway igw",
  },
};

function table(n: Network): aws.ec2.RouteTable {
  const t = new aws.ec2.RouteTable("app", { vpcId: n.vpc.id });
  [n.app, n.appB].forEach(
    (s, i) => new aws.ec2.RouteTableAssociation(`app-${i}`, { subnetId: s.id, routeTableId: t.id }),
  );
  return t;
}

function route(t: aws.ec2.RouteTable, args: Omit<aws.ec2.RouteArgs, "routeTableId">, name = "out") {
  new aws.ec2.Route(name, { routeTableId: t.id, ...args });
}

/** Builds one graph on the offline runtime and returns what it registered. */
async function recorded(graph: string): Promise<Registration[]> {
  useWorld();
  const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
  const subnet = (name: string, zone: string, cidrBlock: string) =>
    new aws.ec2.Subnet(name, { vpcId: vpc.id, availabilityZone: zone, cidrBlock });
  const n: Network = {
    vpc,
    app: subnet("app", "us-east-1a", "10.0.0.0/24"),
    appB: subnet("app-b", "us-east-1b", "10.0.1.0/24"),
    igw: new aws.ec2.InternetGateway("igw", { vpcId: vpc.id }),
  };
  GRAPHS[graph](n);
  new aws.lambda.Function("fn", {
    role: "arn:aws:iam::123456789012:role/r",
    runtime: "nodejs22.x",
    handler: "index.handler",
    vpcConfig: { subnetIds: [n.app.id, n.appB.id], securityGroupIds: ["sg-fn"] },
  });
  // A public NAT gateway in app: the pre-flight tells whether app reaches the IPv4 internet.
  const eip = new aws.ec2.Eip("probe", { domain: "vpc" });
  new aws.ec2.NatGateway("probe", { subnetId: n.app.id, allocationId: eip.id });
  await settle();
  return registrations();
}

/** The library's answer: the app subnet's routes as the route-table look-up reports them. */
function libraryPublic(regs: Registration[]): boolean {
  const graph = new ResourceGraph(regs);
  const app = graph.ofType("aws:ec2/subnet:Subnet").find((s) => s.name === "app") as Registration;
  const routes = graph.routesOf(graph.routeTableOf(app)).map((r): RouteFacts => ({
    cidrBlock: r.ipv4 as string | undefined,
    ipv6CidrBlock: r.ipv6 as string | undefined,
    [r.target.property as string]: r.target.value,
  }));
  return (
    publicReason({
      id: String(app.id),
      vpcId: "vpc",
      availabilityZone: "us-east-1a",
      mapPublicIpOnLaunch: false,
      routes,
    }) !== undefined
  );
}

function planOfGraph(regs: Registration[]) {
  const plan = buildPlan({
    project: "p",
    stack: "dev",
    region: "us-east-1",
    zones: [],
    assumptions: [],
    registrations: regs,
    outputs: {},
    warnings: [],
    policyFindings: [],
    policyConfigFile: "",
  });
  return plan.zones.flatMap((z) => z.subnets).find((s) => s.name === "app");
}

describe("one graph reader: the library, the pre-flight, the offline plan and the pack agree", () => {
  for (const graph of Object.keys(GRAPHS)) {
    it(`a default route ${graph}`, async () => {
      const regs = await recorded(graph);
      const expected = EXPECTED[graph];
      assert.strictEqual(libraryPublic(regs), expected.public, "library");
      const plan = planOfGraph(regs);
      assert.deepStrictEqual(
        { public: plan?.public, route: plan?.defaultRoute },
        { public: expected.public, route: expected.route },
        "offline plan",
      );
      const pack = (await runPolicies(regs)).filter(
        (f) => f.policy === "lambda-not-in-public-subnet",
      );
      // One finding per public subnet of the function (app and app-b share the table).
      assert.strictEqual(pack.length, expected.public ? 2 : 0, "policy pack");
      // A NAT gateway needs an IPv4 default route to an internet gateway (the pre-flight's rule).
      const nat = preflight(regs).filter((f) => f.rule === "nat-in-public-subnet");
      assert.deepStrictEqual(
        nat.map((f) => f.resource),
        expected.ipv4Internet ? [] : ["NatGateway probe"],
        "pre-flight",
      );
    });
  }

  it("the pack's nat-gateway-per-az sees the NAT route the others see", async () => {
    const findings = await runPolicies(await recorded("through a NAT gateway"));
    assert.deepStrictEqual(
      findings.filter((f) => f.policy === "nat-gateway-per-az").map((f) => f.resource),
      ["app"],
    );
  });

  it("classifies every route target by the resource it names, its property or its id", () => {
    const kind = (route: Record<string, unknown>, type?: string) =>
      classifyRouteTarget<string>({
        value: (p) => route[p],
        resource: (p) => (type !== undefined && p in route ? { resource: "r", type } : undefined),
      }).kind;
    const cases: [Record<string, unknown>, RouteTargetKind][] = [
      [{ gatewayId: "igw-1" }, "internet-gateway"],
      [{ gatewayId: "vgw-1" }, "virtual-private-gateway"],
      [{ gatewayId: "vpce-1" }, "vpc-endpoint"],
      [{ gatewayId: "local" }, "local"],
      [{ gatewayId: "something-else" }, "unknown"],
      [{ natGatewayId: "nat-1" }, "nat-gateway"],
      [{ transitGatewayId: "tgw-1" }, "transit-gateway"],
      [{ vpcEndpointId: "vpce-1" }, "vpc-endpoint"],
      [{ vpcPeeringConnectionId: "pcx-1" }, "vpc-peering"],
      [{ egressOnlyGatewayId: "eigw-1" }, "egress-only-internet-gateway"],
      [{ networkInterfaceId: "eni-1" }, "network-interface"],
      [{ instanceId: "i-1" }, "instance"],
      [{ carrierGatewayId: "cagw-1" }, "carrier-gateway"],
      [{ coreNetworkArn: "arn:aws:networkmanager::1:core-network/c" }, "core-network"],
      [{ localGatewayId: "lgw-1" }, "local-gateway"],
      [{}, "unknown"],
    ];
    assert.deepStrictEqual(
      cases.map(([route]) => kind(route)),
      cases.map(([, k]) => k),
    );
    // A gatewayId whose value is not known yet, built from an internet gateway of the stack.
    assert.strictEqual(
      kind({ gatewayId: "<unknown>" }, "aws:ec2/internetGateway:InternetGateway"),
      "internet-gateway",
    );
    assert.strictEqual(kindOfId("tgw-0abc"), "transit-gateway");
  });
});
