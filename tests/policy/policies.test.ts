import * as aws from "../../components/aws";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  countHyperplaneEnis as libraryEnis,
  DEFAULT_HYPERPLANE_ENI_QUOTA as LIBRARY_QUOTA,
} from "../../components/lib/eni";
import { countHyperplaneEnis as packEnis } from "../../policy/rules/eni";
import { DEFAULT_HYPERPLANE_ENI_QUOTA as PACK_QUOTA } from "../../policy/rules/limits";
import { PrivateNetwork } from "../../components";
import { allPolicies, interfaceEndpointPrivateDns, lambdaInVpc } from "../../policy/policies";
import { Finding, isMandatory, PolicyConfig, runPolicies } from "../../policy/runner";
import { planOf, SAMPLE_POLICY_CONFIG } from "../../scripts/plan";
import { runStack } from "../sampleRuns";
import { registrations, setPreview, settle, useWorld } from "../mocks";

/** Builds a stack with plain @pulumi/aws resources on the mocked runtime and runs the pack. */
async function findingsOf(build: () => void, config: PolicyConfig = {}): Promise<Finding[]> {
  useWorld();
  build();
  await settle();
  return runPolicies(registrations(), config);
}

const POLICY_DIR = path.join(__dirname, "..", "..", "policy");

const only = (findings: Finding[], policy: string) => findings.filter((f) => f.policy === policy);

// Building blocks of the bad stacks.
function vpc(name = "v", flowLog: boolean | string = true) {
  const v = new aws.ec2.Vpc(name, { cidrBlock: "10.0.0.0/16" });
  if (flowLog !== false) {
    new aws.ec2.FlowLog(`${name}-flow`, {
      vpcId: v.id,
      trafficType: flowLog === true ? "ALL" : flowLog,
      logDestination: "arn:aws:s3:::logs",
    });
  }
  return v;
}
const subnet = (
  v: aws.ec2.Vpc,
  name: string,
  zone: string,
  cidr: string,
  mapPublicIpOnLaunch = false,
) =>
  new aws.ec2.Subnet(name, {
    vpcId: v.id,
    availabilityZone: zone,
    cidrBlock: cidr,
    mapPublicIpOnLaunch,
  });
function routeTable(v: aws.ec2.Vpc, name: string, subnets: aws.ec2.Subnet[]) {
  const table = new aws.ec2.RouteTable(name, { vpcId: v.id });
  subnets.forEach(
    (s, i) =>
      new aws.ec2.RouteTableAssociation(`${name}-${i}`, { subnetId: s.id, routeTableId: table.id }),
  );
  return table;
}
const fn = (name: string, subnets: aws.ec2.Subnet[], groups: string[] = ["sg-fn"]) =>
  new aws.lambda.Function(name, {
    role: "arn:aws:iam::123456789012:role/r",
    runtime: "nodejs22.x",
    handler: "index.handler",
    vpcConfig: { subnetIds: subnets.map((s) => s.id), securityGroupIds: groups },
  });

describe("policy pack", () => {
  describe("lambda-in-vpc", () => {
    const outside = () =>
      new aws.lambda.Function("outside", {
        role: "arn:aws:iam::123456789012:role/r",
        runtime: "nodejs22.x",
        handler: "i.h",
      });

    it("flags a function without vpcConfig, as advisory", async () => {
      assert.deepStrictEqual(only(await findingsOf(outside), "lambda-in-vpc"), [
        {
          policy: "lambda-in-vpc",
          enforcementLevel: "advisory",
          resource: "outside",
          message:
            "Lambda function outside runs outside a VPC, so it cannot reach private resources and its network access is not under your control: give it a vpcConfig with private subnets in two or more zones (with lambda-networking: VpcFunction), or add it to this policy's exemptFunctionNames if it stays in the Lambda service VPC on purpose, invoked through a Lambda interface endpoint.",
        },
      ]);
    });

    it("leaves exempt functions and VPC functions alone", async () => {
      const config = { "lambda-in-vpc": { exemptFunctionNames: ["outside"] } };
      assert.deepStrictEqual(only(await findingsOf(outside, config), "lambda-in-vpc"), []);
      const inVpc = () => {
        const v = vpc();
        fn("inside", [
          subnet(v, "a", "us-east-1a", "10.0.0.0/24"),
          subnet(v, "b", "us-east-1b", "10.0.1.0/24"),
        ]);
      };
      assert.deepStrictEqual(only(await findingsOf(inVpc), "lambda-in-vpc"), []);
    });
  });

  describe("lambda-multi-az and lambda-not-in-public-subnet", () => {
    it("flags a function whose subnets are all in one zone", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        fn("one-zone", [
          subnet(v, "a1", "us-east-1a", "10.0.0.0/24"),
          subnet(v, "a2", "us-east-1a", "10.0.1.0/24"),
        ]);
      });
      assert.deepStrictEqual(only(findings, "lambda-multi-az"), [
        {
          policy: "lambda-multi-az",
          enforcementLevel: "mandatory",
          resource: "one-zone",
          message:
            "Lambda function one-zone runs in 1 Availability Zone (us-east-1a), fewer than 2: a zone outage stops it. Add subnets in other zones.",
        },
      ]);
    });

    it("flags a function in a subnet routed to an internet gateway or mapping public IPs", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        const igw = new aws.ec2.InternetGateway("igw", { vpcId: v.id });
        const web = subnet(v, "web", "us-east-1a", "10.0.0.0/24");
        const table = routeTable(v, "public", [web]);
        new aws.ec2.Route("to-igw", {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          gatewayId: igw.id,
        });
        fn("exposed", [web, subnet(v, "ips", "us-east-1b", "10.0.1.0/24", true)]);
      });
      assert.deepStrictEqual(
        only(findings, "lambda-not-in-public-subnet").map((f) => f.message),
        [
          "Lambda function exposed is in public subnet web (its route table sends 0.0.0.0/0 to an internet gateway); a function there gets no public IP and so no internet. Use private subnets, with NAT if it needs the internet.",
          "Lambda function exposed is in public subnet ips (it maps public IPs on launch); a function there gets no public IP and so no internet. Use private subnets, with NAT if it needs the internet.",
        ],
      );
      assert.deepStrictEqual(only(findings, "lambda-multi-az"), []);
    });

    it("flags a function in a subnet without an association, whose VPC's main table goes to the internet", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        const igw = new aws.ec2.InternetGateway("igw", { vpcId: v.id });
        // The VPC's main route table, managed in the stack, routed to the internet gateway.
        new aws.ec2.DefaultRouteTable("main", {
          defaultRouteTableId: v.defaultRouteTableId,
          routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        });
        fn("on-main", [
          subnet(v, "plain-a", "us-east-1a", "10.0.0.0/24"),
          subnet(v, "plain-b", "us-east-1b", "10.0.1.0/24"),
        ]);
        // Another VPC whose main table is made by MainRouteTableAssociation.
        const w = vpc("w");
        const wIgw = new aws.ec2.InternetGateway("w-igw", { vpcId: w.id });
        const wMain = new aws.ec2.RouteTable("w-main", {
          vpcId: w.id,
          routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: wIgw.id }],
        });
        new aws.ec2.MainRouteTableAssociation("w-main", { vpcId: w.id, routeTableId: wMain.id });
        fn("on-w-main", [
          subnet(w, "w-a", "us-east-1a", "10.0.0.0/24"),
          subnet(w, "w-b", "us-east-1b", "10.0.1.0/24"),
        ]);
      });
      assert.deepStrictEqual(
        only(findings, "lambda-not-in-public-subnet").map((f) => f.message.split(";")[0]),
        [
          "Lambda function on-main is in public subnet plain-a (its route table sends 0.0.0.0/0 to an internet gateway)",
          "Lambda function on-main is in public subnet plain-b (its route table sends 0.0.0.0/0 to an internet gateway)",
          "Lambda function on-w-main is in public subnet w-a (its route table sends 0.0.0.0/0 to an internet gateway)",
          "Lambda function on-w-main is in public subnet w-b (its route table sends 0.0.0.0/0 to an internet gateway)",
        ],
      );
    });

    it("says nothing about the zones of subnets that are not in the stack, but one subnet is one zone", async () => {
      const findings = await findingsOf(() => {
        for (const [name, subnetIds] of Object.entries({
          elsewhere: ["subnet-1", "subnet-2"],
          single: ["subnet-1"],
        })) {
          new aws.lambda.Function(name, {
            role: "arn:aws:iam::123456789012:role/r",
            runtime: "nodejs22.x",
            handler: "i.h",
            vpcConfig: { subnetIds, securityGroupIds: ["sg-1"] },
          });
        }
      });
      assert.deepStrictEqual(
        findings.filter(isMandatory).map((f) => [f.policy, f.message]),
        [
          [
            "lambda-multi-az",
            "Lambda function single runs in 1 subnet, so at most 1 Availability Zone, fewer than 2: a zone outage stops it. Add subnets in other zones.",
          ],
        ],
      );
    });
  });

  describe("security-group-no-public-ingress", () => {
    const policy = "security-group-no-public-ingress";
    const TAIL =
      ": the internet reaches only the authorised ports (TCP 80, 443; UDP none). Allow the blocks or security groups that need access, or add a public block you trust to this policy's trustedSources.";

    it("flags public sources on ports not authorised, in inline rules, rule resources and ingress rule resources", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        const open = new aws.ec2.SecurityGroup("open", {
          vpcId: v.id,
          ingress: [
            {
              protocol: "tcp",
              fromPort: 22,
              toPort: 22,
              cidrBlocks: ["0.0.0.0/0"],
              ipv6CidrBlocks: ["::/0"],
            },
          ],
        });
        new aws.ec2.SecurityGroupRule("rule", {
          type: "ingress",
          securityGroupId: open.id,
          protocol: "tcp",
          fromPort: 8000,
          toPort: 8100,
          ipv6CidrBlocks: ["::/0"],
        });
        new aws.vpc.SecurityGroupIngressRule("ingress", {
          securityGroupId: open.id,
          ipProtocol: "-1",
          cidrIpv4: "0.0.0.0/0",
        });
        // Authorised ports, private sources, ICMP and egress are not this policy's findings.
        new aws.vpc.SecurityGroupIngressRule("https", {
          securityGroupId: open.id,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "0.0.0.0/0",
        });
        new aws.ec2.SecurityGroupRule("ping", {
          type: "ingress",
          securityGroupId: open.id,
          protocol: "icmp",
          fromPort: 8,
          toPort: 0,
          cidrBlocks: ["0.0.0.0/0"],
        });
        new aws.ec2.SecurityGroup("closed", {
          vpcId: v.id,
          ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/16"] }],
          egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        });
      });
      assert.deepStrictEqual(
        only(findings, policy).map((f) => [f.resource, f.message]),
        [
          [
            "ingress",
            `ingress admits all traffic from 0.0.0.0/0, the whole internet, including high-risk ports 20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300${TAIL}`,
          ],
          [
            "open",
            `open admits tcp 22 from 0.0.0.0/0 and ::/0, the whole internet, including high-risk port 22${TAIL}`,
          ],
          [
            "rule",
            `rule admits tcp 8000-8100 from ::/0, the whole internet, including high-risk ports 8080, 8088${TAIL}`,
          ],
        ],
      );
    });

    it("sees public sources however they are written: IPv6 spellings, halves, part of the internet, the default group, prefix lists", async () => {
      const findings = await findingsOf(() => {
        const v = vpc();
        const rule = (cidrBlocks: string[], ipv6CidrBlocks: string[] = []) => ({
          protocol: "tcp",
          fromPort: 3306,
          toPort: 3306,
          cidrBlocks,
          ipv6CidrBlocks,
        });
        new aws.ec2.SecurityGroup("spelled", {
          vpcId: v.id,
          ingress: [rule([], ["0::/0"]), rule([], ["0000:0000:0000:0000:0000:0000:0000:0000/0"])],
        });
        const halves = new aws.ec2.SecurityGroup("halves", { vpcId: v.id });
        for (const [i, cidrIpv4] of ["0.0.0.0/1", "128.0.0.0/1"].entries()) {
          new aws.vpc.SecurityGroupIngressRule(`half-${i}`, {
            securityGroupId: halves.id,
            ipProtocol: "tcp",
            fromPort: 3306,
            toPort: 3306,
            cidrIpv4,
          });
        }
        new aws.ec2.SecurityGroup("v6-halves", {
          vpcId: v.id,
          ingress: [rule([], ["::/1", "8000::/1"])],
        });
        new aws.ec2.DefaultSecurityGroup("default", {
          vpcId: v.id,
          ingress: [rule(["0.0.0.0/0"])],
        });
        // Not the whole internet, but public: one address of it is the internet for a database.
        new aws.ec2.SecurityGroup("partner", { vpcId: v.id, ingress: [rule(["52.94.0.0/22"])] });
        // 10.0.0.0/7 reaches past 10.0.0.0/8 into public 11.0.0.0/8.
        new aws.ec2.SecurityGroup("wide", { vpcId: v.id, ingress: [rule(["10.0.0.0/7"])] });
        const list = new aws.ec2.ManagedPrefixList("anywhere", {
          addressFamily: "IPv4",
          maxEntries: 2,
          entries: [{ cidr: "10.1.0.0/16" }],
        });
        new aws.ec2.ManagedPrefixListEntry("anywhere-entry", {
          prefixListId: list.id,
          cidr: "0.0.0.0/0",
        });
        new aws.ec2.SecurityGroupRule("via-list", {
          type: "ingress",
          securityGroupId: halves.id,
          protocol: "tcp",
          fromPort: 5432,
          toPort: 5432,
          prefixListIds: [list.id],
        });
        // Private, reserved and unique-local sources are not public.
        new aws.ec2.SecurityGroup("private", {
          vpcId: v.id,
          ingress: [
            rule(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"], ["fd00::/8"]),
          ],
        });
      });
      assert.deepStrictEqual(
        only(findings, policy).map((f) => [f.resource, f.message.replace(TAIL, "")]),
        [
          [
            "default",
            "default admits tcp 3306 from 0.0.0.0/0, the whole internet, including high-risk port 3306",
          ],
          ["half-0", "half-0 admits tcp 3306 from 0.0.0.0/1, including high-risk port 3306"],
          ["half-1", "half-1 admits tcp 3306 from 128.0.0.0/1, including high-risk port 3306"],
          ["partner", "partner admits tcp 3306 from 52.94.0.0/22, including high-risk port 3306"],
          [
            "spelled",
            "spelled admits tcp 3306 from 0::/0, the whole internet, including high-risk port 3306; tcp 3306 from 0000:0000:0000:0000:0000:0000:0000:0000/0, the whole internet, including high-risk port 3306",
          ],
          [
            "v6-halves",
            // 8000::/1 is outside global unicast (2000::/3): not public.
            "v6-halves admits tcp 3306 from ::/1, including high-risk port 3306",
          ],
          [
            "via-list",
            "via-list admits tcp 5432 from 0.0.0.0/0, the whole internet (through a prefix list), including high-risk port 5432",
          ],
          ["wide", "wide admits tcp 3306 from 10.0.0.0/7, including high-risk port 3306"],
        ],
      );
    });

    it("takes authorised TCP and UDP ports apart, and trusted sources, from its config", async () => {
      const build = () => {
        const v = vpc();
        new aws.ec2.SecurityGroup("web", {
          vpcId: v.id,
          ingress: [
            { protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: ["0.0.0.0/0"] },
            // QUIC: HTTPS over UDP 443, which the TCP list does not authorise.
            { protocol: "udp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] },
            { protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["52.94.0.0/24"] },
          ],
        });
      };
      assert.deepStrictEqual(
        only(await findingsOf(build), policy).map((f) => f.message.replace(TAIL, "")),
        [
          "web admits tcp 8443 from 0.0.0.0/0, the whole internet; udp 443 from ::/0, the whole internet; tcp 6379 from 52.94.0.0/24",
        ],
      );
      const config = {
        [policy]: {
          authorizedTcpPorts: [443, 8443],
          authorizedUdpPorts: [443],
          trustedSources: ["52.94.0.0/16"],
        },
      };
      assert.deepStrictEqual(only(await findingsOf(build, config), policy), []);
      // UDP 443 authorised does not authorise TCP 443, nor the other way round.
      const udpOnly = { [policy]: { authorizedTcpPorts: [8443], authorizedUdpPorts: [443] } };
      assert.deepStrictEqual(
        only(await findingsOf(build, udpOnly), policy).map((f) => f.message),
        [
          "web admits tcp 6379 from 52.94.0.0/24: the internet reaches only the authorised ports (TCP 8443; UDP 443). Allow the blocks or security groups that need access, or add a public block you trust to this policy's trustedSources.",
        ],
      );
      // The deprecated one list still authorises both protocols, as it did.
      const legacy = {
        [policy]: { authorizedPorts: [443, 8443], trustedSources: ["52.94.0.0/16"] },
      };
      assert.deepStrictEqual(only(await findingsOf(build, legacy), policy), []);
      await assert.rejects(
        findingsOf(build, { [policy]: { authorizedPorts: [443], authorizedUdpPorts: [443] } }),
        {
          message: `${policy}: authorizedPorts (deprecated, for TCP and UDP) is set with authorizedTcpPorts or authorizedUdpPorts: keep the per-protocol lists only.`,
        },
      );
      await assert.rejects(findingsOf(build, { [policy]: { trustedSources: ["office"] } }), {
        message: `${policy}: trustedSources lists "office", not CIDR blocks: write each as an address and a prefix length, e.g. "203.0.113.0/24".`,
      });
    });

    it("never authorises Security Hub EC2.19's 24 high-risk ports, on TCP or UDP", async () => {
      const build = () => {
        const v = vpc();
        new aws.ec2.SecurityGroup("db", {
          vpcId: v.id,
          ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }],
        });
      };
      const risky =
        "high-risk port (Security Hub EC2.19: 20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300) that stay closed to the internet: remove it, and reach the service through a VPN, Session Manager or a trustedSources block.";
      for (const [key, port] of [
        ["authorizedTcpPorts", 5432],
        ["authorizedUdpPorts", 9200],
        ["authorizedPorts", 22],
      ] as const) {
        await assert.rejects(findingsOf(build, { [policy]: { [key]: [443, port] } }), {
          message: `${policy}: ${key} lists ${port}, ${risky}`,
        });
      }
      assert.deepStrictEqual(
        only(await findingsOf(build), policy).map((f) => f.message.replace(TAIL, "")),
        ["db admits tcp 5432 from 0.0.0.0/0, the whole internet, including high-risk port 5432"],
      );
    });
  });

  describe("interface endpoints", () => {
    function endpoints(
      build: (
        v: aws.ec2.Vpc,
        a: aws.ec2.Subnet,
        b: aws.ec2.Subnet,
        sg: aws.ec2.SecurityGroup,
      ) => void,
      sgPorts = [443],
    ) {
      return () => {
        const v = vpc();
        const a = subnet(v, "a", "us-east-1a", "10.0.0.0/24");
        const b = subnet(v, "b", "us-east-1b", "10.0.1.0/24");
        const sg = new aws.ec2.SecurityGroup("endpoint-sg", {
          vpcId: v.id,
          ingress: sgPorts.map((port) => ({
            protocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrBlocks: ["10.0.0.0/16"],
          })),
        });
        build(v, a, b, sg);
      };
    }
    const endpoint = (
      name: string,
      v: aws.ec2.Vpc,
      subnets: aws.ec2.Subnet[],
      sg: aws.ec2.SecurityGroup,
      extra: Partial<aws.ec2.VpcEndpointArgs> = {},
    ) =>
      new aws.ec2.VpcEndpoint(name, {
        vpcId: v.id,
        serviceName: "com.amazonaws.us-east-1.sqs",
        vpcEndpointType: "Interface",
        subnetIds: subnets.map((s) => s.id),
        securityGroupIds: [sg.id],
        privateDnsEnabled: true,
        ...extra,
      });

    it("flags private DNS off, one zone, and non-HTTPS ingress", async () => {
      const findings = await findingsOf(
        endpoints(
          (v, a, _b, sg) => {
            endpoint("no-dns", v, [a], sg, { privateDnsEnabled: false });
            new aws.ec2.SecurityGroupRule("http", {
              type: "ingress",
              securityGroupId: sg.id,
              protocol: "tcp",
              fromPort: 80,
              toPort: 80,
              cidrBlocks: ["10.0.0.0/16"],
            });
          },
          [443, 22],
        ),
      );
      assert.deepStrictEqual(
        only(findings, "interface-endpoint-private-dns").map((f) => f.message),
        [
          "Interface endpoint no-dns (com.amazonaws.us-east-1.sqs) has private DNS off, so SDKs keep resolving the public service name and bypass it: set privateDnsEnabled: true (the VPC needs DNS support and hostnames on).",
        ],
      );
      assert.deepStrictEqual(
        only(findings, "interface-endpoint-multi-az").map((f) => f.message),
        [
          "Interface endpoint no-dns (com.amazonaws.us-east-1.sqs) is in 1 Availability Zone: a zone outage cuts every client off. Give it subnets in at least two zones.",
        ],
      );
      assert.deepStrictEqual(
        only(findings, "interface-endpoint-https-only").map((f) => f.message),
        [
          "Security group endpoint-sg of an interface endpoint admits tcp 22, tcp 80; endpoints serve HTTPS only: allow TCP 443 and nothing else.",
        ],
      );
      assert.ok(
        findings.filter((f) => f.policy.startsWith("interface-endpoint")).every(isMandatory),
      );
    });

    it("sees groups added by association, and an endpoint left with the VPC's default group", async () => {
      const findings = await findingsOf(
        endpoints((v, a, b, sg) => {
          const wide = new aws.ec2.SecurityGroup("wide", {
            vpcId: v.id,
            ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"] }],
          });
          const associated = endpoint("associated", v, [a, b], sg);
          new aws.ec2.SecurityGroupAssociation("wide-on-associated", {
            vpcEndpointId: associated.id,
            securityGroupId: wide.id,
          });
          endpoint("bare", v, [a, b], sg, { securityGroupIds: [] });
        }),
      );
      assert.deepStrictEqual(
        only(findings, "interface-endpoint-https-only").map((f) => f.message),
        [
          "Interface endpoint bare (com.amazonaws.us-east-1.sqs) has no security group, so AWS gives it the VPC's default group, which admits all traffic from its members; endpoints serve HTTPS only: give it a group that admits TCP 443 and nothing else.",
          "Security group wide of an interface endpoint admits all traffic; endpoints serve HTTPS only: allow TCP 443 and nothing else.",
        ],
      );
    });

    it("accepts private DNS on, two zones and HTTPS only; ignores gateway endpoints", async () => {
      const findings = await findingsOf(
        endpoints((v, a, b, sg) => {
          endpoint("good", v, [a, b], sg);
          new aws.ec2.VpcEndpoint("s3", {
            vpcId: v.id,
            serviceName: "com.amazonaws.us-east-1.s3",
            vpcEndpointType: "Gateway",
          });
        }),
      );
      assert.deepStrictEqual(
        findings.filter((f) => f.policy.startsWith("interface-endpoint")),
        [],
      );
    });

    it("flags a Lambda endpoint that allows invoking anything", async () => {
      const lambda = { serviceName: "com.amazonaws.us-east-1.lambda" };
      const fullAccess = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
      });
      const scoped = JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: ["lambda:InvokeFunction"],
            Resource: ["arn:aws:lambda:us-east-1:123456789012:function:f"],
          },
        ],
      });
      const findings = await findingsOf(
        endpoints((v, a, b, sg) => {
          endpoint("open-invoke", v, [a, b], sg, lambda);
          endpoint("star-invoke", v, [a, b], sg, { ...lambda, policy: fullAccess });
          endpoint("scoped-invoke", v, [a, b], sg, { ...lambda, policy: scoped });
          // The China regions name the Lambda endpoint service cn.com.amazonaws.<region>.lambda.
          endpoint("china-invoke", v, [a, b], sg, {
            serviceName: "cn.com.amazonaws.cn-north-1.lambda",
          });
          const doc = (statement: Record<string, unknown>) =>
            JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", ...statement }] });
          // IAM matches actions in any case and with wildcards; NotAction and NotResource.
          endpoint("upper-invoke", v, [a, b], sg, {
            ...lambda,
            policy: doc({ Action: "LAMBDA:INVOKEFUNCTION", Resource: "*" }),
          });
          endpoint("wild-invoke", v, [a, b], sg, {
            ...lambda,
            policy: doc({ Action: "lambda:Invoke*", Resource: "arn:aws:lambda:*:*:function:*" }),
          });
          endpoint("not-action", v, [a, b], sg, {
            ...lambda,
            policy: doc({ NotAction: "lambda:GetFunction", Resource: "*" }),
          });
          endpoint("not-resource", v, [a, b], sg, {
            ...lambda,
            policy: doc({
              Action: "lambda:InvokeFunction",
              NotResource: "arn:aws:lambda:*:*:function:x",
            }),
          });
          // Scoped: the own account's functions, or a policy attached apart.
          endpoint("own-account", v, [a, b], sg, {
            ...lambda,
            policy: doc({
              Action: "lambda:InvokeFunction",
              Resource: "arn:aws:lambda:us-east-1:123456789012:function:*",
            }),
          });
          const attachedApart = endpoint("attached-apart", v, [a, b], sg, lambda);
          new aws.ec2.VpcEndpointPolicy("attached-apart", {
            vpcEndpointId: attachedApart.id,
            policy: scoped,
          });
          const fullApart = endpoint("full-apart", v, [a, b], sg, lambda);
          new aws.ec2.VpcEndpointPolicy("full-apart", {
            vpcEndpointId: fullApart.id,
            policy: fullAccess,
          });
        }),
      );
      assert.deepStrictEqual(
        only(findings, "endpoint-policy-scoped")
          .map((f) => [f.resource, f.enforcementLevel])
          .sort(),
        [
          ["china-invoke", "advisory"],
          ["full-apart", "advisory"],
          ["not-action", "advisory"],
          ["not-resource", "advisory"],
          ["open-invoke", "advisory"],
          ["star-invoke", "advisory"],
          ["upper-invoke", "advisory"],
          ["wild-invoke", "advisory"],
        ],
      );
    });

    it("flags any AWS service endpoint that lets anyone reach any account's resources", async () => {
      const doc = (statement: Record<string, unknown>) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "*", Resource: "*", ...statement },
          ],
        });
      const findings = await findingsOf(
        endpoints((v, a, b, sg) => {
          endpoint("default-policy", v, [a, b], sg);
          new aws.ec2.VpcEndpoint("s3-gateway", {
            vpcId: v.id,
            serviceName: "com.amazonaws.us-east-1.s3",
            vpcEndpointType: "Gateway",
          });
          // What the components write by default: scoped.
          endpoint("account", v, [a, b], sg, {
            policy: doc({
              Condition: {
                StringEquals: {
                  "aws:PrincipalAccount": "123456789012",
                  "aws:ResourceAccount": "123456789012",
                },
              },
            }),
          });
          endpoint("organization", v, [a, b], sg, {
            policy: doc({ Condition: { StringEquals: { "aws:principalorgid": "o-a1b2c3d4e5" } } }),
          });
          endpoint("service-principals", v, [a, b], sg, {
            policy: doc({ Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } } }),
          });
          endpoint("named-queue", v, [a, b], sg, {
            policy: doc({ Resource: "arn:aws:sqs:us-east-1:123456789012:orders" }),
          });
          endpoint("named-principal", v, [a, b], sg, {
            policy: doc({ Principal: { AWS: "arn:aws:iam::123456789012:role/app" } }),
          });
          new aws.ec2.VpcEndpoint("aws-owned-buckets", {
            vpcId: v.id,
            serviceName: "com.amazonaws.us-east-1.s3",
            vpcEndpointType: "Gateway",
            policy: doc({
              Action: "s3:GetObject",
              Resource: "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*",
            }),
          });
          // Open: a negated or IfExists condition admits everyone else; wildcard accounts.
          endpoint("not-equals", v, [a, b], sg, {
            policy: doc({
              Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } },
            }),
          });
          endpoint("if-exists", v, [a, b], sg, {
            policy: doc({
              Condition: { StringEqualsIfExists: { "aws:ResourceAccount": "123456789012" } },
            }),
          });
          endpoint("any-account-queue", v, [a, b], sg, {
            policy: doc({ Principal: { AWS: "*" }, Resource: "arn:aws:sqs:us-east-1:*:*" }),
          });
          new aws.ec2.VpcEndpoint("any-bucket", {
            vpcId: v.id,
            serviceName: "com.amazonaws.us-east-1.s3",
            vpcEndpointType: "Gateway",
            policy: doc({ Action: "s3:PutObject", Resource: "arn:aws:s3:::*/*" }),
          });
          // Not an AWS service: AWS allows full access whatever the policy.
          endpoint("partner", v, [a, b], sg, {
            serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
          });
        }),
      );
      assert.deepStrictEqual(
        only(findings, "endpoint-policy-scoped")
          .map((f) => f.resource)
          .sort(),
        [
          "any-account-queue",
          "any-bucket",
          "default-policy",
          "if-exists",
          "not-equals",
          "s3-gateway",
        ],
      );
      assert.strictEqual(
        only(findings, "endpoint-policy-scoped").find((f) => f.resource === "default-policy")
          ?.message,
        "Endpoint default-policy (sqs) has AWS's default full-access policy, so code in the VPC can use any account's credentials to reach any account's resources through it: condition it on aws:PrincipalAccount and aws:ResourceAccount (or aws:PrincipalOrgID and aws:ResourceOrgID), as AWS's data-perimeter examples do (with lambda-networking: endpointPolicyScope \"Account\" or \"Organization\").",
      );
    });
  });

  describe("nat-gateway-per-az", () => {
    function network(perAz: boolean) {
      return () => {
        const v = vpc();
        const publicA = subnet(v, "public-a", "us-east-1a", "10.0.128.0/24");
        const publicB = subnet(v, "public-b", "us-east-1b", "10.0.129.0/24");
        const natA = new aws.ec2.NatGateway("nat-a", {
          subnetId: publicA.id,
          allocationId: "eipalloc-1",
        });
        const natB = new aws.ec2.NatGateway("nat-b", {
          subnetId: publicB.id,
          allocationId: "eipalloc-2",
        });
        for (const [zone, nat] of [
          ["a", natA],
          ["b", perAz ? natB : natA],
        ] as const) {
          const table = routeTable(v, `private-${zone}`, [
            subnet(v, `private-${zone}`, `us-east-1${zone}`, `10.0.${zone === "a" ? 0 : 16}.0/20`),
          ]);
          new aws.ec2.Route(`private-${zone}`, {
            routeTableId: table.id,
            destinationCidrBlock: "0.0.0.0/0",
            natGatewayId: nat.id,
          });
        }
      };
    }

    it("flags a zone that leaves through another zone's NAT gateway", async () => {
      assert.deepStrictEqual(only(await findingsOf(network(false)), "nat-gateway-per-az"), [
        {
          policy: "nat-gateway-per-az",
          enforcementLevel: "advisory",
          resource: "private-b",
          message: `Route table private-b sends us-east-1b traffic to NAT gateway nat-a in us-east-1a: an outage there cuts those zones off, and cross-zone traffic is billed. Give each zone a NAT gateway and route each private route table to its own zone's (with lambda-networking: PrivateNetwork's natGateways: "perAz").`,
        },
      ]);
    });

    it("accepts zone-local NAT", async () => {
      assert.deepStrictEqual(only(await findingsOf(network(true)), "nat-gateway-per-az"), []);
    });
  });

  describe("hyperplane-eni-budget", () => {
    const fleet = () => {
      const v = vpc();
      const subnets = [
        subnet(v, "a", "us-east-1a", "10.0.0.0/24"),
        subnet(v, "b", "us-east-1b", "10.0.1.0/24"),
      ];
      fn("f1", subnets, ["sg-1"]);
      fn("f2", subnets, ["sg-2"]);
      fn("f3", subnets, ["sg-1"]);
    };

    it("counts distinct combinations per VPC against the quota", async () => {
      const findings = await findingsOf(fleet, { "hyperplane-eni-budget": { quota: 3 } });
      assert.deepStrictEqual(
        only(findings, "hyperplane-eni-budget").map((f) => f.message),
        [
          `VPC ${registrations().find((r) => r.type === "aws:ec2/vpc:Vpc")?.id}: its functions use 4 distinct subnet and security-group combinations, each a Hyperplane ENI, over the quota of 3. Share security groups and subnets between functions, or raise the quota with AWS and in this policy's config.`,
        ],
      );
      assert.deepStrictEqual(only(await findingsOf(fleet), "hyperplane-eni-budget"), []);
    });
  });

  describe("vpc-flow-logs", () => {
    it("flags a VPC without a flow log, or with one of accepted traffic only", async () => {
      const findings = await findingsOf(() => {
        vpc("logged", true);
        vpc("rejects", "REJECT");
        vpc("accepts", "ACCEPT");
        vpc("silent", false);
      });
      assert.deepStrictEqual(
        only(findings, "vpc-flow-logs").map((f) => [f.resource, f.message]),
        [
          [
            "accepts",
            `VPC accepts's flow logs record only ACCEPT traffic, so rejected traffic leaves no record (Security Hub EC2.6 asks for it): set trafficType to "REJECT" or "ALL".`,
          ],
          [
            "silent",
            'VPC silent has no flow log, so rejected and accepted traffic leaves no record: add an aws.ec2.FlowLog for it with trafficType "REJECT" or "ALL".',
          ],
        ],
      );
    });
  });

  it("is documented: the README's table lists every policy of the pack with its level, in order", () => {
    const readme = fs.readFileSync(path.join(POLICY_DIR, "..", "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` +\| (advisory|mandatory) +\|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    assert.deepStrictEqual(
      rows,
      (allPolicies ?? []).map((p) => `${p.name} ${p.enforcementLevel}`),
    );
  });

  describe("default-security-group-closed", () => {
    it("passes an adopted default group with no rules; flags one left open, given rules inline or attached", async () => {
      const findings = await findingsOf(() => {
        const closed = vpc("closed");
        new aws.ec2.DefaultSecurityGroup("closed-default", {
          vpcId: closed.id,
          ingress: [],
          egress: [],
        });
        vpc("untouched");
        const inline = vpc("inline");
        new aws.ec2.DefaultSecurityGroup("inline-default", {
          vpcId: inline.id,
          ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
          egress: [],
        });
        const attached = vpc("attached");
        const group = new aws.ec2.DefaultSecurityGroup("attached-default", {
          vpcId: attached.id,
        });
        new aws.vpc.SecurityGroupEgressRule("attached-out", {
          securityGroupId: group.id,
          ipProtocol: "-1",
          cidrIpv4: "0.0.0.0/0",
        });
      });
      assert.deepStrictEqual(
        only(findings, "default-security-group-closed").map((f) => [f.resource, f.message]),
        [
          [
            "attached-default",
            "VPC attached's default security group attached-default has 1 rule (attached-out), so whatever lands in it can send or receive traffic: give it none, and give resources groups of their own.",
          ],
          [
            "inline-default",
            "VPC inline's default security group inline-default has 1 rule (ingress), so whatever lands in it can send or receive traffic: give it none, and give resources groups of their own.",
          ],
          [
            "untouched",
            "VPC untouched's default security group keeps the rules AWS gives it (all traffic from its members, all outbound), and anything left without a group of its own lands in it: adopt it with an aws.ec2.DefaultSecurityGroup with no rules (lambda-networking's PrivateNetwork does, unless restrictDefaultSecurityGroup is false).",
          ],
        ],
      );
      assert.strictEqual(
        only(findings, "default-security-group-closed")[0].enforcementLevel,
        "mandatory",
      );
    });

    it("passes the network a PrivateNetwork builds, and flags it with restrictDefaultSecurityGroup: false", async () => {
      const closed = await findingsOf(() => new PrivateNetwork("net", {}));
      assert.deepStrictEqual(only(closed, "default-security-group-closed"), []);
      const open = await findingsOf(
        () => new PrivateNetwork("net", { restrictDefaultSecurityGroup: false }),
      );
      assert.deepStrictEqual(
        only(open, "default-security-group-closed").map((f) => f.resource),
        ["net-vpc"],
      );
    });
  });

  describe("a first preview: subnet ids, security groups and routes not known yet", () => {
    before(() => setPreview(true));
    after(() => setPreview(false));

    it("every stack policy decides what it can and skips only what it cannot, with no 'can't run' advice", async () => {
      useWorld();
      const v = vpc();
      const [a, b] = [
        subnet(v, "a", "us-east-1a", "10.0.1.0/24"),
        subnet(v, "b", "us-east-1b", "10.0.2.0/24"),
      ];
      const igw = new aws.ec2.InternetGateway("igw", { vpcId: v.id });
      const pub = subnet(v, "pub", "us-east-1c", "10.0.3.0/24");
      const table = routeTable(v, "public", [pub]);
      new aws.ec2.Route("public-default", {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: igw.id,
      });
      const sg = new aws.ec2.SecurityGroup("fn", { vpcId: v.id });
      const open = new aws.ec2.SecurityGroup("open", { vpcId: v.id });
      new aws.vpc.SecurityGroupIngressRule("open-ssh", {
        securityGroupId: open.id,
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIpv4: "0.0.0.0/0",
      });
      new aws.vpc.SecurityGroupIngressRule("from-group", {
        securityGroupId: open.id,
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        referencedSecurityGroupId: sg.id,
      });
      fn("good", [a, b], [sg.id as unknown as string]);
      fn("public", [pub, a], [sg.id as unknown as string]);
      fn("one", [a], [sg.id as unknown as string]);
      new aws.ec2.VpcEndpoint("lambda", {
        vpcId: v.id,
        serviceName: "com.amazonaws.us-east-1.lambda",
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [a.id],
        securityGroupIds: [open.id],
      });
      await settle();
      const findings = await runPolicies(registrations(), {}, { preview: true });
      assert.deepStrictEqual(
        findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`),
        [
          "mandatory lambda-multi-az one",
          "mandatory lambda-not-in-public-subnet public",
          "mandatory security-group-no-public-ingress open-ssh",
          "mandatory interface-endpoint-multi-az lambda",
          "mandatory interface-endpoint-https-only open",
          "advisory endpoint-policy-scoped lambda",
          // No DefaultSecurityGroup in the stack at all: decided in a preview too.
          "mandatory default-security-group-closed v",
        ],
      );
    });
  });

  describe("unknown values during preview", () => {
    // The policy SDK's own proxy: reading an unknown value throws, and the CLI then skips the
    // policy for that resource instead of reporting it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proxy = require("@pulumi/policy/proxy");
    const args = (type: string, props: Record<string, unknown>) => ({
      type,
      name: "r",
      urn: "urn:r",
      props: proxy.unknownCheckingProxy(props),
      opts: {},
      stackTags: new Map(),
      isType: (cls: { __pulumiType?: string }) => cls.__pulumiType === type,
      asType: () => undefined,
      getConfig: () => ({ exemptFunctionNames: [] }),
      notApplicable: () => {
        throw new Error("not applicable");
      },
    });

    for (const [policy, type, props] of [
      [lambdaInVpc, "aws:lambda/function:Function", { vpcConfig: proxy.unknownObjectValue }],
      [
        interfaceEndpointPrivateDns,
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        { vpcEndpointType: "Interface", privateDnsEnabled: proxy.unknownBooleanValue },
      ],
    ] as const) {
      it(`${policy.name} reports nothing for a value not known yet`, () => {
        const reported: string[] = [];
        assert.throws(
          () =>
            (policy.validateResource as (a: unknown, r: (m: string) => void) => void)(
              args(type, props),
              (m) => reported.push(m),
            ),
          (e: Error) => e instanceof proxy.UnknownValueError,
        );
        assert.deepStrictEqual(reported, []);
      });
    }
  });

  describe("the pack as a folder of its own", () => {
    it("loads and runs from a copy of policy/ alone, with only its own dependencies", async function () {
      this.timeout(30_000);
      // A copy outside the repository: any import reaching out of the folder fails to resolve.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-networking-policy-"));
      fs.cpSync(POLICY_DIR, dir, {
        recursive: true,
        filter: (src) => !src.includes(`${path.sep}node_modules`),
      });
      // What `npm install` in the pack's folder provides: its dependencies, here the workspace's.
      fs.symlinkSync(
        path.join(POLICY_DIR, "..", "node_modules"),
        path.join(dir, "node_modules"),
        "dir",
      );
      const sources = fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.startsWith("node_modules"));
      const outward = sources.filter((f) =>
        /from "\.\.\/\.\./.test(fs.readFileSync(path.join(dir, f), "utf8")),
      );
      assert.deepStrictEqual(outward, []);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const copy = require(path.join(dir, "runner.ts")) as typeof import("../../policy/runner");
      useWorld();
      vpc();
      await settle();
      assert.deepStrictEqual(
        (await copy.runPolicies(registrations())).map((f) => f.policy),
        (await runPolicies(registrations())).map((f) => f.policy),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("counts Hyperplane ENIs as the library does: one counting, in the pack's folder", () => {
      // The library's export is the pack's function, not a copy that could drift.
      assert.strictEqual(libraryEnis, packEnis);
      assert.strictEqual(PACK_QUOTA, LIBRARY_QUOTA);
      const fleets: [{ subnetIds: string[]; securityGroupIds: string[] }[], number][] = [
        [[], 0],
        [[{ subnetIds: ["a", "b"], securityGroupIds: ["x", "y"] }], 2],
        [
          [
            { subnetIds: ["a", "b", "a"], securityGroupIds: ["y", "x"] },
            { subnetIds: ["a"], securityGroupIds: ["x", "y", "x"] },
            { subnetIds: ["c"], securityGroupIds: [] },
          ],
          3,
        ],
      ];
      for (const [fleet, count] of fleets) {
        assert.strictEqual(packEnis(fleet), count);
      }
    });
  });

  describe("the sample stack", () => {
    for (const stack of ["dev", "prod"]) {
      it(`${stack}: no mandatory violation, and with the sample's policy config no finding at all`, async () => {
        const run = await runStack(stack);
        assert.deepStrictEqual((await runPolicies(run.registrations)).filter(isMandatory), []);
        const config = SAMPLE_POLICY_CONFIG;
        assert.deepStrictEqual(
          (await runPolicies(run.registrations, config)).map((f) => `${f.policy} ${f.resource}`),
          [],
        );
        assert.ok(planOf(run).resourceCount > 20);
      });
    }
  });
});
