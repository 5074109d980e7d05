import * as assert from "assert";
import {
  AWS_OWNED_S3_OBJECTS,
  MAX_ENDPOINT_POLICY_CHARACTERS,
  PerimeterFacts,
  perimeterPolicy,
  validateEndpointPolicyScope,
} from "../../components/lib/endpointPolicies";
import { validatePolicyDocument } from "../../components/lib/endpoints";

const account: PerimeterFacts = {
  scope: "Account",
  id: "111122223333",
  partition: "aws",
  region: "eu-west-1",
};
const organization: PerimeterFacts = { ...account, scope: "Organization", id: "o-exampleorg1" };

/** The two statements every perimeter policy starts with, written out. */
const ACCOUNT_COMMON = [
  {
    Sid: "AllowRequestsByAccountIdentitiesToAccountResources",
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition: {
      StringEquals: {
        "aws:PrincipalAccount": "111122223333",
        "aws:ResourceAccount": "111122223333",
      },
    },
  },
  {
    Sid: "AllowRequestsByAWSServicePrincipals",
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } },
  },
];

describe("lib/endpointPolicies", () => {
  for (const service of ["sqs", "lambda", "dynamodb", "ecr.api", "logs"]) {
    it(`${service}: the deploying account's identities to its resources, and AWS service principals`, () => {
      assert.deepStrictEqual(perimeterPolicy(service, account), {
        Version: "2012-10-17",
        Statement: ACCOUNT_COMMON,
      });
    });
  }

  it("Organization: the organization's identities to its resources", () => {
    assert.deepStrictEqual(perimeterPolicy("sqs", organization).Statement[0], {
      Sid: "AllowRequestsByOrganizationIdentitiesToOrganizationResources",
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: "*",
      Condition: {
        StringEquals: {
          "aws:PrincipalOrgID": "o-exampleorg1",
          "aws:ResourceOrgID": "o-exampleorg1",
        },
      },
    });
    assert.deepStrictEqual(perimeterPolicy("sqs", organization).Statement[1], ACCOUNT_COMMON[1]);
  });

  it("s3: also reads the AWS-owned buckets of the region that agents and ECR layers come from", () => {
    assert.deepStrictEqual(perimeterPolicy("s3", account), {
      Version: "2012-10-17",
      Statement: [
        ...ACCOUNT_COMMON,
        {
          Sid: "AllowRequestsToAWSOwnedResources",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:GetObject"],
          Resource: [
            "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*",
            "arn:aws:s3:::packages.eu-west-1.amazonaws.com/*",
            "arn:aws:s3:::repo.eu-west-1.amazonaws.com/*",
            "arn:aws:s3:::amazonlinux.eu-west-1.amazonaws.com/*",
            "arn:aws:s3:::amazonlinux-2-repos-eu-west-1/*",
            "arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*",
            "arn:aws:s3:::al2023-eu-west-1/*",
            "arn:aws:s3:::repo.eu-west-1.emr.amazonaws.com/*",
            "arn:aws:s3:::prod.eu-west-1.appinfo.src/*",
            "arn:aws:s3:::aws-ssm-eu-west-1/*",
            "arn:aws:s3:::aws-windows-downloads-eu-west-1/*",
            "arn:aws:s3:::amazon-ssm-eu-west-1/*",
            "arn:aws:s3:::amazon-ssm-packages-eu-west-1/*",
            "arn:aws:s3:::eu-west-1-birdwatcher-prod/*",
            "arn:aws:s3:::aws-ssm-distributor-file-eu-west-1/*",
            "arn:aws:s3:::aws-ssm-document-attachments-eu-west-1/*",
            "arn:aws:s3:::patch-baseline-snapshot-eu-west-1/*",
            "arn:aws:s3:::aws-patchmanager-macos-eu-west-1/*",
            "arn:aws:s3:::amazoncloudwatch-agent-eu-west-1/*",
            "arn:aws:s3:::amazoncloudwatch-agent/*",
            "arn:aws:s3:::aws-codedeploy-eu-west-1/*",
            "arn:aws:s3:::ec2imagebuilder-toe-eu-west-1-prod/*",
            "arn:aws:s3:::ec2imagebuilder-managed-resources-eu-west-1-prod/components/*",
            "arn:aws:s3:::aws-mgn-clients-eu-west-1/*",
            "arn:aws:s3:::aws-mgn-clients-hashes-eu-west-1/*",
            "arn:aws:s3:::aws-mgn-internal-eu-west-1/*",
            "arn:aws:s3:::aws-mgn-internal-hashes-eu-west-1/*",
            "arn:aws:s3:::aws-application-migration-service-eu-west-1/*",
            "arn:aws:s3:::aws-application-migration-service-hashes-eu-west-1/*",
            "arn:aws:s3:::aws-drs-clients-eu-west-1/*",
            "arn:aws:s3:::aws-drs-clients-hashes-eu-west-1/*",
            "arn:aws:s3:::aws-drs-internal-eu-west-1/*",
            "arn:aws:s3:::aws-drs-internal-hashes-eu-west-1/*",
            "arn:aws:s3:::aws-elastic-disaster-recovery-eu-west-1/*",
            "arn:aws:s3:::aws-elastic-disaster-recovery-hashes-eu-west-1/*",
            "arn:aws:s3:::cloudformation-waitcondition-eu-west-1/*",
            "arn:aws:s3:::cloudformation-custom-resource-response-euwest1/*",
            "arn:aws:s3:::aws-ec2-enclave-certificate-eu-west-1-prod/*",
          ],
        },
      ],
    });
  });

  it("s3 in China: the buckets' ARNs are in the aws-cn partition", () => {
    const china = perimeterPolicy("s3", { ...account, partition: "aws-cn", region: "cn-north-1" });
    const owned = china.Statement[2].Resource as string[];
    assert.ok(
      owned.every((arn) => arn.startsWith("arn:aws-cn:s3:::")),
      owned.join("\n"),
    );
    assert.ok(owned.includes("arn:aws-cn:s3:::prod-cn-north-1-starport-layer-bucket/*"));
  });

  it("ssm: the perimeter's identities may also use AWS's public parameters, documents and runbooks", () => {
    assert.deepStrictEqual(perimeterPolicy("ssm", account).Statement.slice(2), [
      {
        Sid: "AllowRequestsByAccountIdentitiesToAWSResources",
        Effect: "Allow",
        Principal: "*",
        Action: "*",
        Resource: [
          "arn:aws:ssm:eu-west-1::parameter/aws/*",
          "arn:aws:ssm:eu-west-1::document/*",
          "arn:aws:ssm:eu-west-1::automation-definition/*",
        ],
        Condition: { StringEquals: { "aws:PrincipalAccount": "111122223333" } },
      },
    ]);
  });

  it("sts: web identity and SAML federation into the perimeter's roles", () => {
    assert.deepStrictEqual(perimeterPolicy("sts", organization).Statement.slice(2), [
      {
        Sid: "AllowRequestsToOrganizationRolesByFederatedPrincipals",
        Effect: "Allow",
        Principal: { Federated: "*" },
        Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceOrgID": "o-exampleorg1" } },
      },
    ]);
  });

  it("every policy passes the endpoint-policy checks, in the longest region names too", () => {
    for (const region of ["us-east-1", "ap-southeast-5", "us-gov-west-1", "cn-northwest-1"]) {
      for (const service of ["s3", "ssm", "sts", "sqs"]) {
        for (const facts of [account, organization]) {
          const document = JSON.stringify(perimeterPolicy(service, { ...facts, region }));
          validatePolicyDocument(`${service} in ${region}`, document);
          assert.ok(document.length < MAX_ENDPOINT_POLICY_CHARACTERS / 2, `${document.length}`);
        }
      }
    }
  });

  it("keeps a source for each group of AWS-owned buckets", () => {
    for (const group of AWS_OWNED_S3_OBJECTS) {
      assert.match(group.source, /^https:\/\/docs\.aws\.amazon\.com\//, group.purpose);
      assert.ok(group.buckets("us-east-1").length > 0, group.purpose);
    }
  });

  it("takes Account, Organization and Open, and refuses anything else naming the values", () => {
    assert.strictEqual(validateEndpointPolicyScope("scope", undefined), undefined);
    for (const scope of ["Account", "Organization", "Open"]) {
      assert.strictEqual(validateEndpointPolicyScope("scope", scope), scope);
    }
    const bad: [unknown, string][] = [
      ["account", 'the string "account"'],
      ["None", 'the string "None"'],
      [1, "the number 1"],
      [true, "true"],
    ];
    for (const [value, described] of bad) {
      assert.throws(() => validateEndpointPolicyScope("endpointPolicyScope", value), {
        name: "ArgumentError",
        message: `endpointPolicyScope must be "Account", "Organization" or "Open" (got ${described}): "Open" gives the endpoints AWS's full-access default policy.`,
      });
    }
  });

  it("refuses an endpoint policy without a Principal, or longer than AWS takes", () => {
    const statement = { Effect: "Allow", Action: "sqs:*", Resource: "*" };
    assert.throws(
      () =>
        validatePolicyDocument(
          "endpoints[0] (sqs).policy",
          JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
        ),
      {
        name: "ArgumentError",
        message:
          'endpoints[0] (sqs).policy: every statement of an endpoint policy needs a Principal (AWS refuses it otherwise); use "Principal": "*" and conditions to limit who.',
      },
    );
    const long = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ ...statement, Principal: "*", Resource: "x".repeat(20480) }],
    });
    assert.throws(() => validatePolicyDocument("endpoints[0] (sqs).policy", long), {
      name: "ArgumentError",
      message: `endpoints[0] (sqs).policy has ${long.length} characters; AWS takes at most 20480, white space included: shorten it.`,
    });
  });
});
