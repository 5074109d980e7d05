/** The pre-flight on quotas and lengths: security-group rules, tags, names. */
import * as assert from "assert";
import { physicalName } from "../../components/lib/naming";
import { preflight } from "../../policy/rules/preflight";

import { r, rules } from "./preflightHelpers";

describe("lib/preflight", () => {
  it("checks security groups: rule counts (one per source) and names", () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`);
    assert.deepStrictEqual(
      rules([
        r("ec2/securityGroup:SecurityGroup", "many", {
          ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: blocks(61) }],
        }),
        r("ec2/securityGroup:SecurityGroup", "fine", {
          name: "app",
          ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: blocks(60) }],
        }),
        r("ec2/securityGroup:SecurityGroup", "named", { name: "sg-app" }),
      ]),
      ["SecurityGroup many: security-group-rule-count", "SecurityGroup named: security-group-name"],
    );
  });

  it("counts security-group rules apart for IPv4 and IPv6, a group source toward both, a prefix list as its maximum entries", () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`);
    const v6 = (n: number) =>
      Array.from({ length: n }, (_, i) => `2600:1f18:${i.toString(16)}::/48`);
    const sg = (name: string, rule: Record<string, unknown>) =>
      r("ec2/securityGroup:SecurityGroup", name, {
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ...rule }],
      });
    const graph = [
      r("ec2/managedPrefixList:ManagedPrefixList", "partners", {
        addressFamily: "IPv4",
        maxEntries: 50,
      }),
      // 60 of each family: at the quota, not over it.
      sg("both-full", { cidrBlocks: blocks(60), ipv6CidrBlocks: v6(60) }),
      // 59 blocks and one group: 60 IPv4, 1 IPv6.
      sg("with-group", { cidrBlocks: blocks(59), securityGroups: ["sg-1"] }),
      // 11 blocks and a list of up to 50 entries: 61.
      sg("with-list", { cidrBlocks: blocks(11), prefixListIds: ["partners-id"] }),
      // 60 IPv6 blocks and a group: 61 IPv6.
      sg("v6-over", { ipv6CidrBlocks: v6(60), securityGroups: ["sg-1"] }),
    ];
    assert.deepStrictEqual(
      preflight(graph).map((f) => `${f.resource}: ${f.rule}: ${f.message}`),
      [
        "SecurityGroup with-list: security-group-rule-count: has 61 IPv4 ingress rules; a security group takes 60 (each prefix list counts as its maximum entries).",
        "SecurityGroup v6-over: security-group-rule-count: has 61 IPv6 ingress rules; a security group takes 60 (each prefix list counts as its maximum entries).",
      ],
    );
  });

  it("checks tags: count and lengths", () => {
    const tags = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    assert.deepStrictEqual(
      rules([
        r("ec2/vpc:Vpc", "many", { cidrBlock: "10.0.0.0/16", tags: tags(51) }),
        r("ec2/vpc:Vpc", "long", { cidrBlock: "10.1.0.0/16", tags: { ["k".repeat(129)]: "v" } }),
        r("ec2/vpc:Vpc", "fine", { cidrBlock: "10.2.0.0/16", tags: tags(50) }),
      ]),
      ["Vpc many: tag-count", "Vpc long: tag-length"],
    );
  });

  it("names long children within AWS limits, stably", () => {
    assert.strictEqual(physicalName("a".repeat(56), 64), undefined);
    const long = physicalName("a".repeat(57), 64) as string;
    assert.strictEqual(long.length, 64);
    assert.strictEqual(long, physicalName("a".repeat(57), 64));
    // Unique per project and stack: dev and prod in one account must not share a role name.
    assert.notStrictEqual(
      physicalName("a".repeat(57), 64, "app/dev"),
      physicalName("a".repeat(57), 64, "app/prod"),
    );
    assert.strictEqual(
      physicalName("a".repeat(57), 64, "app/dev"),
      physicalName("a".repeat(57), 64, "app/dev"),
    );
    assert.notStrictEqual(
      physicalName(`${"a".repeat(60)}-one`, 64),
      physicalName(`${"a".repeat(60)}-two`, 64),
    );
  });
});
