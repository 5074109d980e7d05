import * as assert from "assert";
import {
  AWS_OWNED_S3_OBJECTS,
  MAX_ENDPOINT_POLICY_CHARACTERS,
  PerimeterFacts,
  perimeterPolicy,
  validateEndpointPolicyScope,
  validateTrustedAccounts,
} from "../../components/lib/endpointPolicies";
import { validatePolicyDocument } from "../../components/lib/endpoints";

const account: PerimeterFacts = {
  scope: "Account",
  id: "111122223333",
  partition: "aws",
  region: "eu-west-1",
  trustedAccounts: [],
};
const organization: PerimeterFacts = { ...account, scope: "Organization", id: "o-exampleorg1" };
const TEN_ACCOUNTS = Array.from({ length: 10 }, (_, i) => `${100000000000 + i}`);

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

  it("s3: reads the AWS-owned objects of AWS's example for the region, and lists its AWS-owned buckets", () => {
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
            "arn:aws:s3:::elasticbeanstalk-samples-eu-west-1/*",
            "arn:aws:s3:::elasticbeanstalk-platform-assets-eu-west-1/*",
            "arn:aws:s3:::elasticbeanstalk-env-resources-eu-west-1/*",
            "arn:aws:s3:::elasticbeanstalk-eu-west-1/*",
            "arn:aws:s3:::jumpstart-cache-prod-eu-west-1/*",
            "arn:aws:s3:::aws-neptune-notebook/*",
            "arn:aws:s3:::aws-neptune-notebook-eu-west-1/*",
            "arn:aws:s3:::athena-examples-eu-west-1/*",
            "arn:aws:s3:::cloudformation-examples/*",
            "arn:aws:s3:::awssupportdatasvcs.com/*",
            "arn:aws:s3:::redshift-downloads/*",
            "arn:aws:s3:::session-manager-downloads/*",
            "arn:aws:s3:::ssm-document-categories/*",
            "arn:aws:s3:::aws-sap-data-provider/*",
            "arn:aws:s3:::aws-sap-dataprovider-eu-west-1/*",
            "arn:aws:s3:::awssap-backint-agent/*",
            "arn:aws:s3:::aws-cli/*",
          ],
        },
        {
          Sid: "AllowListingAWSOwnedBuckets",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:ListBucket"],
          Resource: [
            "arn:aws:s3:::jumpstart-cache-prod-eu-west-1",
            "arn:aws:s3:::aws-neptune-notebook",
            "arn:aws:s3:::aws-neptune-notebook-eu-west-1",
            "arn:aws:s3:::athena-examples-eu-west-1",
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
        // Every action, as before: AWS's example's list misses UpdateAssociation on AWS documents.
        Action: "*",
        Resource: [
          "arn:aws:ssm:eu-west-1::parameter/aws/*",
          "arn:aws:ssm:eu-west-1::document/*",
          "arn:aws:ssm:*::automation-definition/*",
        ],
        Condition: { StringEquals: { "aws:PrincipalAccount": "111122223333" } },
      },
    ]);
  });

  it('sts: web identity and SAML federation into the perimeter\'s roles, with Principal "*" (which alone matches a federated caller)', () => {
    assert.deepStrictEqual(perimeterPolicy("sts", organization).Statement.slice(2), [
      {
        Sid: "AllowRequestsToOrganizationRolesByFederatedPrincipals",
        Effect: "Allow",
        Principal: "*",
        Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceOrgID": "o-exampleorg1" } },
      },
    ]);
  });

  it("every policy passes the endpoint-policy checks, in the longest region names too", () => {
    for (const region of ["us-east-1", "ap-southeast-5", "us-gov-west-1", "cn-northwest-1"]) {
      for (const service of ["s3", "ssm", "sts", "sqs", "ec2", "iam", "cloudformation"]) {
        for (const facts of [account, { ...organization, trustedAccounts: TEN_ACCOUNTS }]) {
          const document = JSON.stringify(perimeterPolicy(service, { ...facts, region }));
          validatePolicyDocument(`${service} in ${region}`, document);
          assert.ok(document.length < MAX_ENDPOINT_POLICY_CHARACTERS / 2, `${document.length}`);
        }
      }
    }
  });

  it("keeps a source for each group of AWS-owned buckets", () => {
    for (const group of AWS_OWNED_S3_OBJECTS) {
      assert.match(
        group.source,
        /^https:\/\/(docs\.aws\.amazon\.com|github\.com\/aws-samples)\//,
        group.purpose,
      );
      assert.ok(group.objects("us-east-1").length > 0, group.purpose);
    }
  });

  it("ec2, cloudformation, iam, imagebuilder: the perimeter's identities may use what AWS owns there", () => {
    const own = (service: string) => perimeterPolicy(service, account).Statement.slice(2);
    const identities = { StringEquals: { "aws:PrincipalAccount": "111122223333" } };
    assert.deepStrictEqual(own("ec2"), [
      {
        Sid: "AllowRequestsByAccountIdentitiesToPublicImages",
        Effect: "Allow",
        Principal: "*",
        Action: [
          "ec2:RunInstances",
          "ec2:CreateReplaceRootVolumeTask",
          "ec2:CreateTags",
          "ec2:DeleteTags",
        ],
        Resource: "arn:aws:ec2:*::image/*",
        Condition: identities,
      },
      {
        Sid: "AllowRequestsByAccountIdentitiesToAWSManagedPrefixLists",
        Effect: "Allow",
        Principal: "*",
        Action: ["ec2:GetManagedPrefixListEntries"],
        Resource: "arn:aws:ec2:*:aws:prefix-list/*",
        Condition: identities,
      },
    ]);
    assert.deepStrictEqual(own("cloudformation"), [
      {
        Sid: "AllowRequestsByAccountIdentitiesToAWSTransforms",
        Effect: "Allow",
        Principal: "*",
        Action: ["cloudformation:CreateChangeSet"],
        Resource: "arn:aws:cloudformation:eu-west-1:aws:transform/*",
        Condition: identities,
      },
    ]);
    assert.deepStrictEqual(own("iam"), [
      {
        Sid: "AllowRequestsByAccountIdentitiesToAWSManagedPolicies",
        Effect: "Allow",
        Principal: "*",
        Action: "*",
        Resource: "arn:aws:iam::aws:policy/*",
        Condition: identities,
      },
    ]);
    assert.deepStrictEqual(own("imagebuilder"), [
      {
        Sid: "AllowRequestsByAccountIdentitiesToAWSComponentsAndImages",
        Effect: "Allow",
        Principal: "*",
        Action: ["imagebuilder:GetComponent", "imagebuilder:GetImage"],
        Resource: [
          "arn:aws:imagebuilder:eu-west-1:aws:component/*",
          "arn:aws:imagebuilder:eu-west-1:aws:image/*",
        ],
        Condition: identities,
      },
    ]);
  });

  it("trusted accounts: the perimeter's identities may also use those accounts' resources, in every policy", () => {
    const trusted = ["580247275435", "602401143452"];
    for (const [facts, key] of [
      [account, "aws:PrincipalAccount"],
      [organization, "aws:PrincipalOrgID"],
    ] as const) {
      for (const service of ["lambda", "ecr.api", "s3"]) {
        assert.deepStrictEqual(
          perimeterPolicy(service, { ...facts, trustedAccounts: trusted }).Statement[2],
          {
            Sid: `AllowRequestsBy${facts.scope}IdentitiesToTrustedAccountsResources`,
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: {
              StringEquals: { [key]: facts.id, "aws:ResourceAccount": trusted },
            },
          },
        );
      }
    }
  });

  it("checks the trusted accounts: 12-digit ids, each once, as many as the policy holds, never with Open", () => {
    const arg = "endpointPolicyTrustedAccounts";
    assert.deepStrictEqual(validateTrustedAccounts(arg, undefined, undefined), []);
    assert.deepStrictEqual(validateTrustedAccounts(arg, ["580247275435"], "Organization"), [
      "580247275435",
    ]);
    assert.throws(() => validateTrustedAccounts(arg, ["58024727543", "acct"], "Account"), {
      name: "ArgumentError",
      message: `${arg} lists "58024727543", "acct": give AWS account ids, 12 digits each.`,
    });
    assert.throws(() => validateTrustedAccounts(arg, ["580247275435", "580247275435"], "Account"), {
      name: "ArgumentError",
      message: `${arg} lists 580247275435 more than once.`,
    });
    const many = Array.from({ length: 2000 }, (_, i) => `${100000000000 + i}`);
    assert.throws(() => validateTrustedAccounts(arg, many, "Account"), {
      name: "ArgumentError",
      message: `${arg} lists 2000 accounts, too many for AWS's 20,480-character endpoint policy: trust fewer, or give the endpoints a policy of your own.`,
    });
    assert.throws(() => validateTrustedAccounts(arg, ["580247275435"], "Open"), {
      name: "ArgumentError",
      message: `${arg} adds accounts to the endpoints' data perimeter, but endpointPolicyScope is "Open" (no perimeter: every account is reachable): remove ${arg}, or use "Account" or "Organization".`,
    });
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
