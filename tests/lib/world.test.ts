/**
 * `--world FILE` (scripts/world.ts): the user's account as the AWS CLI prints it, read into the
 * offline world; the fake AWS answering from it; and a program on an existing VPC, by plain ids,
 * that runs offline only with it. The fixtures (tests/fixtures/world) are the commands' output as
 * a user would paste it, fields the offline check does not use included.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ServiceEndpoints } from "../../components";
import { ProgramError, runProgram } from "../../scripts/runProgram";
import { InputFileError, readStackConfig, StackConfig } from "../../scripts/stackConfig";
import { MAX_WORLD_FILE_BYTES, readWorldFiles, worldForStack } from "../../scripts/world";
import { asyncError, MockWorld, serveInvoke, useWorld } from "../mocks";

const WORLD = path.join(__dirname, "..", "fixtures", "world");
const PROGRAM = path.join(__dirname, "..", "fixtures", "existing-vpc");
const file = (name: string) => path.join(WORLD, name);
const ACCOUNT_FILES = [
  "network.json",
  "security-groups.json",
  "endpoints.json",
  "endpoint-services.json",
  "zones.json",
  "dns-hostnames.json",
].map(file);

const VPC = "vpc-0a1b2c3d4e5f60718";
const PRIVATE_A = "subnet-0aa11bb22cc33dd44";

/** A temporary file with `text`, removed after the test. */
const temporary: string[] = [];
function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "world-"));
  const written = path.join(dir, name);
  fs.writeFileSync(written, text);
  temporary.push(dir);
  return written;
}

/** `text` matched literally in a regular expression. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The InputFileError reading `files` throws. */
function refusal(files: string[]): string {
  try {
    readWorldFiles(files);
  } catch (e) {
    assert.ok(e instanceof InputFileError, `not an InputFileError: ${String(e)}`);
    return e.message;
  }
  throw new Error("expected the files to be refused");
}

const stackIn = (region: string | undefined): StackConfig => ({
  project: "existing-vpc",
  stack: "dev",
  file: "Pulumi.dev.yaml",
  config: region === undefined ? {} : { "aws:region": region },
});

describe("--world: the account as the AWS CLI prints it", () => {
  afterEach(() => {
    for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("reading the files", () => {
    const world = readWorldFiles([...ACCOUNT_FILES, file("extra-subnet.json")]);

    it("describe-vpcs: every block association with its state, the IPv6 block, DNS attributes from describe-vpc-attribute or on", () => {
      assert.deepStrictEqual(world.vpcs, [
        {
          id: VPC,
          cidrBlock: "10.20.0.0/16",
          cidrBlockAssociations: [
            {
              associationId: "vpc-cidr-assoc-0a9b8c7d6e5f40312",
              cidrBlock: "10.20.0.0/16",
              state: "associated",
            },
            {
              associationId: "vpc-cidr-assoc-06d5c4b3a2918f7e6",
              cidrBlock: "100.64.0.0/16",
              state: "associated",
            },
            {
              associationId: "vpc-cidr-assoc-01f2e3d4c5b6a7980",
              cidrBlock: "10.21.0.0/16",
              state: "disassociated",
            },
          ],
          ipv6CidrBlockAssociations: [
            {
              associationId: "vpc-cidr-assoc-0f3e8d1c2b7a69584",
              cidrBlock: "2600:1f18:4a3b:6d00::/56",
              state: "associated",
            },
          ],
          ipv6CidrBlock: "2600:1f18:4a3b:6d00::/56",
          isDefault: false,
          ownerId: "111122223333",
          // dns-hostnames.json says so; support, not given, is taken as on.
          enableDnsSupport: true,
          enableDnsHostnames: true,
        },
      ]);
    });

    it("describe-subnets: zone and zone ID, public IP mapping, IPv6; a second file's subnets are added (one IPv6-only, no CidrBlock)", () => {
      assert.deepStrictEqual(
        world.subnets?.map((s) => [
          s.id,
          s.availabilityZone,
          s.availabilityZoneId,
          s.cidrBlock,
          s.ipv6CidrBlock,
          s.mapPublicIpOnLaunch,
        ]),
        [
          [PRIVATE_A, "us-east-1a", "use1-az6", "10.20.0.0/19", undefined, false],
          ["subnet-0bb22cc33dd44ee55", "us-east-1b", "use1-az1", "10.20.32.0/19", undefined, false],
          [
            "subnet-0cc33dd44ee55ff66",
            "us-east-1a",
            "use1-az6",
            "10.20.128.0/24",
            "2600:1f18:4a3b:6d10::/64",
            true,
          ],
          [
            "subnet-0dd44ee55ff660077",
            "us-east-1c",
            "use1-az2",
            "",
            "2600:1f18:4a3b:6d20::/64",
            false,
          ],
        ],
      );
    });

    it("describe-route-tables: the main table, each table's subnets, every route target", () => {
      const tables = world.routeTables ?? [];
      assert.deepStrictEqual(
        tables.map((t) => [t.id, t.main, t.subnetIds]),
        [
          ["rtb-05f2c8a1b9d3e7f60", true, []],
          ["rtb-0a7e6d5c4b3a29180", false, [PRIVATE_A]],
          ["rtb-0b8f7e6d5c4b3a291", false, ["subnet-0bb22cc33dd44ee55"]],
          ["rtb-0c9a8b7c6d5e4f302", false, ["subnet-0cc33dd44ee55ff66"]],
        ],
      );
      assert.deepStrictEqual(tables[1].routes, [
        { cidrBlock: "10.20.0.0/16", gatewayId: "local", origin: "CreateRouteTable" },
        { cidrBlock: "100.64.0.0/16", gatewayId: "local", origin: "CreateRouteTable" },
        {
          cidrBlock: "10.0.0.0/8",
          transitGatewayId: "tgw-0f9e8d7c6b5a43210",
          origin: "CreateRoute",
        },
        { cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0123a4b5c6d7e8f90", origin: "CreateRoute" },
        {
          ipv6CidrBlock: "2600:1f18:4a3b:6d00::/56",
          gatewayId: "local",
          origin: "CreateRouteTable",
        },
        {
          ipv6CidrBlock: "::/0",
          egressOnlyGatewayId: "eigw-0d6c5b4a3f2e1d0c9",
          origin: "CreateRoute",
        },
        {
          destinationPrefixListId: "pl-63a5400a",
          gatewayId: "vpce-0b5e1f2a3c4d6e7f8",
          origin: "CreateRoute",
        },
      ]);
      assert.deepStrictEqual(tables[2].routes[2], {
        cidrBlock: "172.31.0.0/16",
        vpcPeeringConnectionId: "pcx-0e4d3c2b1a0f9e8d7",
        origin: "CreateRoute",
      });
    });

    it("describe-security-groups: one rule per source, as DescribeSecurityGroupRules counts them", () => {
      const orders = world.securityGroups?.find((g) => g.id === "sg-0f9e8d7c6b5a40312");
      assert.deepStrictEqual(orders, {
        id: "sg-0f9e8d7c6b5a40312",
        vpcId: VPC,
        name: "orders-functions",
        description: "Lambda functions of the orders service",
        ingress: [],
        egress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
            description: "HTTPS out",
          },
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            ipv6CidrBlocks: ["::/0"],
            description: "HTTPS out",
          },
          {
            protocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            securityGroups: ["sg-0a0b0c0d0e0f01234"],
            description: "orders database",
          },
          { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-63a5400a"] },
        ],
      });
      // All traffic ("-1") has no ports in the output; the rules API gives -1.
      assert.deepStrictEqual(world.securityGroups?.[0].egress, [
        { protocol: "-1", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] },
      ]);
    });

    it("describe-vpc-endpoints and describe-vpc-endpoint-services: the endpoints, each service once per type, the gateway prefix list from the endpoint's route", () => {
      assert.deepStrictEqual(
        world.vpcEndpoints?.map((e) => [e.id, e.type, e.serviceName, e.state, e.privateDnsEnabled]),
        [
          ["vpce-0b5e1f2a3c4d6e7f8", "Gateway", "com.amazonaws.us-east-1.s3", "available", false],
          [
            "vpce-0c7d8e9f0a1b2c3d4",
            "Interface",
            "com.amazonaws.us-east-1.secretsmanager",
            "available",
            true,
          ],
        ],
      );
      assert.deepStrictEqual(
        world.endpointServices?.map((s) => `${s.serviceName} ${s.type}`),
        [
          "com.amazonaws.us-east-1.dynamodb Gateway",
          "com.amazonaws.us-east-1.dynamodb Interface",
          "com.amazonaws.us-east-1.lambda Interface",
          "com.amazonaws.us-east-1.logs Interface",
          "com.amazonaws.us-east-1.s3 Gateway",
          "com.amazonaws.us-east-1.s3 Interface",
          "com.amazonaws.us-east-1.secretsmanager Interface",
          "com.amazonaws.us-east-1.sts Interface",
          "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 Interface",
        ],
      );
      assert.deepStrictEqual(
        world.endpointServices?.find((s) => s.serviceName.endsWith(".lambda")),
        {
          serviceName: "com.amazonaws.us-east-1.lambda",
          type: "Interface",
          availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"],
          privateDnsName: "lambda.us-east-1.amazonaws.com",
          policySupported: true,
          serviceId: "vpce-svc-0b1e2d3c4f5a6b7c8",
          owner: "amazon",
          baseEndpointDnsNames: ["lambda.us-east-1.vpce.amazonaws.com"],
          acceptanceRequired: false,
          managesVpcEndpoints: false,
          supportedIpAddressTypes: ["ipv4", "ipv6"],
        },
      );
      assert.deepStrictEqual(world.prefixLists, { "com.amazonaws.us-east-1.s3": "pl-63a5400a" });
    });

    it("describe-availability-zones: the region and its standard zones (a Local Zone left out)", () => {
      assert.strictEqual(world.region, "us-east-1");
      assert.deepStrictEqual(world.zonesByRegion, {
        "us-east-1": [
          { name: "us-east-1a", id: "use1-az6" },
          { name: "us-east-1b", id: "use1-az1" },
          { name: "us-east-1c", id: "use1-az2" },
          { name: "us-east-1d", id: "use1-az4" },
          { name: "us-east-1e", id: "use1-az3" },
          { name: "us-east-1f", id: "use1-az5" },
        ],
      });
    });

    it("reads the same from several outputs in one file as from one file each", () => {
      const network = JSON.parse(fs.readFileSync(file("network.json"), "utf8"));
      const apart = ["Vpcs", "Subnets", "RouteTables"].map((key) =>
        tempFile(`${key}.json`, JSON.stringify({ [key]: network[key] }, null, 4)),
      );
      const together = readWorldFiles([file("network.json")]);
      const separate = readWorldFiles(apart);
      assert.deepStrictEqual({ ...separate, origin: "" }, { ...together, origin: "" });
    });

    it("takes a VPC's DNS attributes from its entry, else describe-vpc-attribute, else both on", () => {
      const vpc = (extra: object) =>
        tempFile(
          "vpc.json",
          JSON.stringify({ Vpcs: [{ VpcId: "vpc-0f00", CidrBlock: "10.9.0.0/16", ...extra }] }),
        );
      const dns = (world: Partial<MockWorld>) =>
        world.vpcs?.map((v) => [v.enableDnsSupport, v.enableDnsHostnames]);
      assert.deepStrictEqual(dns(readWorldFiles([vpc({})])), [[true, true]]);
      assert.deepStrictEqual(dns(readWorldFiles([vpc({ EnableDnsHostnames: false })])), [
        [true, false],
      ]);
      const attribute = tempFile(
        "support.json",
        JSON.stringify({ VpcId: "vpc-0f00", EnableDnsSupport: { Value: false } }),
      );
      assert.deepStrictEqual(dns(readWorldFiles([vpc({}), attribute])), [[false, true]]);
    });

    it("reads Windows PowerShell's UTF-16 output", () => {
      const text = fs.readFileSync(file("zones.json"), "utf8");
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      const written = tempFile("zones.json", "");
      fs.writeFileSync(written, utf16);
      assert.deepStrictEqual(
        readWorldFiles([written]).zonesByRegion,
        readWorldFiles([file("zones.json")]).zonesByRegion,
      );
    });
  });

  describe("refusing bad files, naming the file and what is wrong", () => {
    const bad = (name: string) => path.join(WORLD, "bad", name);

    it("not JSON (the CLI's text output)", () => {
      const f = bad("subnets-as-text.txt");
      assert.match(
        refusal([f]),
        new RegExp(
          `^--world ${literally(f)}: not JSON \\(.*\\); write the AWS CLI's output with --output json\\.$`,
        ),
      );
    });

    it("not the object the CLI prints (a --query's list)", () => {
      const f = bad("query-output.json");
      assert.strictEqual(
        refusal([f]),
        `--world ${f}: a list, not the JSON object the AWS CLI prints (e.g. {"Subnets": [...]}); write the command's whole output, without --query.`,
      );
    });

    it("a key no describe call of the world prints", () => {
      const f = bad("instances.json");
      assert.match(
        refusal([f]),
        new RegExp(
          `^--world ${literally(f)}: unknown key "Reservations"; a world file holds what these print: Vpcs \\(aws ec2 describe-vpcs\\), Subnets \\(aws ec2 describe-subnets\\), `,
        ),
      );
    });

    it("a key of the wrong shape, a missing field, a field of the wrong type", () => {
      assert.strictEqual(
        refusal([bad("subnets-not-a-list.json")]),
        `--world ${bad("subnets-not-a-list.json")}: Subnets is an object, not a list`,
      );
      assert.strictEqual(
        refusal([bad("subnet-without-vpc.json")]),
        `--world ${bad("subnet-without-vpc.json")}: Subnets[0].VpcId is missing (the AWS CLI prints it for each entry)`,
      );
      const wrongType = tempFile(
        "subnets.json",
        JSON.stringify({
          Subnets: [
            {
              SubnetId: PRIVATE_A,
              VpcId: VPC,
              AvailabilityZone: "us-east-1a",
              MapPublicIpOnLaunch: "false",
            },
          ],
        }),
      );
      assert.strictEqual(
        refusal([wrongType]),
        `--world ${wrongType}: Subnets[0].MapPublicIpOnLaunch is "false", not a boolean`,
      );
    });

    it("a missing file, and one far larger than any describe call's output", () => {
      const missing = path.join(WORLD, "nope.json");
      assert.strictEqual(
        refusal([missing]),
        `--world ${missing}: no such file (a relative path is read from the folder the command runs in).`,
      );
      const huge = tempFile("huge.json", "");
      fs.truncateSync(huge, MAX_WORLD_FILE_BYTES + 1);
      assert.match(
        refusal([huge]),
        new RegExp(`^--world ${literally(huge)}: ${MAX_WORLD_FILE_BYTES + 1} bytes`),
      );
    });

    it("files of two regions, naming where each was read", () => {
      assert.strictEqual(
        refusal([file("network.json"), bad("eu-west-1-zones.json")]),
        `--world: the files describe more than one region: us-east-1 (${file("network.json")}: Subnets[0].SubnetArn "arn:aws:ec2:us-east-1:111122223333:subnet/${PRIVATE_A}") and eu-west-1 (${bad("eu-west-1-zones.json")}: AvailabilityZones[0].RegionName "eu-west-1"); describe the stack's region only (run the commands with --region REGION).`,
      );
    });

    it("a world of another region than the stack's aws:region, naming both", () => {
      const world = readWorldFiles([bad("eu-west-1-zones.json")]);
      assert.throws(
        () => worldForStack(stackIn("us-east-1"), world),
        (e: Error) =>
          e instanceof InputFileError &&
          e.message ===
            `--world ${bad("eu-west-1-zones.json")}: the files describe region eu-west-1, but the stack's aws:region is us-east-1 (Pulumi.dev.yaml); describe the account in us-east-1 (run the commands with --region us-east-1), or check the stack's region.`,
      );
      // A stack that sets no region runs in the world's.
      assert.strictEqual(worldForStack(stackIn(undefined), world).region, "eu-west-1");
    });
  });

  describe("the fake AWS answering from the account", () => {
    beforeEach(() => {
      useWorld(worldForStack(stackIn("us-east-1"), readWorldFiles(ACCOUNT_FILES)).world);
    });

    it("answers a subnet with its own zone ID, a VPC with its blocks as associated", () => {
      const subnet = serveInvoke("aws:ec2/getSubnet:getSubnet", { id: PRIVATE_A });
      assert.strictEqual(subnet.availabilityZoneId, "use1-az6");
      assert.strictEqual(subnet.arn, `arn:aws:ec2:us-east-1:111122223333:subnet/${PRIVATE_A}`);
      const vpc = serveInvoke("aws:ec2/getVpc:getVpc", { id: VPC });
      assert.deepStrictEqual(
        [
          vpc.cidrBlockAssociations.map((a: any) => `${a.cidrBlock} ${a.state}`),
          vpc.ipv6CidrBlockAssociations[0].ipv6CidrBlock,
        ],
        [
          ["10.20.0.0/16 associated", "100.64.0.0/16 associated", "10.21.0.0/16 disassociated"],
          "2600:1f18:4a3b:6d00::/56",
        ],
      );
      assert.deepStrictEqual(
        serveInvoke("aws:ec2/getPrefixList:getPrefixList", {
          filters: [{ name: "prefix-list-name", values: ["com.amazonaws.us-east-1.s3"] }],
        }).id,
        "pl-63a5400a",
      );
    });

    it("keeps the provider's words for an id it lacks, and says how to add it", () => {
      const refused = (token: string, inputs: object) => {
        try {
          serveInvoke(token, inputs);
        } catch (e) {
          return (e as Error).message;
        }
        throw new Error(`${token} answered`);
      };
      const origin = ACCOUNT_FILES.join(", ");
      const cause = (id: string, command: string) =>
        `(offline: ${id} is not in the world the offline check runs against (read from ${origin}); describe your account with "aws ec2 ${command}" and pass the output with --world FILE)`;
      assert.strictEqual(
        refused("aws:ec2/getSubnet:getSubnet", { id: "subnet-0fff" }),
        `no matching EC2 Subnet found ${cause("subnet-0fff", "describe-subnets --subnet-ids subnet-0fff")}`,
      );
      assert.strictEqual(
        refused("aws:ec2/getVpc:getVpc", { id: "vpc-0fff" }),
        `no matching EC2 VPC found ${cause("vpc-0fff", "describe-vpcs --vpc-ids vpc-0fff")}`,
      );
      assert.strictEqual(
        refused("aws:ec2/getSecurityGroup:getSecurityGroup", { id: "sg-0fff" }),
        `no matching EC2 Security Group found ${cause("sg-0fff", "describe-security-groups --group-ids sg-0fff")}`,
      );
      assert.strictEqual(
        refused("aws:ec2/getRouteTable:getRouteTable", { routeTableId: "rtb-0fff" }),
        `query returned no results. Please change your search criteria and try again ${cause("rtb-0fff", "describe-route-tables --route-table-ids rtb-0fff")}`,
      );
      assert.strictEqual(
        refused("aws:ec2/getVpcEndpointService:getVpcEndpointService", {
          serviceType: "Gateway",
          filters: [{ name: "service-name", values: ["com.amazonaws.us-east-1.lambda"] }],
        }),
        "no matching EC2 VPC Endpoint Service found (offline: com.amazonaws.us-east-1.lambda is not known to the offline check as a Gateway service (it knows: dynamodb, s3; add it with --world: aws ec2 describe-vpc-endpoint-services --service-names com.amazonaws.us-east-1.lambda))",
      );
    });

    it("refuses to answer that a VPC of the account has no main route table: its tables were not given", () => {
      const network = JSON.parse(fs.readFileSync(file("network.json"), "utf8"));
      delete network.RouteTables;
      const without = tempFile("network.json", JSON.stringify(network));
      useWorld(worldForStack(stackIn("us-east-1"), readWorldFiles([without])).world);
      assert.throws(
        () =>
          serveInvoke("aws:ec2/getRouteTables:getRouteTables", {
            vpcId: VPC,
            filters: [{ name: "association.main", values: ["true"] }],
          }),
        {
          message: `the VPC's main route table was not found (offline: the main route table of ${VPC} is not in the world the offline check runs against (read from ${without}); describe your account with "aws ec2 describe-route-tables --filters Name=vpc-id,Values=${VPC}" and pass the output with --world FILE)`,
        },
      );
    });

    it("refuses an interface endpoint with private DNS where the account has one for the service, as AWS does", async () => {
      new ServiceEndpoints("second", {
        vpcId: VPC,
        subnetIds: [PRIVATE_A],
        endpoints: [{ service: "secretsmanager" }],
      });
      assert.strictEqual(
        (await asyncError()).message,
        "failed to register new resource second-secretsmanager [aws:ec2/vpcEndpoint:VpcEndpoint]: creating EC2 VPC Endpoint (com.amazonaws.us-east-1.secretsmanager): InvalidParameter: private-dns-enabled cannot be set because there is already a conflicting DNS domain for secretsmanager.us-east-1.amazonaws.com in the VPC vpc-0a1b2c3d4e5f60718 (offline: the account's vpce-0c7d8e9f0a1b2c3d4, read with --world, has private DNS for com.amazonaws.us-east-1.secretsmanager there; use it, or set privateDnsEnabled: false)",
      );
    });
  });

  describe("a program on an existing VPC, by plain ids (tests/fixtures/existing-vpc)", () => {
    const stack = () => readStackConfig(PROGRAM, "dev");

    it("runs against the account's world: endpoints in its subnets, the function's egress by its routes", async () => {
      const run = await runProgram(PROGRAM, stack(), { world: readWorldFiles(ACCOUNT_FILES) });
      const inputs = (name: string) => run.registrations.find((r) => r.name === name)?.inputs;
      assert.deepStrictEqual(inputs("orders-sts")?.subnetIds, [
        PRIVATE_A,
        "subnet-0bb22cc33dd44ee55",
      ]);
      assert.deepStrictEqual(inputs("orders-dynamodb")?.routeTableIds, [
        "rtb-0a7e6d5c4b3a29180",
        "rtb-0b8f7e6d5c4b3a291",
      ]);
      // The VPC's associated blocks (not the disassociated one); S3 through the account's
      // gateway endpoint, by its prefix list; the internet through the NAT gateways.
      assert.deepStrictEqual(
        (inputs("orders-worker-sg")?.egress as any[]).map((r) => [
          r.description,
          r.cidrBlocks,
          r.prefixListIds,
        ]),
        [
          ["All traffic to the VPC", ["10.20.0.0/16", "100.64.0.0/16"], undefined],
          ["HTTPS to the gateway endpoints", [], ["pl-63a5400a"]],
          ["HTTPS to the internet", ["0.0.0.0/0"], undefined],
        ],
      );
      assert.deepStrictEqual(run.warnings, []);
    });

    it("fails without it, naming --world and the command that describes the subnet", async () => {
      await assert.rejects(runProgram(PROGRAM, stack()), (e: Error) => {
        assert.ok(e instanceof ProgramError);
        assert.ok(
          e.messages.some((m) =>
            m.includes(
              `(offline: ${PRIVATE_A} is not in the world the offline check runs against; describe your account with "aws ec2 describe-subnets --subnet-ids ${PRIVATE_A}" and pass the output with --world FILE)`,
            ),
          ),
          e.message,
        );
        return true;
      });
    });
  });
});
