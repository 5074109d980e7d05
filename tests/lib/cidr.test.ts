import * as assert from "assert";
import {
  availabilityZoneSlot,
  blockContains,
  blocksOverlap,
  parseIpv4Block,
  parseSourceBlocks,
  parseVpcCidrBlock,
  subnetBlocksForZone,
} from "../../components/lib/cidr";

const zones = ["a", "b", "c", "d", "e", "f", "g", "h"].map((l) => `us-east-1${l}`);

describe("lib/cidr", () => {
  it("lays out a /16: private /20s in the first half, public /23s after it", () => {
    const vpc = parseVpcCidrBlock("10.0.0.0/16");
    assert.deepStrictEqual(subnetBlocksForZone(vpc, "us-east-1a"), {
      privateCidrBlock: "10.0.0.0/20",
      publicCidrBlock: "10.0.128.0/23",
    });
    assert.deepStrictEqual(subnetBlocksForZone(vpc, "us-east-1c"), {
      privateCidrBlock: "10.0.32.0/20",
      publicCidrBlock: "10.0.132.0/23",
    });
    assert.deepStrictEqual(subnetBlocksForZone(vpc, "us-east-1h"), {
      privateCidrBlock: "10.0.112.0/20",
      publicCidrBlock: "10.0.142.0/23",
    });
  });

  it("keys a zone's blocks by its letter alone, whatever other zones exist", () => {
    const vpc = parseVpcCidrBlock("172.20.0.0/18");
    assert.deepStrictEqual(
      subnetBlocksForZone(vpc, "eu-west-1b"),
      subnetBlocksForZone(vpc, "us-east-1b"),
    );
  });

  it("never overlaps across all eight slots, and stays inside the VPC", () => {
    for (const cidr of ["10.0.0.0/16", "192.168.8.0/21", "172.31.64.0/19"]) {
      const vpc = parseVpcCidrBlock(cidr);
      const blocks = zones.flatMap((z) => Object.values(subnetBlocksForZone(vpc, z)));
      const parsed = blocks.map((b) => parseIpv4Block("b", b));
      parsed.forEach((p, i) => {
        assert.ok(blockContains(vpc, p), `${blocks[i]} outside ${cidr}`);
        parsed
          .slice(i + 1)
          .forEach((q, j) =>
            assert.ok(!blocksOverlap(p, q), `${blocks[i]} overlaps ${blocks[i + 1 + j]}`),
          );
      });
    }
  });

  it("gives the smallest VPC (/21) /25 private and /28 public subnets", () => {
    assert.deepStrictEqual(subnetBlocksForZone(parseVpcCidrBlock("192.168.8.0/21"), "us-east-1b"), {
      privateCidrBlock: "192.168.8.128/25",
      publicCidrBlock: "192.168.12.16/28",
    });
  });

  it("slots zones a–h and rejects the rest", () => {
    assert.strictEqual(availabilityZoneSlot("us-east-1a"), 0);
    assert.strictEqual(availabilityZoneSlot("us-west-2d"), 3);
    assert.throws(() => availabilityZoneSlot("us-east-1i"), {
      message:
        "zone us-east-1i has no slot in the subnet layout, which covers zone letters a to h; choose zones with availabilityZoneNames or availabilityZoneIds.",
    });
  });

  const bad: [string, string][] = [
    [
      "10.0.0.0",
      'cidrBlock "10.0.0.0" is not an IPv4 CIDR block; write it as four decimal octets and a prefix length, like 10.0.0.0/16.',
    ],
    [
      "10.1/16",
      'cidrBlock "10.1/16" is not an IPv4 CIDR block; write it as four decimal octets and a prefix length, like 10.0.0.0/16.',
    ],
    [
      "010.0.0.0/16",
      'cidrBlock "010.0.0.0/16" is not an IPv4 CIDR block; write it as four decimal octets and a prefix length, like 10.0.0.0/16.',
    ],
    [
      "10.0.0.0/33",
      'cidrBlock "10.0.0.0/33" is not an IPv4 CIDR block; write it as four decimal octets and a prefix length, like 10.0.0.0/16.',
    ],
    [
      "10.0.0.1/16",
      'cidrBlock "10.0.0.1/16" has host bits set; use the network address 10.0.0.0/16.',
    ],
    [
      "8.8.0.0/16",
      'cidrBlock "8.8.0.0/16" is not a private (RFC 1918) range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.',
    ],
    [
      "10.0.0.0/8",
      'cidrBlock "10.0.0.0/8" is larger than AWS allows for a VPC; use a prefix length from /16 to /21.',
    ],
    [
      "10.0.0.0/24",
      'cidrBlock "10.0.0.0/24" is too small: the subnet layout needs at least a /21 (its public subnets are /28s); use a prefix length from /16 to /21.',
    ],
  ];
  for (const [value, message] of bad) {
    it(`rejects the VPC block ${value}`, () => {
      assert.throws(() => parseVpcCidrBlock(value), { name: "ArgumentError", message });
    });
  }

  it("sorts source blocks by family and refuses the whole internet", () => {
    assert.deepStrictEqual(parseSourceBlocks("allowedCidrBlocks", ["10.0.0.0/16", "fd00:1::/56"]), {
      ipv4: ["10.0.0.0/16"],
      ipv6: ["fd00:1::/56"],
    });
    assert.throws(() => parseSourceBlocks("allowedCidrBlocks", ["0.0.0.0/0"]), {
      message:
        'allowedCidrBlocks "0.0.0.0/0" admits the whole internet; list only the blocks that need access.',
    });
    assert.throws(() => parseSourceBlocks("allowedCidrBlocks", ["::/0"]), {
      message:
        'allowedCidrBlocks "::/0" admits the whole internet; list only the blocks that need access.',
    });
    assert.throws(() => parseSourceBlocks("allowedCidrBlocks", ["fd00::1/56"]), {
      message:
        'allowedCidrBlocks "fd00::1/56" has host bits set; use the network address fd00::/56.',
    });
    assert.throws(() => parseSourceBlocks("allowedCidrBlocks", ["fd00::/129"]), {
      message:
        'allowedCidrBlocks "fd00::/129" is not a CIDR block; write it like 10.0.0.0/16 or fd00::/56.',
    });
  });
});
