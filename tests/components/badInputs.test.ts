import * as assert from "assert";
import {
  PrivateNetwork,
  PrivateNetworkArgs,
  ServiceEndpoints,
  ServiceEndpointsArgs,
} from "../../components";
import { asyncError, registrations, useWorld } from "../mocks";

/**
 * Every bad input fails with a message that names the argument and the fix, before any child
 * resource is registered. "now" errors are thrown by the constructor itself, before even the
 * component is registered; "region" errors need the region's zones or endpoint services, so they
 * come from the component's initialisation, before its first child.
 */
type When = "now" | "region";
type Case = [string, () => unknown, When, string];

const net = (args: PrivateNetworkArgs) => () => new PrivateNetwork("net", args);
const eps = (args: Partial<ServiceEndpointsArgs>) => () =>
  new ServiceEndpoints("eps", { vpcId: "vpc-1", endpoints: [], ...args });
const N = 'PrivateNetwork "net": ';
const E = 'ServiceEndpoints "eps": ';

const cases: Case[] = [
  [
    "a public VPC block",
    net({ cidrBlock: "100.64.0.0/16" }),
    "now",
    `${N}cidrBlock "100.64.0.0/16" is not a private (RFC 1918) range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.`,
  ],
  [
    "a VPC block that is not a CIDR",
    net({ cidrBlock: "10.0.0.0/16 " }),
    "now",
    `${N}cidrBlock "10.0.0.0/16 " is not an IPv4 CIDR block; write it as four decimal octets and a prefix length, like 10.0.0.0/16.`,
  ],
  [
    "a VPC block too small for the layout",
    net({ cidrBlock: "10.0.0.0/22" }),
    "now",
    `${N}cidrBlock "10.0.0.0/22" is too small: the subnet layout needs at least a /21 (its public subnets are /28s); use a prefix length from /16 to /21.`,
  ],
  [
    "a VPC block larger than AWS allows",
    net({ cidrBlock: "172.16.0.0/12" }),
    "now",
    `${N}cidrBlock "172.16.0.0/12" is larger than AWS allows for a VPC; use a prefix length from /16 to /21.`,
  ],
  [
    "a zone count of zero",
    net({ availabilityZoneCount: 0 }),
    "now",
    `${N}availabilityZoneCount must be a whole number of at least 1 (got 0).`,
  ],
  [
    "a count and names together",
    net({ availabilityZoneCount: 2, availabilityZoneNames: ["us-east-1a"] }),
    "now",
    `${N}give only one of availabilityZoneCount, availabilityZoneNames and availabilityZoneIds (got availabilityZoneCount and availabilityZoneNames).`,
  ],
  [
    "names and IDs together",
    net({ availabilityZoneNames: ["us-east-1a"], availabilityZoneIds: ["use1-az1"] }),
    "now",
    `${N}give only one of availabilityZoneCount, availabilityZoneNames and availabilityZoneIds (got availabilityZoneNames and availabilityZoneIds).`,
  ],
  [
    "an empty zone list",
    net({ availabilityZoneIds: [] }),
    "now",
    `${N}availabilityZoneIds is empty: list at least one zone, or leave it out to use availabilityZoneCount.`,
  ],
  [
    "a zone named twice",
    net({ availabilityZoneNames: ["us-east-1a", "us-east-1a"] }),
    "now",
    `${N}availabilityZoneNames lists us-east-1a more than once.`,
  ],
  [
    "a zone letter outside the layout",
    net({ availabilityZoneNames: ["us-east-1a", "us-east-1k"] }),
    "now",
    `${N}zone us-east-1k has no slot in the subnet layout, which covers zone letters a to h; choose zones with availabilityZoneNames or availabilityZoneIds.`,
  ],
  [
    "an unknown NAT strategy",
    net({ natGateways: "oneEach" as never }),
    "now",
    `${N}natGateways "oneEach" is not a NAT strategy; use "none", "single" or "perAz".`,
  ],
  [
    "a repeated endpoint",
    net({ endpoints: [{ service: "sqs" }, { service: "sqs" }] }),
    "now",
    `${N}endpoints lists sqs more than once; give each service one entry per endpoint type.`,
  ],
  [
    "a gateway endpoint for a service without one",
    net({ endpoints: [{ service: "sns", type: "Gateway" }] }),
    "now",
    `${N}endpoints[0] (sns): AWS offers gateway endpoints only for dynamodb and s3; use type "Interface" or leave type out.`,
  ],
  [
    "an unknown endpoint type",
    net({ endpoints: [{ service: "sns", type: "PrivateLink" as never }] }),
    "now",
    `${N}endpoints[0] (sns): type "PrivateLink" is not an endpoint type; use "Gateway" or "Interface".`,
  ],
  [
    "a Name tag",
    net({ tags: { Name: "mine" } }),
    "now",
    `${N}tags must not set "Name": every child gets its own Name tag, its resource name; use another key.`,
  ],
  [
    "more zones than the region has",
    net({ availabilityZoneCount: 6 }),
    "region",
    `${N}availabilityZoneCount is 6, but us-east-1 offers only 5 zones once excludeAvailabilityZoneIds drops us-east-1e (use1-az3): lower the count or change excludeAvailabilityZoneIds.`,
  ],
  [
    "an unknown zone name",
    net({ availabilityZoneNames: ["us-east-1a", "us-east-1g"] }),
    "region",
    `${N}availabilityZoneNames: us-east-1g is not an available zone in us-east-1; the region offers us-east-1a (use1-az6), us-east-1b (use1-az1), us-east-1c (use1-az2), us-east-1d (use1-az4), us-east-1e (use1-az3), us-east-1f (use1-az5).`,
  ],
  [
    "an unknown zone ID",
    net({ availabilityZoneIds: ["use1-az9"] }),
    "region",
    `${N}availabilityZoneIds: use1-az9 is not an available zone in us-east-1; the region offers us-east-1a (use1-az6), us-east-1b (use1-az1), us-east-1c (use1-az2), us-east-1d (use1-az4), us-east-1e (use1-az3), us-east-1f (use1-az5).`,
  ],
  [
    "an excluded zone asked for by ID",
    net({ availabilityZoneIds: ["use1-az1", "use1-az3"] }),
    "region",
    `${N}availabilityZoneIds: us-east-1e (use1-az3) is excluded by excludeAvailabilityZoneIds; remove it from one of the two.`,
  ],
  [
    "an endpoint service the region lacks",
    net({ endpoints: [{ service: "s3" }, { service: "nosuchservice" }] }),
    "region",
    `${N}endpoints: com.amazonaws.us-east-1.nosuchservice is not an interface endpoint service in us-east-1 (no matching EC2 VPC Endpoint Service found); check the service name.`,
  ],
  [
    "an endpoint with no supported zone",
    net({
      availabilityZoneNames: ["us-east-1e"],
      excludeAvailabilityZoneIds: [],
      endpoints: [{ service: "lambda" }],
    }),
    "region",
    `${N}endpoints: the lambda endpoint service supports none of the subnets' zones (us-east-1e); it is offered in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f: choose zones that include one of those.`,
  ],
  [
    "endpoints without a VPC",
    eps({ vpcId: undefined }),
    "now",
    `${E}vpcId is required: pass the id of the VPC the endpoints go in.`,
  ],
  [
    "interface endpoints without subnets",
    eps({ endpoints: [{ service: "sqs" }, { service: "kms" }] }),
    "now",
    `${E}subnetIds is empty, but interface endpoints (sqs, kms) need subnets: pass private subnet ids, one per zone.`,
  ],
  [
    "gateway endpoints without route tables",
    eps({ routeTableIds: [], endpoints: [{ service: "s3" }] }),
    "now",
    `${E}routeTableIds is empty, but gateway endpoints (s3) are route-table targets: pass the private route table ids, or set type "Interface".`,
  ],
  [
    "ingress from anywhere",
    eps({
      subnetIds: ["subnet-1"],
      endpoints: [{ service: "sqs" }],
      allowedCidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"],
    }),
    "now",
    `${E}allowedCidrBlocks "0.0.0.0/0" admits the whole internet; list only the blocks that need access.`,
  ],
  [
    "no allowed source at all",
    eps({ subnetIds: ["subnet-1"], endpoints: [{ service: "sqs" }], allowedCidrBlocks: [] }),
    "now",
    `${E}allowedCidrBlocks and allowedSecurityGroupIds are both empty, so nothing could reach the interface endpoints: allow a block or a security group, or leave allowedCidrBlocks out to allow the VPC.`,
  ],
  [
    "zones that do not match the subnets",
    eps({
      subnetIds: ["subnet-1", "subnet-2"],
      subnetAvailabilityZones: ["us-east-1a"],
      endpoints: [{ service: "sqs" }],
    }),
    "now",
    `${E}subnetAvailabilityZones has 1 entries but subnetIds has 2: give one zone per subnet, in the same order.`,
  ],
  [
    "a policy that is not a policy",
    eps({ routeTableIds: ["rtb-1"], endpoints: [{ service: "s3", policy: "[]" }] }),
    "now",
    `${E}endpoints[0] (s3).policy must be a JSON policy document with a Statement, like {"Version":"2012-10-17","Statement":[...]}.`,
  ],
  [
    "endpoint subnets only in unsupported zones",
    eps({
      subnetIds: ["subnet-1"],
      subnetAvailabilityZones: ["us-east-1e"],
      endpoints: [{ service: "lambda" }],
    }),
    "region",
    `${E}endpoints: the lambda endpoint service supports none of the subnets' zones (us-east-1e); it is offered in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f: add subnets in those zones.`,
  ],
];

describe("bad inputs", () => {
  for (const [what, construct, when, message] of cases) {
    it(`rejects ${what}`, async () => {
      useWorld();
      if (when === "now") {
        assert.throws(construct, { name: "ArgumentError", message });
        assert.deepStrictEqual(registrations(), []);
      } else {
        construct();
        const error = await asyncError();
        assert.strictEqual(error.message, message);
        // Only the component itself was registered, never a child.
        assert.deepStrictEqual(
          registrations().map((r) => r.type),
          [registrations()[0].type],
        );
        assert.match(registrations()[0].type, /^lambda-networking:index:/);
      }
    });
  }
});
