import * as assert from "assert";
import { vpcAccessPolicy } from "../../components/lib/executionRole";

/** A request as IAM evaluates it: the action, one resource, and the keys in its context. */
interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const wildcard = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  ).test(value);

/**
 * Whether an Allow statement of the document matches the request: the action and resource by
 * IAM's wildcards, and every condition by its key, which must be in the context (a key missing
 * from the request context fails any operator without ...IfExists:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * Only the operators these documents use: StringEquals and ArnEquals.
 */
function allows(document: string, request: Request): boolean {
  const statements = (JSON.parse(document) as { Statement: Statement[] }).Statement;
  return statements.some(
    (st) =>
      st.Effect === "Allow" &&
      list(st.Action).some((a) => wildcard(a, request.action)) &&
      list(st.Resource).some((r) => wildcard(r, request.resource)) &&
      Object.entries(st.Condition ?? {}).every(([operator, keys]) => {
        assert.ok(["StringEquals", "ArnEquals"].includes(operator), operator);
        return Object.entries(keys).every(([key, value]) => request.context[key] === value);
      }),
  );
}

describe("lib/executionRole", () => {
  const scope = {
    partition: "aws",
    region: "us-east-1",
    account: "123456789012",
    vpcId: "vpc-app",
    logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/worker-1",
  };
  const policy = vpcAccessPolicy(scope);
  const ec2 = "arn:aws:ec2:us-east-1:123456789012";
  const vpcArn = `${ec2}:vpc/vpc-app`;

  it("passes Lambda's CreateFunction check, which sees only the Region, the service and the ENI id", () => {
    // The check as recorded: network-interface/* with no ec2:Vpc in the context.
    assert.ok(
      allows(policy, {
        action: "ec2:CreateNetworkInterface",
        resource: `${ec2}:network-interface/*`,
        context: { "aws:Region": "us-east-1", "aws:Service": "ec2", "ec2:NetworkInterfaceID": "*" },
      }),
    );
  });

  it("keeps the real CreateNetworkInterface call in the function's VPC: its subnet and groups", () => {
    const create = (resource: string, vpc: string) =>
      allows(policy, {
        action: "ec2:CreateNetworkInterface",
        resource,
        context: { "ec2:Vpc": vpc },
      });
    assert.ok(create(`${ec2}:subnet/subnet-pa`, vpcArn));
    assert.ok(create(`${ec2}:security-group/sg-1`, vpcArn));
    // A subnet or group of another VPC, or of another account or Region: refused.
    assert.ok(!create(`${ec2}:subnet/subnet-other`, `${ec2}:vpc/vpc-other`));
    assert.ok(!create(`${ec2}:security-group/sg-x`, `${ec2}:vpc/vpc-other`));
    assert.ok(!create("arn:aws:ec2:us-east-1:999999999999:subnet/subnet-pa", vpcArn));
    assert.ok(!create("arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-pa", vpcArn));
  });

  it("lets Lambda describe on *, and delete and re-address the account's ENIs in the Region", () => {
    for (const action of ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]) {
      assert.ok(allows(policy, { action, resource: "*", context: {} }));
    }
    for (const action of [
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]) {
      assert.ok(
        allows(policy, { action, resource: `${ec2}:network-interface/eni-1`, context: {} }),
        action,
      );
      assert.ok(
        !allows(policy, {
          action,
          resource: "arn:aws:ec2:us-east-1:999999999999:network-interface/eni-1",
          context: {},
        }),
        action,
      );
    }
  });

  it("writes logs only to the function's own group", () => {
    const put = (resource: string) =>
      allows(policy, { action: "logs:PutLogEvents", resource, context: {} });
    assert.ok(put(`${scope.logGroupArn}:log-stream:2026/12/06/[$LATEST]abc`));
    assert.ok(!put("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/other:log-stream:x"));
  });
});
