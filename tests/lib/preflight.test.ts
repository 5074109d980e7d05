/** The pre-flight on address blocks, endpoints, routes and NAT gateways. */
import * as aws from "../../components/aws";
import * as assert from "assert";
import { registrations, settle, useWorld } from "../mocks";
import { preflight } from "../../policy/rules/preflight";

import { publicPath, r, rules, subnet, vpc } from "./preflightHelpers";

describe("lib/preflight", () => {
  it("accepts a sound network", () => {
    assert.deepStrictEqual(
      rules([
        vpc(),
        subnet("a", "10.0.0.0/20"),
        subnet("b", "10.0.16.0/20", "us-east-1b"),
        ...publicPath(),
      ]),
      [],
    );
  });

  it("checks VPC and subnet blocks: sizes, containment, overlap", () => {
    assert.deepStrictEqual(
      rules([
        vpc("10.0.0.0/29"),
        subnet("outside", "10.1.0.0/28"),
        subnet("huge", "10.0.0.0/15"),
        subnet("tiny", "10.0.0.0/29"),
      ]),
      [
        "Vpc vpc: vpc-cidr-size",
        "Subnet outside: subnet-in-vpc",
        // 10.0.0.0/15 covers 10.1.0.0/28 too.
        "Subnet outside: subnet-overlap",
        "Subnet huge: subnet-cidr-size",
        "Subnet huge: subnet-in-vpc",
        "Subnet huge: subnet-overlap",
        "Subnet tiny: subnet-cidr-size",
      ],
    );
  });

  it("counts the ENIs placed in a subnet against its usable addresses", () => {
    // A /28 has 16 - 5 = 11 usable addresses: 12 endpoint ENIs do not fit, 11 do.
    const endpoints = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        r("ec2/vpcEndpoint:VpcEndpoint", `e${i}`, {
          vpcId: "vpc-id",
          vpcEndpointType: "Interface",
          subnetIds: ["small-id"],
        }),
      );
    assert.deepStrictEqual(rules([vpc(), subnet("small", "10.0.0.0/28"), ...endpoints(12)]), [
      "Subnet small: subnet-capacity",
    ]);
    assert.deepStrictEqual(rules([vpc(), subnet("small", "10.0.0.0/28"), ...endpoints(11)]), []);
    assert.strictEqual(
      preflight([vpc(), subnet("small", "10.0.0.0/28"), ...endpoints(12)])[0].message,
      "subnet 10.0.0.0/28 has 11 usable addresses (AWS reserves 5) but 12 ENIs are placed in it.",
    );
  });

  it("checks endpoints: explicit type, one subnet per zone in the VPC, gateways on route tables", () => {
    const graph = [
      vpc(),
      subnet("a1", "10.0.0.0/24"),
      subnet("a2", "10.0.1.0/24"),
      subnet("elsewhere", "10.9.0.0/24", "us-east-1b", "vpc-other"),
      r("ec2/vpcEndpoint:VpcEndpoint", "untyped", { vpcId: "vpc-id" }),
      r("ec2/vpcEndpoint:VpcEndpoint", "twice", {
        vpcId: "vpc-id",
        vpcEndpointType: "Interface",
        subnetIds: ["a1-id", "a2-id"],
      }),
      r("ec2/vpcEndpoint:VpcEndpoint", "foreign", {
        vpcId: "vpc-id",
        vpcEndpointType: "Interface",
        subnetIds: ["elsewhere-id"],
      }),
      r("ec2/vpcEndpoint:VpcEndpoint", "gw", {
        vpcId: "vpc-id",
        vpcEndpointType: "Gateway",
        subnetIds: ["a1-id"],
      }),
      r("ec2/vpcEndpoint:VpcEndpoint", "good", {
        vpcId: "vpc-id",
        vpcEndpointType: "Interface",
        subnetIds: ["a1-id"],
      }),
    ];
    assert.deepStrictEqual(rules(graph), [
      "VpcEndpoint untyped: endpoint-type-explicit",
      "VpcEndpoint twice: interface-endpoint-one-subnet-per-zone",
      "VpcEndpoint foreign: interface-endpoint-subnets-in-vpc",
      "VpcEndpoint gw: gateway-endpoint-route-tables",
    ]);
  });

  it("checks NAT gateways: an Elastic IP, and a subnet routed to an internet gateway", () => {
    assert.deepStrictEqual(rules([vpc(), ...publicPath(false)]), [
      "NatGateway nat: nat-in-public-subnet",
    ]);
    const noEip = [vpc(), ...publicPath()].map((x) =>
      x.name === "nat" ? { ...x, inputs: { subnetId: "public-id" } } : x,
    );
    assert.deepStrictEqual(rules(noEip), ["NatGateway nat: nat-elastic-ip"]);
  });

  it("checks routes: one default per table, targets in the table's VPC", () => {
    const graph = [
      vpc(),
      r("ec2/vpc:Vpc", "other", { cidrBlock: "10.1.0.0/16" }),
      r("ec2/internetGateway:InternetGateway", "other-igw", { vpcId: "other-id" }),
      r("ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-id" }),
      r("ec2/routeTable:RouteTable", "rt", { vpcId: "vpc-id" }),
      r("ec2/route:Route", "one", {
        routeTableId: "rt-id",
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: "igw-id",
      }),
      r("ec2/route:Route", "two", {
        routeTableId: "rt-id",
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: "other-igw-id",
      }),
    ];
    assert.deepStrictEqual(rules(graph), [
      "RouteTable rt: one-default-route",
      "Route two: route-target-in-vpc",
    ]);
  });

  it("warns when the stack's Elastic IPs in one Region exceed the default quota of 5", () => {
    const eips = (n: number, provider?: string) =>
      Array.from({ length: n }, (_, i) => ({
        ...r("ec2/eip:Eip", `${provider ?? "default"}-eip-${i}`, { domain: "vpc" }),
        provider,
      }));
    assert.deepStrictEqual(preflight([...eips(5), ...eips(5, "urn:provider:eu")]), []);
    const over = preflight(eips(6));
    assert.deepStrictEqual(over, [
      {
        resource: "Eip default-eip-5",
        rule: "elastic-ip-quota",
        severity: "warning",
        message:
          'the stack allocates 6 Elastic IPs in one Region, over the default quota of 5 per Region (which also counts those the account already holds): request more in Service Quotas ("EC2-VPC Elastic IPs") before deploying, or use fewer NAT gateways (natGateways: "single").',
        doc: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-eips",
      },
    ]);
  });

  it("takes a regional NAT gateway without an allocation, and refuses one with it", () => {
    const nat = (inputs: Record<string, unknown>) =>
      r("ec2/natGateway:NatGateway", "regional", {
        vpcId: "vpc-id",
        availabilityMode: "regional",
        connectivityType: "public",
        ...inputs,
      });
    assert.deepStrictEqual(rules([vpc(), nat({})]), []);
    assert.deepStrictEqual(rules([vpc(), nat({ allocationId: "eipalloc-1" })]), [
      "NatGateway regional: nat-regional-allocation",
    ]);
    // It has no subnet: a route to it is checked against the VPC it names.
    const routeTo = (natVpc: string) => [
      vpc(),
      r("ec2/vpc:Vpc", "other", { cidrBlock: "10.1.0.0/16" }),
      nat({ vpcId: natVpc }),
      r("ec2/routeTable:RouteTable", "rt", { vpcId: "vpc-id" }),
      r("ec2/route:Route", "out", {
        routeTableId: "rt-id",
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: "regional-id",
      }),
    ];
    assert.deepStrictEqual(rules(routeTo("vpc-id")), []);
    assert.deepStrictEqual(rules(routeTo("other-id")), ["Route out: route-target-in-vpc"]);
  });

  it("finds the VPC of an adopted default route table and of a gateway attached apart (no false route-target-in-vpc)", () => {
    const withVpcOutputs = { ...vpc(), outputs: { defaultRouteTableId: "rtb-main-1" } };
    const graph = (gatewayVpc: string) => [
      withVpcOutputs,
      { ...r("ec2/vpc:Vpc", "other", { cidrBlock: "10.1.0.0/16" }), id: "other-id" },
      // Adopted by id, as third-party programs do: no vpcId input.
      {
        ...r("ec2/defaultRouteTable:DefaultRouteTable", "main", {
          defaultRouteTableId: "rtb-main-1",
        }),
        id: "rtb-main-1",
      },
      r("ec2/internetGateway:InternetGateway", "igw", {}),
      r("ec2/internetGatewayAttachment:InternetGatewayAttachment", "igw-attach", {
        internetGatewayId: "igw-id",
        vpcId: gatewayVpc,
      }),
      r("ec2/route:Route", "out", {
        routeTableId: "rtb-main-1",
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: "igw-id",
      }),
    ];
    assert.deepStrictEqual(rules(graph("vpc-id")), []);
    // The same gateway attached to another VPC is the mistake the rule is for.
    assert.deepStrictEqual(rules(graph("other-id")), ["Route out: route-target-in-vpc"]);
  });

  it("finds a default route table's VPC on a recorded graph, from the provider's vpcId output", async () => {
    useWorld();
    const network = new aws.ec2.Vpc("main-vpc", { cidrBlock: "10.3.0.0/16" });
    const gateway = new aws.ec2.InternetGateway("main-igw", { vpcId: network.id });
    const table = new aws.ec2.DefaultRouteTable("main-table", {
      defaultRouteTableId: network.defaultRouteTableId,
    });
    new aws.ec2.Route("main-out", {
      routeTableId: table.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: gateway.id,
    });
    await settle();
    assert.deepStrictEqual(rules(registrations()), []);
  });

  it("takes what other people's stacks write: gateway endpoints without a type, gateways attached apart, main route tables", () => {
    const endpoint = (name: string, service: string) =>
      r("ec2/vpcEndpoint:VpcEndpoint", name, {
        vpcId: "vpc-id",
        serviceName: `com.amazonaws.us-east-1.${service}`,
        routeTableIds: ["rt-id"],
      });
    // The provider's default type, Gateway, is right for S3 and DynamoDB (awsx leaves it out).
    assert.deepStrictEqual(
      rules([vpc(), endpoint("s3", "s3"), endpoint("ddb", "dynamodb"), endpoint("q", "sqs")]),
      ["VpcEndpoint q: endpoint-type-explicit"],
    );
    // A Gateway Load Balancer endpoint (a firewall's) states its type: nothing to report.
    const firewall = endpoint("fw", "vpce-svc-0fw");
    assert.deepStrictEqual(
      rules([
        vpc(),
        { ...firewall, inputs: { ...firewall.inputs, vpcEndpointType: "GatewayLoadBalancer" } },
      ]),
      [],
    );
    // An internet gateway attached with InternetGatewayAttachment has no vpcId of its own.
    const attachedApart = [vpc(), ...publicPath()].map((x) =>
      x.name === "igw" ? { ...x, inputs: {} } : x,
    );
    assert.deepStrictEqual(rules(attachedApart), []);
    // A NAT gateway's subnet without an association of its own uses the VPC's main table.
    const mainTable = [vpc(), ...publicPath()].filter((x) => x.name !== "public-assoc");
    assert.deepStrictEqual(rules(mainTable), []);
  });
});
