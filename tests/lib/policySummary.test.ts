import * as assert from "assert";
import { perimeterPolicy } from "../../components/lib/endpointPolicies";
import { flowLogDeliveryPolicy } from "../../components/lib/flowLogs";
import { summarizePolicy } from "../../scripts/policySummary";

describe("scripts/policySummary: a policy in one line for the offline plan", () => {
  it("says what each statement allows, on what, and when", () => {
    assert.strictEqual(
      summarizePolicy(
        JSON.stringify(
          perimeterPolicy("sts", {
            scope: "Account",
            id: "111122223333",
            partition: "aws",
            region: "us-east-1",
            trustedAccounts: [],
          }),
        ),
      ),
      "all actions on any resource if aws:PrincipalAccount=111122223333 & aws:ResourceAccount=111122223333; " +
        "all actions on any resource if aws:PrincipalIsAWSService=true; " +
        "sts:AssumeRoleWithWebIdentity,sts:AssumeRoleWithSAML on any resource if aws:ResourceAccount=111122223333",
    );
  });

  it("names the resources (by the plan's names): up to 10 all of them, of more the first 5 and a count", () => {
    const group = "arn:aws:logs:us-east-1:111122223333:log-group:net-flow-logs";
    const names = new Map([[group, "net-flow-logs"]]);
    assert.strictEqual(
      summarizePolicy(flowLogDeliveryPolicy(group), (id) => names.get(id) ?? id),
      `logs:CreateLogGroup,logs:CreateLogStream,logs:PutLogEvents,logs:DescribeLogStreams on net-flow-logs, ${group}:*; logs:DescribeLogGroups on any resource`,
    );
    assert.strictEqual(
      summarizePolicy({
        Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: ["a", "b", "c"] },
      }),
      "s3:GetObject on a, b, c",
    );
    const many = Array.from({ length: 12 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`);
    assert.strictEqual(
      summarizePolicy({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: many } }),
      "s3:GetObject on 12 resources: arn:aws:s3:::bucket-0/*, arn:aws:s3:::bucket-1/*, " +
        "arn:aws:s3:::bucket-2/*, arn:aws:s3:::bucket-3/*, arn:aws:s3:::bucket-4/* and 7 more",
    );
  });

  it("shows denials, NotAction, negated and Like conditions", () => {
    assert.strictEqual(
      summarizePolicy({
        Statement: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111122223333:root" },
            NotAction: "iam:*",
            Resource: "*",
            Condition: {
              StringNotEquals: { "aws:SourceVpce": "vpce-1" },
              ArnLike: { "aws:SourceArn": ["arn:aws:ec2:*"] },
            },
          },
        ],
      }),
      "deny s3:* on any resource if aws:SecureTransport=false; " +
        "AWS arn:aws:iam::111122223333:root: all but iam:* on any resource if aws:SourceVpce≠vpce-1 & aws:SourceArn~arn:aws:ec2:*",
    );
    assert.strictEqual(summarizePolicy("{not json"), "a policy that is not JSON");
  });
});
