/**
 * The policy pack's tests. Security groups: no public ingress, and a closed default security
 * group.
 */
import * as aws from "../../components/aws";
import * as assert from "assert";
import { PrivateNetwork } from "../../components";
import { findingsOf, only, vpc } from "./helpers";

describe("policy pack", () => {
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
});
