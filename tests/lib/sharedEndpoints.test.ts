import * as assert from "assert";
import {
  checkExternalPrincipals,
  parseSharePrincipal,
  parseSharePrincipals,
  sharedEndpointPolicyScope,
} from "../../components/lib/sharedEndpoints";

const ORG = "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5";
const OU = "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56";

describe("lib/sharedEndpoints", () => {
  it("reads RAM's principals: an account, an organization, an OU (any partition), keyed by id", () => {
    assert.deepStrictEqual(parseSharePrincipal("p", "123456789012"), {
      kind: "account",
      principal: "123456789012",
      key: "123456789012",
    });
    assert.deepStrictEqual(parseSharePrincipal("p", ORG), {
      kind: "organization",
      principal: ORG,
      key: "o-a1b2c3d4e5",
    });
    assert.deepStrictEqual(parseSharePrincipal("p", OU), {
      kind: "organizationalUnit",
      principal: OU,
      key: "ou-ab12-cd34ef56",
    });
    const gov = "arn:aws-us-gov:organizations::111111111111:organization/o-a1b2c3d4e5";
    assert.strictEqual(parseSharePrincipal("p", gov).kind, "organization");
    // Not principals a profile is shared with: a 13-digit id, an OU id alone, a short org id,
    // an IAM role, a service principal.
    for (const bad of [
      "1234567890123",
      "ou-ab12-cd34ef56",
      "arn:aws:organizations::111111111111:organization/o-short",
      "arn:aws:iam::111111111111:role/r",
      "route53profiles.amazonaws.com",
    ]) {
      assert.throws(
        () => parseSharePrincipal("shareWith[0]", bad),
        /^ArgumentError: shareWith\[0\]/,
      );
    }
  });

  it("refuses a principal twice, by its id", () => {
    assert.throws(() => parseSharePrincipals([ORG, ORG]), /names .* twice/);
    assert.strictEqual(parseSharePrincipals([ORG, OU, "123456789012"]).length, 3);
  });

  it("picks the perimeter the principals need, and refuses one that would shut them out", () => {
    const [org, account] = parseSharePrincipals([ORG, "123456789012"]);
    assert.strictEqual(sharedEndpointPolicyScope(undefined, [], false, false), "Account");
    assert.strictEqual(sharedEndpointPolicyScope(undefined, [org], false, false), "Organization");
    assert.strictEqual(sharedEndpointPolicyScope("Open", [account], true, false), "Open");
    assert.throws(() => sharedEndpointPolicyScope("Account", [account], false, false), /"Account"/);
    assert.throws(
      () => sharedEndpointPolicyScope(undefined, [account], true, false),
      /allowExternalPrincipals/,
    );
    // Every entry with its own policy: the scope writes none, so nothing to refuse.
    assert.strictEqual(sharedEndpointPolicyScope("Account", [account], true, true), "Account");
  });

  it("takes external principals only with an account to be outside the organization", () => {
    assert.doesNotThrow(() =>
      checkExternalPrincipals(parseSharePrincipals(["123456789012"]), true),
    );
    assert.throws(
      () => checkExternalPrincipals(parseSharePrincipals([OU]), true),
      /only organizations and OUs/,
    );
    assert.throws(() => checkExternalPrincipals([], true), /no principal/);
    assert.doesNotThrow(() => checkExternalPrincipals([], false));
  });
});
