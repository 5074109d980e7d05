import { checkOneOf } from "./args";
import { ArgumentError, duplicatesOf, listWords } from "./errors";
import { PolicyDocument, PolicyStatement } from "./iamPolicy";

/**
 * Whose requests the endpoints' default policies let through: AWS's data-perimeter pattern for VPC
 * endpoint policies (https://github.com/aws-samples/data-perimeter-policy-examples,
 * vpc_endpoint_policies/), which every endpoint this package creates gets unless the endpoint's
 * own `policy` is given.
 */
export const EndpointPolicyScope = {
  /**
   * Identities of the deploying account, to resources of that account (`aws:PrincipalAccount`
   * and `aws:ResourceAccount`); AWS service principals; the AWS-owned resources each service is
   * documented to need. The account is looked up from the provider.
   */
  Account: "Account",
  /**
   * As Account, for the deploying account's whole AWS Organizations organization
   * (`aws:PrincipalOrgID`, `aws:ResourceOrgID`); the organization is looked up from the provider.
   */
  Organization: "Organization",
  /** No policy: AWS's default, which allows full access to the service through the endpoint. */
  Open: "Open",
} as const;
export type EndpointPolicyScope = (typeof EndpointPolicyScope)[keyof typeof EndpointPolicyScope];

export const DEFAULT_ENDPOINT_POLICY_SCOPE: EndpointPolicyScope = EndpointPolicyScope.Account;

/**
 * "The size of an endpoint policy cannot exceed 20,480 characters, including white space", and it
 * "must contain a Principal element"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html; the quota is
 * not adjustable: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html).
 */
export const MAX_ENDPOINT_POLICY_CHARACTERS = 20480;

/** Checks a scope given as an argument (other languages send any string). */
export function validateEndpointPolicyScope(
  arg: string,
  value: unknown,
): EndpointPolicyScope | undefined {
  return checkOneOf(
    arg,
    value,
    EndpointPolicyScope,
    '"Open" gives the endpoints AWS\'s full-access default policy.',
  );
}

/** The facts a perimeter policy is written from, looked up from the provider. */
export interface PerimeterFacts {
  readonly scope: Exclude<EndpointPolicyScope, "Open">;
  /** The account id (Account) or organization id (Organization). */
  readonly id: string;
  readonly partition: string;
  readonly region: string;
  /**
   * Other accounts whose resources the perimeter's identities may use through the endpoints
   * (`endpointPolicyTrustedAccounts`).
   * @default - none
   */
  readonly trustedAccounts?: readonly string[];
}

/** A group of AWS-owned S3 objects (and buckets) that a service reaches, with its source. */
interface AwsOwnedObjects {
  readonly purpose: string;
  readonly source: string;
  /** Object ARNs' resource parts (`bucket/key-pattern`), for s3:GetObject. */
  readonly objects: (region: string) => string[];
  /** Buckets listed as well (s3:ListBucket acts on the bucket), where AWS's example has them. */
  readonly buckets?: (region: string) => string[];
}

/**
 * AWS-owned buckets that code and agents in a VPC read through the S3 endpoint with requests that
 * are unsigned or signed by an AWS account (so the account conditions cannot admit them), as AWS's
 * data-perimeter example lists them (aws-samples/data-perimeter-policy-examples at 8e0d3c5,
 * vpc_endpoint_policies/s3_endpoint_policy.json "AllowRequestsToAWSOwnedResources", and
 * service_owned_resources.md), each from the service's own page. Read-only, as in AWS's example:
 * s3:GetObject on the objects and s3:ListBucket on the buckets AWS names whole. Left to the user's
 * own policy: buckets whose names hold another AWS account's id or a per-customer string (Glue
 * Studio, CodeArtifact, Cloud9), and Lambda's deployment-package buckets, which AWS's example
 * leaves out (their presigned URLs are signed by Lambda's service principal).
 */
export const AWS_OWNED_S3_OBJECTS: readonly AwsOwnedObjects[] = [
  {
    purpose: "Amazon ECR image layers",
    source:
      "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms",
    objects: (r) => [`prod-${r}-starport-layer-bucket/*`],
  },
  {
    purpose: "Amazon Linux 2 and 2023 package repositories",
    source: "https://docs.aws.amazon.com/linux/al2023/ug/live-patching.html",
    objects: (r) => [
      `packages.${r}.amazonaws.com/*`,
      `repo.${r}.amazonaws.com/*`,
      `amazonlinux.${r}.amazonaws.com/*`,
      `amazonlinux-2-repos-${r}/*`,
      `al2023-repos-${r}-de612dc2/*`,
      `al2023-${r}/*`,
    ],
  },
  {
    purpose: "Amazon EMR repositories and logs",
    source: "https://docs.aws.amazon.com/emr/latest/ManagementGuide/private-subnet-iampolicy.html",
    objects: (r) => [`repo.${r}.emr.amazonaws.com/*`, `prod.${r}.appinfo.src/*`],
  },
  {
    purpose: "AWS Systems Manager agent",
    source:
      "https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html",
    objects: (r) => [
      `aws-ssm-${r}/*`,
      `aws-windows-downloads-${r}/*`,
      `amazon-ssm-${r}/*`,
      `amazon-ssm-packages-${r}/*`,
      `${r}-birdwatcher-prod/*`,
      `aws-ssm-distributor-file-${r}/*`,
      `aws-ssm-document-attachments-${r}/*`,
      `patch-baseline-snapshot-${r}/*`,
      `aws-patchmanager-macos-${r}/*`,
    ],
  },
  {
    purpose: "Amazon CloudWatch agent",
    source:
      "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/download-cloudwatch-agent-commandline.html",
    objects: (r) => [`amazoncloudwatch-agent-${r}/*`, "amazoncloudwatch-agent/*"],
  },
  {
    purpose: "AWS CodeDeploy agent",
    source: "https://docs.aws.amazon.com/codedeploy/latest/userguide/instances-ec2-configure.html",
    objects: (r) => [`aws-codedeploy-${r}/*`],
  },
  {
    purpose: "EC2 Image Builder components",
    source:
      "https://docs.aws.amazon.com/imagebuilder/latest/userguide/security-iam-data-perimeter.html",
    objects: (r) => [
      `ec2imagebuilder-toe-${r}-prod/*`,
      `ec2imagebuilder-managed-resources-${r}-prod/components/*`,
    ],
  },
  {
    purpose: "AWS Application Migration Service agent",
    source: "https://docs.aws.amazon.com/mgn/latest/ug/Network-Requirements.html",
    objects: (r) =>
      ["mgn-clients", "mgn-internal", "application-migration-service"].flatMap((b) => [
        `aws-${b}-${r}/*`,
        `aws-${b}-hashes-${r}/*`,
      ]),
  },
  {
    purpose: "AWS Elastic Disaster Recovery agent",
    source: "https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html",
    objects: (r) =>
      ["drs-clients", "drs-internal", "elastic-disaster-recovery"].flatMap((b) => [
        `aws-${b}-${r}/*`,
        `aws-${b}-hashes-${r}/*`,
      ]),
  },
  {
    purpose: "AWS CloudFormation wait conditions and custom resources",
    source:
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-vpce-bucketnames.html",
    // This one bucket's name has the region without dashes (uswest2).
    objects: (r) => [
      `cloudformation-waitcondition-${r}/*`,
      `cloudformation-custom-resource-response-${r.replace(/-/g, "")}/*`,
    ],
  },
  {
    purpose: "ACM for Nitro Enclaves",
    source: "https://docs.aws.amazon.com/enclaves/latest/user/nitro-enclave-refapp.html#role-cert",
    objects: (r) => [`aws-ec2-enclave-certificate-${r}-prod/*`],
  },
  {
    purpose: "AWS Elastic Beanstalk platforms and samples",
    source:
      "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc-vpce.policy.html#AWSHowTo.S3.VPCendpoints",
    objects: (r) => [
      `elasticbeanstalk-samples-${r}/*`,
      `elasticbeanstalk-platform-assets-${r}/*`,
      `elasticbeanstalk-env-resources-${r}/*`,
      `elasticbeanstalk-${r}/*`,
    ],
  },
  {
    purpose: "Amazon SageMaker JumpStart models",
    source:
      "https://docs.aws.amazon.com/sagemaker/latest/dg/jumpstart-deploy.html#jumpstart-config-security",
    objects: (r) => [`jumpstart-cache-prod-${r}/*`],
    buckets: (r) => [`jumpstart-cache-prod-${r}`],
  },
  {
    purpose: "Amazon Neptune graph notebooks",
    source:
      "https://docs.aws.amazon.com/neptune/latest/userguide/graph-notebooks.html#graph-notebooks-workbench",
    objects: (r) => ["aws-neptune-notebook/*", `aws-neptune-notebook-${r}/*`],
    buckets: (r) => ["aws-neptune-notebook", `aws-neptune-notebook-${r}`],
  },
  {
    purpose: "Amazon Athena examples",
    source: "https://docs.aws.amazon.com/athena/latest/ug/getting-started.html",
    objects: (r) => [`athena-examples-${r}/*`],
    buckets: (r) => [`athena-examples-${r}`],
  },
  {
    purpose: "AWS CloudFormation helper scripts",
    source:
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/cfn-helper-scripts-reference.html",
    objects: () => ["cloudformation-examples/*"],
  },
  {
    purpose: "AWS Schema Conversion Tool drivers",
    source:
      "https://docs.aws.amazon.com/SchemaConversionTool/latest/userguide/CHAP_Installing.JDBCDrivers.html",
    objects: () => ["awssupportdatasvcs.com/*", "redshift-downloads/*"],
  },
  {
    purpose: "Session Manager plugin and SSM document categories",
    source: "https://docs.aws.amazon.com/systems-manager/latest/userguide/data-perimeters.html",
    objects: () => ["session-manager-downloads/*", "ssm-document-categories/*"],
  },
  {
    purpose: "AWS Data Provider and Backint Agent for SAP",
    source:
      "https://docs.aws.amazon.com/sap/latest/sap-hana/aws-backint-agent-s3-installing-configuring.html",
    objects: (r) => [
      "aws-sap-data-provider/*",
      `aws-sap-dataprovider-${r}/*`,
      "awssap-backint-agent/*",
    ],
  },
  {
    purpose: "AWS CLI installers",
    // No AWS page names the bucket; AWS's example added it for a user's report (its issue #54).
    source:
      "https://github.com/aws-samples/data-perimeter-policy-examples/commit/8e0d3c5179a45dca414d4ea1f3a7b544aba02009",
    objects: () => ["aws-cli/*"],
  },
];

/** The condition keys that draw the perimeter, for the deploying account or its organization. */
const PERIMETER_KEYS = {
  Account: { principal: "aws:PrincipalAccount", resource: "aws:ResourceAccount" },
  Organization: { principal: "aws:PrincipalOrgID", resource: "aws:ResourceOrgID" },
} as const;

/** A condition on the perimeter's identities alone (for AWS-owned resources, which it cannot own). */
const byPerimeterIdentities = (facts: PerimeterFacts) => ({
  StringEquals: { [PERIMETER_KEYS[facts.scope].principal]: facts.id },
});

/**
 * The statements every perimeter policy has: requests by the perimeter's identities to the
 * perimeter's resources, and requests AWS services make on the user's behalf with their own
 * service principals (`aws:PrincipalIsAWSService`), as in AWS's default_endpoint_policy.json; and,
 * when the user trusts other accounts, requests by the perimeter's identities to those accounts'
 * resources (AWS's "AllowRequestsByOrgsIdentitiesToThirdPartyResources" in s3_endpoint_policy.json,
 * and the ecr.api and lambda examples' `<service-account-id>`: the AWS accounts that publish ECR
 * images and Lambda layers differ by Region, so they are the user's to name).
 */
function commonStatements(facts: PerimeterFacts): PolicyStatement[] {
  const keys = PERIMETER_KEYS[facts.scope];
  return [
    {
      Sid: `AllowRequestsBy${facts.scope}IdentitiesTo${facts.scope}Resources`,
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { [keys.principal]: facts.id, [keys.resource]: facts.id } },
    },
    {
      Sid: "AllowRequestsByAWSServicePrincipals",
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: "*",
      Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } },
    },
    ...((facts.trustedAccounts ?? []).length === 0
      ? []
      : [
          {
            Sid: `AllowRequestsBy${facts.scope}IdentitiesToTrustedAccountsResources`,
            Effect: "Allow" as const,
            Principal: "*" as const,
            Action: "*",
            Resource: "*",
            Condition: {
              StringEquals: {
                [keys.principal]: facts.id,
                "aws:ResourceAccount": [...(facts.trustedAccounts ?? [])],
              },
            },
          },
        ]),
  ];
}

/**
 * What some services need beyond the common statements: the AWS-owned resources of AWS's
 * per-service examples (vpc_endpoint_policies/<service>_endpoint_policy.json at 8e0d3c5), whose
 * ARNs carry no account of the user's (`aws` or none) and so are outside the resource condition.
 * Services not listed get the common statements alone, as AWS's README advises for services it
 * has no example for. Where AWS's example puts actions of different resource types in one
 * statement (EC2), each type gets its own, so every action applies to every resource listed.
 */
const SERVICE_STATEMENTS: Readonly<Record<string, (facts: PerimeterFacts) => PolicyStatement[]>> = {
  s3: ({ partition, region }) => {
    const arn = (resource: string) => `arn:${partition}:s3:::${resource}`;
    const buckets = AWS_OWNED_S3_OBJECTS.flatMap((g) => g.buckets?.(region) ?? []);
    return [
      {
        Sid: "AllowRequestsToAWSOwnedResources",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:GetObject"],
        Resource: AWS_OWNED_S3_OBJECTS.flatMap((g) => g.objects(region)).map(arn),
      },
      {
        Sid: "AllowListingAWSOwnedBuckets",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:ListBucket"],
        Resource: buckets.map(arn),
      },
    ];
  },
  // Public AMIs (no account in their ARN) and AWS-managed prefix lists (account "aws").
  ec2: (facts) => [
    {
      Sid: `AllowRequestsBy${facts.scope}IdentitiesToPublicImages`,
      Effect: "Allow",
      Principal: "*",
      Action: [
        "ec2:RunInstances",
        "ec2:CreateReplaceRootVolumeTask",
        "ec2:CreateTags",
        "ec2:DeleteTags",
      ],
      Resource: `arn:${facts.partition}:ec2:*::image/*`,
      Condition: byPerimeterIdentities(facts),
    },
    {
      Sid: `AllowRequestsBy${facts.scope}IdentitiesToAWSManagedPrefixLists`,
      Effect: "Allow",
      Principal: "*",
      Action: ["ec2:GetManagedPrefixListEntries"],
      Resource: `arn:${facts.partition}:ec2:*:aws:prefix-list/*`,
      Condition: byPerimeterIdentities(facts),
    },
  ],
  // AWS's transforms (AWS::Serverless and others): CreateChangeSet names them as resources
  // ("arn:aws:cloudformation:<region>:aws:transform/Serverless-2016-10-31":
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html).
  cloudformation: (facts) => [
    {
      Sid: `AllowRequestsBy${facts.scope}IdentitiesToAWSTransforms`,
      Effect: "Allow",
      Principal: "*",
      Action: ["cloudformation:CreateChangeSet"],
      Resource: `arn:${facts.partition}:cloudformation:${facts.region}:aws:transform/*`,
      Condition: byPerimeterIdentities(facts),
    },
  ],
  // AWS managed policies, which roles of the perimeter attach and read.
  iam: (facts) => [
    {
      Sid: `AllowRequestsBy${facts.scope}IdentitiesToAWSManagedPolicies`,
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: `arn:${facts.partition}:iam::aws:policy/*`,
      Condition: byPerimeterIdentities(facts),
    },
  ],
  // AWS's components and images, which pipelines of the perimeter read.
  imagebuilder: (facts) => [
    {
      Sid: `AllowRequestsBy${facts.scope}IdentitiesToAWSComponentsAndImages`,
      Effect: "Allow",
      Principal: "*",
      Action: ["imagebuilder:GetComponent", "imagebuilder:GetImage"],
      Resource: ["component/*", "image/*"].map(
        (r) => `arn:${facts.partition}:imagebuilder:${facts.region}:aws:${r}`,
      ),
      Condition: byPerimeterIdentities(facts),
    },
  ],
  // Public parameters, documents and runbooks AWS owns (no account in their ARNs). All actions,
  // not AWS's example's list: that list leaves out UpdateAssociation, which takes the document of
  // an association (AWS-RunPatchBaseline, say), and so would refuse what this statement let
  // through before; a write to a resource AWS owns is AWS's to refuse anyway.
  ssm: (facts) => [
    {
      Sid: `AllowRequestsBy${facts.scope}IdentitiesToAWSResources`,
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: [
        `arn:${facts.partition}:ssm:${facts.region}::parameter/aws/*`,
        `arn:${facts.partition}:ssm:${facts.region}::document/*`,
        `arn:${facts.partition}:ssm:*::automation-definition/*`,
      ],
      Condition: byPerimeterIdentities(facts),
    },
  ],
  // Web identity and SAML federation into the perimeter's roles. A federated caller has no AWS
  // identity, so only the role's account can be checked, and only `"Principal": "*"` matches it
  // (AWS's STS endpoint-policy page: "The second statement uses "Principal": "*" to match
  // federated callers"; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_policies.html).
  sts: (facts) => [
    {
      Sid: `AllowRequestsTo${facts.scope}RolesByFederatedPrincipals`,
      Effect: "Allow",
      Principal: "*",
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
      Resource: "*",
      Condition: { StringEquals: { [PERIMETER_KEYS[facts.scope].resource]: facts.id } },
    },
  ],
};

/** The data-perimeter endpoint policy for one service. */
export function perimeterPolicy(service: string, facts: PerimeterFacts): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [...commonStatements(facts), ...(SERVICE_STATEMENTS[service]?.(facts) ?? [])],
  };
}

const ACCOUNT_ID = /^\d{12}$/;

/** The endpoint-policy arguments every component with endpoints takes. */
export interface EndpointPolicyArgs {
  readonly endpointPolicyScope?: EndpointPolicyScope;
  readonly endpointPolicyTrustedAccounts?: string[];
}

/** Checks a component's `endpointPolicyScope` and `endpointPolicyTrustedAccounts` together. */
export function validateEndpointPolicyArgs(args: EndpointPolicyArgs): void {
  validateEndpointPolicyScope("endpointPolicyScope", args.endpointPolicyScope);
  validateTrustedAccounts(
    "endpointPolicyTrustedAccounts",
    args.endpointPolicyTrustedAccounts,
    args.endpointPolicyScope,
  );
}

/**
 * Checks `endpointPolicyTrustedAccounts`: 12-digit account ids, each once, and a perimeter to add
 * them to (with "Open" every account is reachable already).
 */
export function validateTrustedAccounts(
  arg: string,
  accounts: readonly string[] | undefined,
  scope: EndpointPolicyScope | undefined,
): readonly string[] {
  if (accounts === undefined) {
    return [];
  }
  const bad = accounts.filter((a) => !ACCOUNT_ID.test(a));
  if (bad.length > 0) {
    throw new ArgumentError(
      `${arg} lists ${bad.map((a) => JSON.stringify(a)).join(", ")}: give AWS account ids, 12 digits each.`,
    );
  }
  const repeated = duplicatesOf(accounts);
  if (repeated.length > 0) {
    throw new ArgumentError(`${arg} lists ${listWords(repeated)} more than once.`);
  }
  // The S3 perimeter is the longest; written for a long region, organization id and partition,
  // it must still fit AWS's 20,480 characters with every trusted account in it.
  const longest = JSON.stringify(
    perimeterPolicy("s3", {
      scope: "Organization",
      id: `o-${"x".repeat(32)}`,
      partition: "aws-us-gov",
      region: "xx-xxxxxxxxxx-9",
      trustedAccounts: accounts,
    }),
  ).length;
  if (longest > MAX_ENDPOINT_POLICY_CHARACTERS) {
    throw new ArgumentError(
      `${arg} lists ${accounts.length} accounts, too many for AWS's 20,480-character endpoint policy: trust fewer, or give the endpoints a policy of your own.`,
    );
  }
  if (scope === "Open" && accounts.length > 0) {
    throw new ArgumentError(
      `${arg} adds accounts to the endpoints' data perimeter, but endpointPolicyScope is "Open" (no perimeter: every account is reachable): remove ${arg}, or use "Account" or "Organization".`,
    );
  }
  return accounts;
}
