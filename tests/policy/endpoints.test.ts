/**
 * The policy pack's tests. VPC endpoints: private DNS, several zones, HTTPS only, scoped policies.
 */
import * as aws from "../../components/aws";
import * as assert from "assert";
import { isMandatory } from "../../policy/runner";
import { findingsOf, only, vpc, subnet } from "./helpers";

describe("policy pack", () => {
  describe("interface endpoints", () => {
    function endpoints(
      build: (
        v: aws.ec2.Vpc,
        a: aws.ec2.Subnet,
        b: aws.ec2.Subnet,
        sg: aws.ec2.SecurityGroup,
      ) => void,
      sgPorts = [443],
    ) {
      return () => {
        const v = vpc();
        const a = subnet(v, "a", "us-east-1a", "10.0.0.0/24");
        const b = subnet(v, "b", "us-east-1b", "10.0.1.0/24");
        const sg = new aws.ec2.SecurityGroup("endpoint-sg", {
          vpcId: v.id,
          ingress: sgPorts.map((port) => ({
            protocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrBlocks: ["10.0.0.0/16"],
          })),
        });
        build(v, a, b, sg);
      };
    }
    const endpoint = (
      name: string,
      v: aws.ec2.Vpc,
      subnets: aws.ec2.Subnet[],
      sg: aws.ec2.SecurityGroup,
      extra: Partial<aws.ec2.VpcEndpointArgs> = {},
    ) =>
      new aws.ec2.VpcEndpoint(name, {
        vpcId: v.id,
        serviceName: "com.amazonaws.us-east-1.sqs",
        vpcEndpointType: "Interface",
        subnetIds: subnets.map((s) => s.id),
        securityGroupIds: [sg.id],
        privateDnsEnabled: true,
        ...extra,
      });

    it("flags private DNS off, one zone, and non-HTTPS ingress", async () => {
      const findings = await findingsOf(
        endpoints(
          (v, a, _b, sg) => {
            endpoint("no-dns", v, [a], sg, { privateDnsEnabled: false });
            new aws.ec2.SecurityGroupRule("http", {
              type: "ingress",
              securityGroupId: sg.id,
              protocol: "tcp",
              fromPort: 80,
              toPort: 80,
              cidrBlocks: ["10.0.0.0/16"],
            });
          },
          [443, 22],
        ),
      );
      assert.deepStrictEqual(
        only(findings, "interface-endpoint-private-dns").map((f) => f.message),
        [
          "Interface endpoint no-dns (com.amazonaws.us-east-1.sqs) has private DNS off, so SDKs keep resolving the public service name and bypass it: set privateDnsEnabled: true (the VPC needs DNS support and hostnames on).",
        ],
      );
      assert.deepStrictEqual(
        only(findings, "interface-endpoint-multi-az").map((f) => f.message),
        [
          "Interface endpoint no-dns (com.amazonaws.us-east-1.sqs) is in 1 Availability Zone: a zone outage cuts every client off. Give it subnets in at least two zones.",
        ],
      );
      assert.deepStrictEqual(
        only(findings, "interface-endpoint-https-only").map((f) => f.message),
        [
          "Security group endpoint-sg of an interface endpoint admits tcp 22, tcp 80; endpoints serve HTTPS only: allow TCP 443 and nothing else.",
        ],
      );
      assert.ok(
        findings.filter((f) => f.policy.startsWith("interface-endpoint")).every(isMandatory),
      );
    });

    it("sees groups added by association, and an endpoint left with the VPC's default group", async () => {
      const findings = await findingsOf(
        endpoints((v, a, b, sg) => {
          const wide = new aws.ec2.SecurityGroup("wide", {
            vpcId: v.id,
            ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"] }],
          });
          const associated = endpoint("associated", v, [a, b], sg);
          new aws.ec2.SecurityGroupAssociation("wide-on-associated", {
            vpcEndpointId: associated.id,
            securityGroupId: wide.id,
          });
          endpoint("bare", v, [a, b], sg, { securityGroupIds: [] });
        }),
      );
      assert.deepStrictEqual(
        only(findings, "interface-endpoint-https-only").map((f) => f.message),
        [
          "Interface endpoint bare (com.amazonaws.us-east-1.sqs) has no security group, so AWS gives it the VPC's default group, which admits all traffic from its members; endpoints serve HTTPS only: give it a group that admits TCP 443 and nothing else.",
          "Security group wide of an interface endpoint admits all traffic; endpoints serve HTTPS only: allow TCP 443 and nothing else.",
        ],
      );
    });

    it("accepts private DNS on, two zones and HTTPS only; ignores gateway endpoints", async () => {
      const findings = await findingsOf(
        endpoints((v, a, b, sg) => {
          endpoint("good", v, [a, b], sg);
          new aws.ec2.VpcEndpoint("s3", {
            vpcId: v.id,
            serviceName: "com.amazonaws.us-east-1.s3",
            vpcEndpointType: "Gateway",
          });
        }),
      );
      assert.deepStrictEqual(
        findings.filter((f) => f.policy.startsWith("interface-endpoint")),
        [],
      );
    });

    it("flags a Lambda endpoint that allows invoking anything", async () => {
      const lambda = { serviceName: "com.amazonaws.us-east-1.lambda" };
      const fullAccess = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
      });
      const scoped = JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: ["lambda:InvokeFunction"],
            Resource: ["arn:aws:lambda:us-east-1:123456789012:function:f"],
          },
        ],
      });
      const findings = await findingsOf(
        endpoints((v, a, b, sg) => {
          endpoint("open-invoke", v, [a, b], sg, lambda);
          endpoint("star-invoke", v, [a, b], sg, { ...lambda, policy: fullAccess });
          endpoint("scoped-invoke", v, [a, b], sg, { ...lambda, policy: scoped });
          // The China regions name the Lambda endpoint service cn.com.amazonaws.<region>.lambda.
          endpoint("china-invoke", v, [a, b], sg, {
            serviceName: "cn.com.amazonaws.cn-north-1.lambda",
          });
          const doc = (statement: Record<string, unknown>) =>
            JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", ...statement }] });
          // IAM matches actions in any case and with wildcards; NotAction and NotResource.
          endpoint("upper-invoke", v, [a, b], sg, {
            ...lambda,
            policy: doc({ Action: "LAMBDA:INVOKEFUNCTION", Resource: "*" }),
          });
          endpoint("wild-invoke", v, [a, b], sg, {
            ...lambda,
            policy: doc({ Action: "lambda:Invoke*", Resource: "arn:aws:lambda:*:*:function:*" }),
          });
          endpoint("not-action", v, [a, b], sg, {
            ...lambda,
            policy: doc({ NotAction: "lambda:GetFunction", Resource: "*" }),
          });
          endpoint("not-resource", v, [a, b], sg, {
            ...lambda,
            policy: doc({
              Action: "lambda:InvokeFunction",
              NotResource: "arn:aws:lambda:*:*:function:x",
            }),
          });
          // Scoped: the own account's functions, or a policy attached apart.
          endpoint("own-account", v, [a, b], sg, {
            ...lambda,
            policy: doc({
              Action: "lambda:InvokeFunction",
              Resource: "arn:aws:lambda:us-east-1:123456789012:function:*",
            }),
          });
          const attachedApart = endpoint("attached-apart", v, [a, b], sg, lambda);
          new aws.ec2.VpcEndpointPolicy("attached-apart", {
            vpcEndpointId: attachedApart.id,
            policy: scoped,
          });
          const fullApart = endpoint("full-apart", v, [a, b], sg, lambda);
          new aws.ec2.VpcEndpointPolicy("full-apart", {
            vpcEndpointId: fullApart.id,
            policy: fullAccess,
          });
        }),
      );
      assert.deepStrictEqual(
        only(findings, "endpoint-policy-scoped")
          .map((f) => [f.resource, f.enforcementLevel])
          .sort(),
        [
          ["china-invoke", "advisory"],
          ["full-apart", "advisory"],
          ["not-action", "advisory"],
          ["not-resource", "advisory"],
          ["open-invoke", "advisory"],
          ["star-invoke", "advisory"],
          ["upper-invoke", "advisory"],
          ["wild-invoke", "advisory"],
        ],
      );
    });

    it("flags any AWS service endpoint that lets anyone reach any account's resources", async () => {
      const doc = (statement: Record<string, unknown>) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "*", Resource: "*", ...statement },
          ],
        });
      const findings = await findingsOf(
        endpoints((v, a, b, sg) => {
          endpoint("default-policy", v, [a, b], sg);
          new aws.ec2.VpcEndpoint("s3-gateway", {
            vpcId: v.id,
            serviceName: "com.amazonaws.us-east-1.s3",
            vpcEndpointType: "Gateway",
          });
          // What the components write by default: scoped.
          endpoint("account", v, [a, b], sg, {
            policy: doc({
              Condition: {
                StringEquals: {
                  "aws:PrincipalAccount": "123456789012",
                  "aws:ResourceAccount": "123456789012",
                },
              },
            }),
          });
          endpoint("organization", v, [a, b], sg, {
            policy: doc({ Condition: { StringEquals: { "aws:principalorgid": "o-a1b2c3d4e5" } } }),
          });
          endpoint("service-principals", v, [a, b], sg, {
            policy: doc({ Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } } }),
          });
          endpoint("named-queue", v, [a, b], sg, {
            policy: doc({ Resource: "arn:aws:sqs:us-east-1:123456789012:orders" }),
          });
          endpoint("named-principal", v, [a, b], sg, {
            policy: doc({ Principal: { AWS: "arn:aws:iam::123456789012:role/app" } }),
          });
          new aws.ec2.VpcEndpoint("aws-owned-buckets", {
            vpcId: v.id,
            serviceName: "com.amazonaws.us-east-1.s3",
            vpcEndpointType: "Gateway",
            policy: doc({
              Action: "s3:GetObject",
              Resource: "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*",
            }),
          });
          // Open: a negated or IfExists condition admits everyone else; wildcard accounts.
          endpoint("not-equals", v, [a, b], sg, {
            policy: doc({
              Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } },
            }),
          });
          endpoint("if-exists", v, [a, b], sg, {
            policy: doc({
              Condition: { StringEqualsIfExists: { "aws:ResourceAccount": "123456789012" } },
            }),
          });
          endpoint("any-account-queue", v, [a, b], sg, {
            policy: doc({ Principal: { AWS: "*" }, Resource: "arn:aws:sqs:us-east-1:*:*" }),
          });
          new aws.ec2.VpcEndpoint("any-bucket", {
            vpcId: v.id,
            serviceName: "com.amazonaws.us-east-1.s3",
            vpcEndpointType: "Gateway",
            policy: doc({ Action: "s3:PutObject", Resource: "arn:aws:s3:::*/*" }),
          });
          // Not an AWS service: AWS allows full access whatever the policy.
          endpoint("partner", v, [a, b], sg, {
            serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
          });
        }),
      );
      assert.deepStrictEqual(
        only(findings, "endpoint-policy-scoped")
          .map((f) => f.resource)
          .sort(),
        [
          "any-account-queue",
          "any-bucket",
          "default-policy",
          "if-exists",
          "not-equals",
          "s3-gateway",
        ],
      );
      assert.strictEqual(
        only(findings, "endpoint-policy-scoped").find((f) => f.resource === "default-policy")
          ?.message,
        "Endpoint default-policy (sqs) has AWS's default full-access policy, so code in the VPC can use any account's credentials to reach any account's resources through it: condition it on aws:PrincipalAccount and aws:ResourceAccount (or aws:PrincipalOrgID and aws:ResourceOrgID), as AWS's data-perimeter examples do (with lambda-networking: endpointPolicyScope \"Account\" or \"Organization\").",
      );
    });
  });
});
