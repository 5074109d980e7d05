import * as assert from "assert";
import { DESCRIPTION_RULES, NAME_RULES, TAG_RULES } from "../../policy/rules/limits";
import { fittedName, fittedText, nameTag, physicalName } from "../../components/lib/naming";
import { functionLogGroupPrefix } from "../../components/vpcFunctionArgs";

describe("lib/naming: names fitted to AWS's limits", () => {
  it("leaves a name Pulumi can auto-name alone, and fixes one that would not fit", () => {
    assert.strictEqual(fittedName(NAME_RULES.iamRole, "net-flow-logs", "p/dev"), undefined);
    // 48 + "-flow-logs" + Pulumi's 8 = 66 > 64: cut, with a hash of the name and the stack.
    const long = `${"n".repeat(48)}-flow-logs`;
    const fixed = fittedName(NAME_RULES.iamRole, long, "p/dev") as string;
    assert.strictEqual(fixed.length, 64);
    assert.ok(fixed.startsWith(long.slice(0, 56)));
    assert.match(fixed, /-[0-9a-f]{7}$/);
    // Stable across runs, apart across stacks (one account's dev and prod).
    assert.strictEqual(fittedName(NAME_RULES.iamRole, long, "p/dev"), fixed);
    assert.notStrictEqual(fittedName(NAME_RULES.iamRole, long, "p/prod"), fixed);
  });

  it("replaces the characters a service refuses, keeping names that differ only there apart", () => {
    const spaced = fittedName(NAME_RULES.iamRole, "orders network-flow-logs", "") as string;
    assert.match(spaced, /^orders-network-flow-logs-[0-9a-f]{7}$/);
    const dashed = fittedName(NAME_RULES.iamRole, "orders-network-flow-logs", "");
    assert.strictEqual(dashed, undefined);
    assert.notStrictEqual(
      fittedName(NAME_RULES.logGroup, "orders network", ""),
      fittedName(NAME_RULES.logGroup, "orders_network", ""),
    );
    assert.match(
      fittedName(NAME_RULES.logGroup, "東京-flow-logs", "") as string,
      /^---flow-logs-[0-9a-f]{7}$/,
    );
  });

  it("fits descriptions and Name tags without a hash unless they must be cut", () => {
    assert.strictEqual(
      fittedText(DESCRIPTION_RULES.securityGroup, "Lambda function orders: no inbound traffic"),
      "Lambda function orders: no inbound traffic",
    );
    assert.strictEqual(
      fittedText(DESCRIPTION_RULES.securityGroup, "Lambda function réseau: no inbound traffic"),
      "Lambda function r-seau: no inbound traffic",
    );
    const tag = nameTag({ team: "core" }, "x".repeat(300), TAG_RULES.iam);
    assert.strictEqual(tag.Name.length, 256);
    assert.strictEqual(nameTag(undefined, "orders#1", TAG_RULES.iam).Name, "orders-1");
    // EC2 takes any character in tags.
    assert.strictEqual(nameTag(undefined, "orders#1").Name, "orders#1");
  });

  it("keeps physicalName as it was for the names it served (function names)", () => {
    assert.strictEqual(physicalName("a".repeat(56), 64), undefined);
    assert.strictEqual(
      physicalName("a".repeat(57), 64, "p/s"),
      fittedName(NAME_RULES.lambdaFunction, "a".repeat(57), "p/s"),
    );
  });

  it("cuts a function's log group prefix only when the group's name would pass 512 characters", () => {
    // 12 + name + 1 + 26 = 512 at a 473-character name.
    const fits = "a".repeat(473);
    assert.strictEqual(functionLogGroupPrefix(fits), `/aws/lambda/${fits}-`);
    const over = functionLogGroupPrefix("a".repeat(474));
    assert.strictEqual(over.length + 26, 512);
    assert.match(over, /^\/aws\/lambda\/a+-[0-9a-f]{7}-$/);
  });
});
