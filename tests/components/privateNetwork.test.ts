import * as aws from "../../components/aws";
import * as assert from "assert";
import { PrivateNetwork, PrivateNetworkArgs } from "../../components";
import {
  invokes,
  Registration,
  registrations,
  resource,
  resourcesOfType,
  settle,
  TYPES,
  useWorld,
  valueOf,
  accountPerimeter,
} from "../mocks";

async function build(args: PrivateNetworkArgs, name = "net") {
  const network = new PrivateNetwork(name, args);
  await settle();
  return network;
}

function countByType(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of registrations().filter((r) => r.type.startsWith("aws:ec2/"))) {
    const short = r.type.split(":").pop() as string;
    counts[short] = (counts[short] ?? 0) + 1;
  }
  return counts;
}

const idOf = (type: string, name: string) => resource(type, name).id;

describe("PrivateNetwork", () => {
  describe("resources per NAT strategy", () => {
    // Counted by hand: the VPC, its default security group (closed) and flow log; n private subnets,
    // route tables and associations; with NAT, n public
    // subnets and associations, one shared public route table and its internet route, an
    // internet gateway, and one NAT gateway with its Elastic IP per NAT zone.
    const expected: [string, number, Record<string, number>][] = [
      [
        "none",
        2,
        {
          Vpc: 1,
          DefaultSecurityGroup: 1,
          FlowLog: 1,
          Subnet: 2,
          RouteTable: 2,
          RouteTableAssociation: 2,
        },
      ],
      [
        "none",
        3,
        {
          Vpc: 1,
          DefaultSecurityGroup: 1,
          FlowLog: 1,
          Subnet: 3,
          RouteTable: 3,
          RouteTableAssociation: 3,
        },
      ],
      [
        "single",
        2,
        {
          Vpc: 1,
          DefaultSecurityGroup: 1,
          FlowLog: 1,
          Subnet: 4,
          RouteTable: 3,
          RouteTableAssociation: 4,
          Route: 3,
          InternetGateway: 1,
          Eip: 1,
          NatGateway: 1,
        },
      ],
      [
        "single",
        3,
        {
          Vpc: 1,
          DefaultSecurityGroup: 1,
          FlowLog: 1,
          Subnet: 6,
          RouteTable: 4,
          RouteTableAssociation: 6,
          Route: 4,
          InternetGateway: 1,
          Eip: 1,
          NatGateway: 1,
        },
      ],
      [
        "perAz",
        2,
        {
          Vpc: 1,
          DefaultSecurityGroup: 1,
          FlowLog: 1,
          Subnet: 4,
          RouteTable: 3,
          RouteTableAssociation: 4,
          Route: 3,
          InternetGateway: 1,
          Eip: 2,
          NatGateway: 2,
        },
      ],
      [
        "perAz",
        3,
        {
          Vpc: 1,
          DefaultSecurityGroup: 1,
          FlowLog: 1,
          Subnet: 6,
          RouteTable: 4,
          RouteTableAssociation: 6,
          Route: 4,
          InternetGateway: 1,
          Eip: 3,
          NatGateway: 3,
        },
      ],
    ];
    for (const [natGateways, availabilityZoneCount, counts] of expected) {
      it(`${natGateways} over ${availabilityZoneCount} zones`, async () => {
        useWorld();
        const net = await build({ natGateways: natGateways as never, availabilityZoneCount });
        assert.deepStrictEqual(countByType(), counts);
        assert.strictEqual((await valueOf(net.natGatewayIds)).length, counts.NatGateway ?? 0);
        assert.strictEqual(
          (await valueOf(net.publicSubnetIds)).length,
          natGateways === "none" ? 0 : availabilityZoneCount,
        );
        // Every child belongs to the component.
        for (const r of registrations().filter((r) => r.type.startsWith("aws:"))) {
          assert.strictEqual(r.parent, "net", `${r.type} ${r.name}`);
        }
      });
    }
  });

  it("builds a private-only VPC by default: DNS on, /20s keyed by zone, no internet", async () => {
    useWorld();
    const net = await build({});
    assert.deepStrictEqual(resource(TYPES.vpc, "net-vpc").inputs, {
      cidrBlock: "10.0.0.0/16",
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: "net-vpc" },
    });
    const vpcId = idOf(TYPES.vpc, "net-vpc");
    const expectedSubnets: [string, string][] = [
      ["us-east-1a", "10.0.0.0/20"],
      ["us-east-1b", "10.0.16.0/20"],
      ["us-east-1c", "10.0.32.0/20"],
    ];
    for (const [zone, cidrBlock] of expectedSubnets) {
      const name = `net-private-${zone}`;
      assert.deepStrictEqual(resource(TYPES.subnet, name).inputs, {
        vpcId,
        availabilityZone: zone,
        cidrBlock,
        mapPublicIpOnLaunch: false,
        tags: { Name: name },
      });
      assert.deepStrictEqual(resource(TYPES.routeTable, name).inputs, {
        vpcId,
        tags: { Name: name },
      });
      assert.deepStrictEqual(resource(TYPES.routeTableAssociation, name).inputs, {
        subnetId: idOf(TYPES.subnet, name),
        routeTableId: idOf(TYPES.routeTable, name),
      });
    }
    assert.deepStrictEqual(resourcesOfType(TYPES.route), []);
    assert.deepStrictEqual(await valueOf(net.availabilityZones), [
      "us-east-1a",
      "us-east-1b",
      "us-east-1c",
    ]);
    assert.deepStrictEqual(await valueOf(net.availabilityZoneIds), [
      "use1-az6",
      "use1-az1",
      "use1-az2",
    ]);
    assert.deepStrictEqual(
      await valueOf(net.privateSubnetIds),
      expectedSubnets.map(([z]) => idOf(TYPES.subnet, `net-private-${z}`)),
    );
    assert.deepStrictEqual(
      await valueOf(net.privateRouteTableIds),
      expectedSubnets.map(([z]) => idOf(TYPES.routeTable, `net-private-${z}`)),
    );
    assert.strictEqual(await valueOf(net.vpcId), vpcId);
    assert.strictEqual(await valueOf(net.vpcCidrBlock), "10.0.0.0/16");
    assert.deepStrictEqual(await valueOf(net.endpointIds), {});
    assert.strictEqual(await valueOf(net.estimatedMonthlyCostUsd), 0);
  });

  it("closes the VPC's default security group: adopted with no rules (Security Hub EC2.2)", async () => {
    useWorld();
    await build({ tags: { team: "core" } });
    assert.deepStrictEqual(resource(TYPES.defaultSecurityGroup, "net-default-sg").inputs, {
      vpcId: idOf(TYPES.vpc, "net-vpc"),
      ingress: [],
      egress: [],
      tags: { team: "core", Name: "net-default-sg" },
    });
    assert.strictEqual(resource(TYPES.defaultSecurityGroup, "net-default-sg").parent, "net");
  });

  describe("flow logs", () => {
    const NAME = "net-flow-logs";
    it("records REJECT traffic by default to a log group kept 90 days, through a role only the VPC's flow logs may assume", async () => {
      useWorld();
      await build({ tags: { team: "core" } });
      const group = resource(TYPES.logGroup, NAME);
      assert.deepStrictEqual(group.inputs, {
        retentionInDays: 90,
        tags: { team: "core", Name: NAME },
      });
      const groupArn = `arn:aws:logs:us-east-1:123456789012:log-group:${group.outputs?.name}`;
      const vpcId = idOf(TYPES.vpc, "net-vpc");
      const role = resource(TYPES.role, NAME);
      assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy), {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": "123456789012" },
              ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*" },
            },
          },
        ],
      });
      const policy = resource(TYPES.rolePolicy, NAME);
      assert.strictEqual(policy.inputs.role, role.id);
      assert.deepStrictEqual(JSON.parse(policy.inputs.policy).Statement[0].Resource, [
        groupArn,
        `${groupArn}:*`,
      ]);
      const flowLog = resource(TYPES.flowLog, NAME);
      assert.deepStrictEqual(flowLog.inputs, {
        vpcId,
        trafficType: "REJECT",
        logDestinationType: "cloud-watch-logs",
        logDestination: groupArn,
        iamRoleArn: role.outputs?.arn,
        tags: { team: "core", Name: NAME },
      });
      // Delivery starts only once the role may write.
      assert.ok(flowLog.dependencyUrns.includes(policy.urn as string));
      for (const r of [group, role, policy, flowLog]) {
        assert.strictEqual(r.parent, "net", r.name);
      }
    });

    it("takes ALL traffic, another retention and a KMS key", async () => {
      useWorld();
      const kmsKeyId = "arn:aws:kms:us-east-1:123456789012:key/1234abcd";
      await build({ flowLogs: { trafficType: "ALL", retentionInDays: 365, kmsKeyId } });
      assert.deepStrictEqual(resource(TYPES.logGroup, NAME).inputs, {
        retentionInDays: 365,
        kmsKeyId,
        tags: { Name: NAME },
      });
      assert.strictEqual(resource(TYPES.flowLog, NAME).inputs.trafficType, "ALL");
    });

    it("delivers to an S3 bucket instead: no log group, no role", async () => {
      useWorld();
      await build({ flowLogs: { s3BucketArn: "arn:aws:s3:::flow-logs" } });
      assert.deepStrictEqual(resource(TYPES.flowLog, NAME).inputs, {
        vpcId: idOf(TYPES.vpc, "net-vpc"),
        trafficType: "REJECT",
        logDestinationType: "s3",
        logDestination: "arn:aws:s3:::flow-logs",
        tags: { Name: NAME },
      });
      const others = registrations().filter((r) => r.name === NAME && r.type !== TYPES.flowLog);
      assert.deepStrictEqual(others, []);
    });

    it("makes none with enabled: false", async () => {
      useWorld();
      await build({ flowLogs: { enabled: false } });
      assert.deepStrictEqual(
        registrations().filter((r) => r.name === NAME),
        [],
      );
    });
  });

  it("leaves the default security group as AWS made it with restrictDefaultSecurityGroup: false", async () => {
    useWorld();
    await build({ restrictDefaultSecurityGroup: false });
    assert.deepStrictEqual(
      registrations().filter((r) => r.type === TYPES.defaultSecurityGroup),
      [],
    );
  });

  it("routes each private subnet through the NAT gateway in its own zone with perAz", async () => {
    useWorld();
    const net = await build({
      natGateways: "perAz",
      availabilityZoneNames: ["us-east-1b", "us-east-1d"],
    });
    const igwId = idOf(TYPES.internetGateway, "net-igw");
    assert.deepStrictEqual(resource(TYPES.route, "net-public").inputs, {
      routeTableId: idOf(TYPES.routeTable, "net-public"),
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igwId,
    });
    for (const [zone, publicBlock] of [
      ["us-east-1b", "10.0.130.0/23"],
      ["us-east-1d", "10.0.134.0/23"],
    ]) {
      const publicName = `net-public-${zone}`;
      assert.deepStrictEqual(resource(TYPES.subnet, publicName).inputs, {
        vpcId: idOf(TYPES.vpc, "net-vpc"),
        availabilityZone: zone,
        cidrBlock: publicBlock,
        mapPublicIpOnLaunch: false,
        tags: { Name: publicName },
      });
      assert.deepStrictEqual(resource(TYPES.routeTableAssociation, publicName).inputs, {
        subnetId: idOf(TYPES.subnet, publicName),
        routeTableId: idOf(TYPES.routeTable, "net-public"),
      });
      const natName = `net-nat-${zone}`;
      assert.deepStrictEqual(resource(TYPES.eip, natName).inputs, {
        domain: "vpc",
        tags: { Name: natName },
      });
      assert.deepStrictEqual(resource(TYPES.natGateway, natName).inputs, {
        allocationId: idOf(TYPES.eip, natName),
        subnetId: idOf(TYPES.subnet, publicName),
        connectivityType: "public",
        tags: { Name: natName },
      });
      // The NAT gateway needs the internet gateway attached; allocating its address does not.
      assert.ok(resource(TYPES.natGateway, natName).dependencies.includes("net-igw"));
      assert.deepStrictEqual(resource(TYPES.eip, natName).dependencies, []);
      // Zone-local egress: the private route of this zone targets this zone's NAT gateway.
      assert.deepStrictEqual(resource(TYPES.route, `net-private-${zone}`).inputs, {
        routeTableId: idOf(TYPES.routeTable, `net-private-${zone}`),
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: idOf(TYPES.natGateway, natName),
      });
    }
    assert.deepStrictEqual(await valueOf(net.natGatewayIds), [
      idOf(TYPES.natGateway, "net-nat-us-east-1b"),
      idOf(TYPES.natGateway, "net-nat-us-east-1d"),
    ]);
    // 2 × (730 h × $0.045 NAT + 730 h × $0.005 IPv4) = $73.00
    assert.strictEqual(await valueOf(net.estimatedMonthlyCostUsd), 73);
  });

  it("routes every zone through the first zone's NAT gateway with single", async () => {
    useWorld();
    await build({ natGateways: "single" });
    const nat = idOf(TYPES.natGateway, "net-nat-us-east-1a");
    for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
      assert.strictEqual(resource(TYPES.route, `net-private-${zone}`).inputs.natGatewayId, nat);
    }
  });

  it("puts user tags on every child, each with its own Name", async () => {
    useWorld();
    await build({
      natGateways: "single",
      endpoints: [{ service: "s3" }, { service: "sqs" }],
      tags: { team: "core", env: "dev" },
    });
    const tagged = registrations().filter(
      (r) =>
        r.type.startsWith("aws:") &&
        r.type !== TYPES.route &&
        r.type !== TYPES.routeTableAssociation &&
        r.type !== TYPES.rolePolicy,
    );
    // VPC, its default security group, 6 subnets, 4 route tables, gateway, EIP, NAT, endpoint
    // security group, 2 endpoints; the flow log, its log group and role.
    assert.strictEqual(tagged.length, 21);
    for (const r of tagged) {
      assert.deepStrictEqual(
        r.inputs.tags,
        { team: "core", env: "dev", Name: r.name },
        `${r.type} ${r.name}`,
      );
    }
  });

  it("passes endpointPolicyScope to its endpoints", async () => {
    useWorld();
    await build({
      endpoints: [{ service: "s3" }, { service: "sqs" }],
      endpointPolicyScope: "Open",
    });
    for (const name of ["net-endpoints-s3", "net-endpoints-sqs"]) {
      assert.strictEqual(resource(TYPES.vpcEndpoint, name).inputs.policy, undefined, name);
    }
  });

  it("places endpoints: gateways on every private route table, interfaces only in supported zones", async () => {
    useWorld();
    const net = await build({
      availabilityZoneNames: ["us-east-1a", "us-east-1b", "us-east-1e"],
      excludeAvailabilityZoneIds: [],
      endpoints: [
        { service: "s3" },
        { service: "lambda" },
        { service: "sqs", privateDnsEnabled: false },
      ],
    });
    const privateRouteTables = ["a", "b", "e"].map((l) =>
      idOf(TYPES.routeTable, `net-private-us-east-1${l}`),
    );
    const subnet = (l: string) => idOf(TYPES.subnet, `net-private-us-east-1${l}`);
    const vpcId = idOf(TYPES.vpc, "net-vpc");
    const sg = resource(TYPES.securityGroup, "net-endpoints-sg");
    assert.strictEqual(sg.parent, "net-endpoints");
    assert.strictEqual(resource(TYPES.serviceEndpoints, "net-endpoints").parent, "net");
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "net-endpoints-s3").inputs, {
      vpcId,
      serviceName: "com.amazonaws.us-east-1.s3",
      vpcEndpointType: "Gateway",
      policy: accountPerimeter("s3"),
      routeTableIds: privateRouteTables,
      tags: { Name: "net-endpoints-s3" },
    });
    // Lambda's endpoint service skips use1-az3 (us-east-1e here): two subnets, not three.
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "net-endpoints-lambda").inputs, {
      vpcId,
      serviceName: "com.amazonaws.us-east-1.lambda",
      vpcEndpointType: "Interface",
      policy: accountPerimeter("lambda"),
      subnetIds: [subnet("a"), subnet("b")],
      securityGroupIds: [sg.id],
      privateDnsEnabled: true,
      tags: { Name: "net-endpoints-lambda" },
    });
    assert.deepStrictEqual(resource(TYPES.vpcEndpoint, "net-endpoints-sqs").inputs, {
      vpcId,
      serviceName: "com.amazonaws.us-east-1.sqs",
      vpcEndpointType: "Interface",
      policy: accountPerimeter("sqs"),
      subnetIds: [subnet("a"), subnet("b"), subnet("e")],
      securityGroupIds: [sg.id],
      privateDnsEnabled: false,
      tags: { Name: "net-endpoints-sqs" },
    });
    assert.deepStrictEqual(sg.inputs, {
      vpcId,
      description: "HTTPS to the interface endpoints of net-endpoints",
      ingress: [
        {
          description: "HTTPS from allowed sources",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["10.0.0.0/16"],
          ipv6CidrBlocks: [],
          securityGroups: [],
        },
      ],
      egress: [],
      tags: { Name: "net-endpoints-sg" },
    });
    assert.deepStrictEqual(await valueOf(net.endpointIds), {
      s3: idOf(TYPES.vpcEndpoint, "net-endpoints-s3"),
      lambda: idOf(TYPES.vpcEndpoint, "net-endpoints-lambda"),
      sqs: idOf(TYPES.vpcEndpoint, "net-endpoints-sqs"),
    });
    // Interface endpoints in 2 + 3 zones: 5 × 730 h × $0.01 = $36.50; the S3 gateway is free.
    assert.strictEqual(await valueOf(net.estimatedMonthlyCostUsd), 36.5);
  });

  it("looks the region up once per network, not per subnet or endpoint", async () => {
    useWorld();
    await build({
      natGateways: "perAz",
      endpoints: [{ service: "s3" }, { service: "sqs" }, { service: "kms" }],
    });
    assert.strictEqual(invokes("aws:index/getAvailabilityZones:getAvailabilityZones").length, 1);
    assert.deepStrictEqual(
      invokes("aws:index/getAvailabilityZones:getAvailabilityZones")[0].inputs,
      {
        state: "available",
        filters: [{ name: "zone-type", values: ["availability-zone"] }],
      },
    );
    // One look-up of each service (for its name, and an interface service's zones), shared by
    // the network (which checks zones before registering anything) and its ServiceEndpoints child.
    assert.deepStrictEqual(
      invokes("aws:ec2/getVpcEndpointService:getVpcEndpointService").map((i) => i.inputs),
      ["s3", "sqs", "kms"].map((service) => ({
        serviceType: service === "s3" ? "Gateway" : "Interface",
        filters: [
          {
            name: "service-name",
            values: [`com.amazonaws.us-east-1.${service}`, `cn.com.amazonaws.us-east-1.${service}`],
          },
        ],
      })),
    );
  });

  it("uses the region of an explicit provider", async () => {
    useWorld();
    const provider = new aws.Provider("ireland", { region: "eu-west-1" });
    const net = new PrivateNetwork(
      "eu",
      { availabilityZoneCount: 2, endpoints: [{ service: "sqs" }] },
      { provider },
    );
    await settle();
    assert.deepStrictEqual(await valueOf(net.availabilityZones), ["eu-west-1a", "eu-west-1b"]);
    assert.strictEqual(
      resource(TYPES.vpcEndpoint, "eu-endpoints-sqs").inputs.serviceName,
      "com.amazonaws.eu-west-1.sqs",
    );
    for (const r of registrations().filter((r: Registration) => r.type.startsWith("aws:ec2/"))) {
      assert.strictEqual(r.provider, resource("pulumi:providers:aws", "ireland").urn, r.name);
    }
  });

  it("accepts a VPC block that is only known at deployment", async () => {
    useWorld();
    const block = new aws.ec2.VpcIpv4CidrBlockAssociation("assoc", {
      vpcId: "vpc-1",
      cidrBlock: "172.16.0.0/18",
    });
    await build({ cidrBlock: block.cidrBlock, availabilityZoneCount: 2 });
    assert.strictEqual(
      resource(TYPES.subnet, "net-private-us-east-1b").inputs.cidrBlock,
      "172.16.4.0/22",
    );
  });
});
