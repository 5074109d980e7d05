/**
 * Whatever name a component is given, every physical name, description and tag it derives from
 * it is one AWS takes: this walks every resource the five components register, for long, spaced
 * and unicode component names, against the limits table (policy/rules/limits.ts).
 */
import * as assert from "assert";
import {
  LambdaInterfaceEndpoint,
  PrivateNetwork,
  ServiceEndpoints,
  VpcFlowLog,
  VpcFunction,
} from "../../components";
import {
  DESCRIPTION_RULES,
  MAX_TAGS,
  NAME_RULES,
  tagRuleOf,
  TextRule,
} from "../../policy/rules/limits";
import { AUTONAME_SUFFIX_LENGTH } from "../../components/lib/naming";
import { Registration, registrations, settle, TYPES, TWO_SUBNET_VPC, useWorld } from "../mocks";

/** The name rule of each type the components give a physical name, by the input holding it. */
const NAMED: Record<string, TextRule> = {
  [TYPES.function]: NAME_RULES.lambdaFunction,
  [TYPES.role]: NAME_RULES.iamRole,
  [TYPES.rolePolicy]: NAME_RULES.iamRolePolicy,
  [TYPES.logGroup]: NAME_RULES.logGroup,
  [TYPES.securityGroup]: NAME_RULES.securityGroup,
};
const DESCRIBED: Record<string, TextRule> = {
  [TYPES.securityGroup]: DESCRIPTION_RULES.securityGroup,
  [TYPES.role]: DESCRIPTION_RULES.iamRole,
};
/** The provider's name_prefix suffix (terraform-plugin-sdk id.PrefixedUniqueId): 26 digits. */
const PREFIX_SUFFIX = "2026120600000000000000000a";

/** The name AWS will see: given, a prefix with the provider's suffix, or Pulumi's auto-name. */
function physicalNameOf(r: Registration): string {
  if (typeof r.inputs.name === "string") return r.inputs.name;
  if (typeof r.inputs.namePrefix === "string") return `${r.inputs.namePrefix}${PREFIX_SUFFIX}`;
  return `${r.name}-${"a".repeat(AUTONAME_SUFFIX_LENGTH - 1)}`;
}

function problems(rule: TextRule, what: string, text: string): string[] {
  const chars = [...text];
  return [
    ...(chars.length > rule.max ? [`${what} is ${chars.length} characters (max ${rule.max})`] : []),
    ...(chars.some((c) => !rule.allows(c))
      ? [`${what} ${JSON.stringify(text)} has characters outside ${rule.characters}`]
      : []),
  ];
}

/** Everything AWS would refuse in what was registered. */
function refused(): string[] {
  return registrations()
    .filter((r) => r.custom)
    .flatMap((r) => {
      const at = `${r.type.split(":").pop()} ${r.name.slice(0, 30)}`;
      const found: string[] = [];
      if (NAMED[r.type]) found.push(...problems(NAMED[r.type], `${at} name`, physicalNameOf(r)));
      if (DESCRIBED[r.type] && typeof r.inputs.description === "string") {
        found.push(...problems(DESCRIBED[r.type], `${at} description`, r.inputs.description));
      }
      const tags = (r.inputs.tags ?? {}) as Record<string, string>;
      const rule = tagRuleOf(r.type);
      if (Object.keys(tags).length > MAX_TAGS) found.push(`${at} has over ${MAX_TAGS} tags`);
      for (const [key, value] of Object.entries(tags)) {
        found.push(...problems(rule.key, `${at} tag key`, key));
        found.push(...problems(rule.value, `${at} tag ${key}`, value));
      }
      return found;
    });
}

const code = { runtime: "nodejs22.x", handler: "index.handler" };

/** Each component, built with everything that derives names on: endpoints, flow logs, a role. */
const BUILDERS: Record<string, (name: string) => void> = {
  PrivateNetwork: (name) =>
    new PrivateNetwork(name, {
      availabilityZoneCount: 2,
      natGateways: "single",
      endpoints: [{ service: "s3" }, { service: "sqs" }],
    }),
  ServiceEndpoints: (name) =>
    new ServiceEndpoints(name, {
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      endpoints: [{ service: "sqs" }],
    }),
  LambdaInterfaceEndpoint: (name) =>
    new LambdaInterfaceEndpoint(name, { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] }),
  VpcFlowLog: (name) => new VpcFlowLog(name, { vpcId: "vpc-1" }),
  // Its own log group (/aws/lambda/<name>-…) and role, the function named by the user.
  "VpcFunction, its log group made": (name) =>
    new VpcFunction(name, {
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      functionArgs: { ...code, name: "orders" },
    }),
  // The function named, and a log group of the user's: the component name can then be any.
  VpcFunction: (name) =>
    new VpcFunction(name, {
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      functionArgs: {
        ...code,
        name: "orders",
        loggingConfig: { logFormat: "JSON", logGroup: "orders" },
      },
    }),
};

const NAMES: Record<string, string> = {
  long: "orders-".repeat(36).slice(0, 250),
  // Longer than a log group takes, with /aws/lambda/ and the provider's suffix around it.
  longest: "orders".repeat(100),
  spaced: "orders network",
  unicode: "commandes-réseau-東京",
  symbols: "orders#1 (blue/green)",
};

describe("physical names and tags derived from component names", () => {
  for (const [component, build] of Object.entries(BUILDERS)) {
    for (const [kind, name] of Object.entries(NAMES)) {
      it(`${component} with a ${kind} name: every name, description and tag fits AWS, or the name is refused up front`, async () => {
        useWorld({
          ...TWO_SUBNET_VPC,
          vpcs: [{ ...TWO_SUBNET_VPC.vpcs[0], enableDnsHostnames: true }],
        });
        try {
          build(name);
        } catch (e) {
          // Refused before anything is registered, naming why.
          assert.strictEqual((e as Error).name, "ArgumentError");
          assert.deepStrictEqual(registrations(), []);
          return;
        }
        await settle();
        assert.ok(registrations().length > 1, "nothing was registered");
        assert.deepStrictEqual(refused(), []);
      });
    }
  }

  it("refuses only what cannot be fitted: the five components take long and spaced names", async () => {
    const accepted: string[] = [];
    for (const [component, build] of Object.entries(BUILDERS)) {
      for (const [kind, name] of Object.entries(NAMES)) {
        useWorld({
          ...TWO_SUBNET_VPC,
          vpcs: [{ ...TWO_SUBNET_VPC.vpcs[0], enableDnsHostnames: true }],
        });
        try {
          build(name);
          accepted.push(`${component} ${kind}`);
        } catch {
          // counted below
        }
        await settle();
      }
    }
    for (const component of Object.keys(BUILDERS)) {
      assert.ok(accepted.includes(`${component} long`), `${component} long`);
      assert.ok(accepted.includes(`${component} longest`), `${component} longest`);
    }
    // A space is refused only where the log group is named after the component.
    assert.deepStrictEqual(
      Object.keys(BUILDERS).filter((c) => !accepted.includes(`${c} spaced`)),
      ["VpcFunction, its log group made"],
    );
  });
});
