/**
 * The policy config, read as Pulumi's CLI reads it (enforcement levels, "all", the schema's
 * defaults, JSON Schema validation), and stricter where the CLI lets a typo pass.
 */
import * as assert from "assert";
import * as aws from "../../components/aws";
import { resolvePolicyConfig } from "../../policy/config";
import { allPolicies } from "../../policy/policies";
import { runPolicies } from "../../policy/runner";
import { registrations, settle, useWorld } from "../mocks";

const SG = "security-group-no-public-ingress";
const resolve = (config: unknown) => resolvePolicyConfig(config, allPolicies);

describe("policy config", () => {
  it("fills in the schema's defaults and the pack's levels; takes a level alone, or for all", () => {
    const config = resolve({ "lambda-in-vpc": "advisory", [SG]: { authorizedTcpPorts: [443] } });
    assert.deepStrictEqual(config.get(SG), {
      enforcementLevel: "mandatory",
      properties: { authorizedTcpPorts: [443], authorizedUdpPorts: [], trustedSources: [] },
    });
    assert.strictEqual(config.get("lambda-in-vpc")?.enforcementLevel, "advisory");
    const all = resolve({ all: "disabled", "lambda-multi-az": { enforcementLevel: "mandatory" } });
    assert.strictEqual(all.get(SG)?.enforcementLevel, "disabled");
    assert.strictEqual(all.get("lambda-multi-az")?.enforcementLevel, "mandatory");
  });

  const bad: [string, unknown, string][] = [
    [
      "a port as one string",
      { [SG]: { authorizedTcpPorts: "443" } },
      `policy config: ${SG}.authorizedTcpPorts must be array (got the string "443").`,
    ],
    [
      "ports as strings, which would authorise nothing",
      { [SG]: { authorizedPorts: ["22"] } },
      `policy config: ${SG}.authorizedPorts[0] must be integer (got the string "22").`,
    ],
    [
      "a port out of range",
      { [SG]: { authorizedUdpPorts: [70000] } },
      `policy config: ${SG}.authorizedUdpPorts[0] must be <= 65535 (got 70000).`,
    ],
    [
      "an enforcement level in the wrong case, which would never fail",
      { "lambda-in-vpc": { enforcementLevel: "Mandatory" } },
      'policy config: lambda-in-vpc.enforcementLevel must be an enforcement level, one of advisory, mandatory, remediate, disabled (got the string "Mandatory"); levels are lower case.',
    ],
    [
      "a level alone in the wrong case",
      { "lambda-in-vpc": "MANDATORY" },
      'policy config: lambda-in-vpc must be an enforcement level, one of advisory, mandatory, remediate, disabled (got the string "MANDATORY"); levels are lower case.',
    ],
    [
      "a policy name with a typo (the CLI would ignore it)",
      { "lambda-in-vcp": { exemptFunctionNames: ["report"] } },
      `policy config: policy "lambda-in-vcp" is not one of the pack's (did you mean lambda-in-vpc?): it takes ${allPolicies.map((p) => p.name).join(", ")}.`,
    ],
    [
      "a setting with a typo (the CLI would ignore it)",
      { [SG]: { trustedSource: ["203.0.113.0/24"] } },
      `policy config: ${SG} setting "trustedSource" is not one of the pack's (did you mean trustedSources?): it takes authorizedTcpPorts, authorizedUdpPorts, authorizedPorts, trustedSources.`,
    ],
    [
      "a stack export where the config belongs",
      [{ urn: "urn:pulumi:dev::app::aws:ec2/vpc:Vpc::main" }],
      'policy config must be a JSON object of policy names, like {"lambda-in-vpc": {"exemptFunctionNames": ["report"]}} (got a list).',
    ],
    [
      "a number for a policy",
      { "lambda-in-vpc": 1 },
      "policy config: lambda-in-vpc must be an enforcement level or an object of settings (got 1).",
    ],
  ];
  for (const [what, config, message] of bad) {
    it(`refuses ${what}, naming the setting`, () => {
      assert.throws(() => resolve(config), { message });
    });
  }

  it("refuses trusted sources that add up to the whole internet (the policy would be off)", async () => {
    useWorld();
    new aws.ec2.SecurityGroup("open", {
      ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
    });
    await settle();
    for (const trustedSources of [["0.0.0.0/0"], ["0.0.0.0/1", "128.0.0.0/1"], ["::/0"]]) {
      await assert.rejects(runPolicies(registrations(), { [SG]: { trustedSources } }), {
        message: `${SG}: trustedSources (${trustedSources.join(", ")}) covers the whole internet, which would let every source through on every port: list only the public blocks you trust, or set this policy's enforcementLevel to "disabled" if that is what you mean.`,
      });
    }
  });
});
