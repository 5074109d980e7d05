import * as aws from "../../components/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import {
  applyInputs,
  isKnownNow,
  mapInput,
  mapInputs,
  plainArray,
  plainValue,
} from "../../components/lib/plain";
import { setPreview, settle, useWorld, valueOf } from "../mocks";

describe("plain values", () => {
  beforeEach(() => useWorld());

  it("takes plain values and arrays whose every element is plain", () => {
    assert.strictEqual(plainValue("vpc-1"), "vpc-1");
    assert.strictEqual(plainValue(pulumi.output("vpc-1")), undefined);
    assert.strictEqual(plainValue(Promise.resolve("vpc-1")), undefined);
    assert.deepStrictEqual(plainArray(["a", "b"]), ["a", "b"]);
    assert.strictEqual(plainArray(["a", pulumi.output("b")]), undefined);
  });

  it("knows a value is known now only when no Output or Promise is in it at any depth", () => {
    assert.ok(isKnownNow("a"));
    assert.ok(isKnownNow(undefined));
    assert.ok(isKnownNow({ a: ["b", { c: 1 }] }));
    assert.ok(!isKnownNow(pulumi.output("a")));
    assert.ok(!isKnownNow(Promise.resolve("a")));
    assert.ok(!isKnownNow(["a", pulumi.output("b")]));
    assert.ok(!isKnownNow({ tags: { team: pulumi.output("x") } }));
    // Other objects (assets, resources) are values in their own right, not searched.
    assert.ok(isKnownNow(new pulumi.asset.StringAsset("x")));
  });

  it("maps a plain value at once, without an Output", () => {
    const mapped = mapInput(["a", "b"], (ids) => ids.join(","));
    assert.strictEqual(mapped, "a,b");
    assert.deepStrictEqual(
      mapInputs(["a", 2, undefined] as const, ([s, n, u]) => [s, n, u]),
      ["a", 2, undefined],
    );
  });

  it("maps an unknown value once it is known, keeping its secrecy and its resources", async () => {
    const secret = pulumi.secret("s3cr3t");
    const mapped = mapInput(secret, (s) => s.length);
    assert.ok(pulumi.Output.isInstance(mapped));
    assert.strictEqual(await valueOf(mapped), 6);
    assert.strictEqual(await pulumi.isSecret(mapped), true);
  });

  it("waits for every unknown value of several, in order, plain ones among them", async () => {
    const mapped = mapInputs(
      [pulumi.output("vpc-1"), "fixed", Promise.resolve(3), [pulumi.output("x"), "y"]] as const,
      ([vpc, fixed, n, list]) => `${vpc}/${fixed}/${n}/${list.join("+")}`,
    );
    assert.ok(pulumi.Output.isInstance(mapped));
    assert.strictEqual(await valueOf(mapped), "vpc-1/fixed/3/x+y");
  });

  it("applies an async function of several inputs and gives an Output either way", async () => {
    const later = (n: number) => new Promise<number>((resolve) => setImmediate(() => resolve(n)));
    const fromUnknown = applyInputs([pulumi.output(2), 3] as const, ([a, b]) => later(a * b));
    assert.strictEqual(await valueOf(fromUnknown), 6);
    const fromPlain = applyInputs([2, 3] as const, ([a, b]) => later(a + b));
    assert.ok(pulumi.Output.isInstance(fromPlain));
    assert.strictEqual(await valueOf(fromPlain), 5);
  });

  describe("during preview", () => {
    before(() => setPreview(true));
    after(() => setPreview(false));

    it("does not run the function on an unknown value, and the result is unknown", async () => {
      const unknown = pulumi.output(pulumi.unknown) as pulumi.Output<string>;
      let ran = false;
      const mapped = mapInputs([unknown, "b"] as const, ([a, b]) => {
        ran = true;
        return a + b;
      }) as pulumi.Output<string>;
      // What the SDK checks before it runs an apply or sends a value to the engine.
      const isKnown = (mapped as unknown as { isKnown: Promise<boolean> }).isKnown;
      assert.strictEqual(await isKnown, false);
      assert.strictEqual(ran, false);
    });

    it("keeps the resources of every unknown input, though no apply runs", async () => {
      useWorld();
      // Outputs the mock does not return are unknown in a preview.
      const a = new aws.ec2.Subnet("a", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24" });
      const b = new aws.ec2.Subnet("b", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" });
      const mapped = mapInputs(
        [a.ipv6CidrBlockAssociationId, "plain", b.ipv6CidrBlockAssociationId] as const,
        ([x, , y]) => [x, y],
      ) as pulumi.Output<string[]>;
      const internal = mapped as unknown as {
        isKnown: Promise<boolean>;
        allResources: () => Promise<Set<pulumi.Resource>>;
      };
      assert.strictEqual(await internal.isKnown, false);
      assert.deepStrictEqual(new Set(await internal.allResources()), new Set([a, b]));
      await settle();
    });
  });
});
