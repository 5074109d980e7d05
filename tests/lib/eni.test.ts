import * as assert from "assert";
import {
  countHyperplaneEnis,
  DEFAULT_HYPERPLANE_ENI_QUOTA,
  eniCombinations,
  HyperplaneEniLedger,
} from "../../components/lib/eni";

describe("lib/eni", () => {
  it("makes one combination per subnet, keyed by the set of groups", () => {
    assert.deepStrictEqual(
      eniCombinations({ subnetIds: ["s1", "s2", "s1"], securityGroupIds: ["b", "a", "b"] }),
      ["s1|a,b", "s2|a,b"],
    );
  });

  it("counts combinations across functions, shared ones once", () => {
    const api = { subnetIds: ["s1", "s2", "s3"], securityGroupIds: ["sg-app"] };
    assert.strictEqual(countHyperplaneEnis([]), 0);
    assert.strictEqual(countHyperplaneEnis([api]), 3);
    // Ten functions with the same subnets and group share three ENIs.
    assert.strictEqual(countHyperplaneEnis(Array.from({ length: 10 }, () => api)), 3);
    // Same subnets, another group set: three more.
    assert.strictEqual(
      countHyperplaneEnis([api, { ...api, securityGroupIds: ["sg-app", "sg-db"] }]),
      6,
    );
    // A subset of the subnets with the same groups: nothing new.
    assert.strictEqual(countHyperplaneEnis([api, { ...api, subnetIds: ["s2"] }]), 3);
    // Group order does not matter.
    assert.strictEqual(
      countHyperplaneEnis([
        { subnetIds: ["s1"], securityGroupIds: ["a", "b"] },
        { subnetIds: ["s1"], securityGroupIds: ["b", "a"] },
      ]),
      1,
    );
  });

  it("keeps a ledger per VPC and refuses to go over the quota", () => {
    const ledger = new HyperplaneEniLedger();
    assert.strictEqual(
      ledger.add("vpc-1", { subnetIds: ["s1", "s2"], securityGroupIds: ["a"] }, 3),
      2,
    );
    assert.strictEqual(ledger.add("vpc-2", { subnetIds: ["s9"], securityGroupIds: ["a"] }, 1), 1);
    assert.strictEqual(ledger.add("vpc-1", { subnetIds: ["s2"], securityGroupIds: ["a"] }, 3), 0);
    assert.throws(
      () => ledger.add("vpc-1", { subnetIds: ["s1", "s2"], securityGroupIds: ["b"] }, 3),
      {
        message:
          "this function brings vpc-1 to 4 Hyperplane ENI combinations (distinct subnet and security-group sets), over hyperplaneEniQuota 3: share security groups and subnets between functions, or raise the quota with AWS and then hyperplaneEniQuota.",
      },
    );
    // The refused function added nothing.
    assert.strictEqual(ledger.add("vpc-1", { subnetIds: ["s3"], securityGroupIds: ["a"] }, 3), 1);
  });

  it("takes Lambda's current default quota, 500 combinations per VPC (older pages said 250)", () => {
    const ledger = new HyperplaneEniLedger();
    // Functions of 16 subnets (vpcConfig's most) and a group each: 31 of them make 496.
    const fn = (i: number) => ({
      subnetIds: Array.from({ length: 16 }, (_, s) => `s${s}`),
      securityGroupIds: [`sg-${i}`],
    });
    for (let i = 0; i < 31; i++) {
      ledger.add("vpc-1", fn(i), DEFAULT_HYPERPLANE_ENI_QUOTA);
    }
    assert.throws(() => ledger.add("vpc-1", fn(31), DEFAULT_HYPERPLANE_ENI_QUOTA), {
      message:
        "this function brings vpc-1 to 512 Hyperplane ENI combinations (distinct subnet and security-group sets), over hyperplaneEniQuota 500: share security groups and subnets between functions, or raise the quota with AWS and then hyperplaneEniQuota.",
    });
  });
});
