import { checkOneOf } from "./args";
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
}

/** A group of AWS-owned objects a service reaches through the S3 endpoint, with its source. */
interface AwsOwnedObjects {
  readonly purpose: string;
  readonly source: string;
  readonly buckets: (region: string) => string[];
}

/**
 * AWS-owned buckets that code and agents in a VPC read through the S3 endpoint with requests that
 * are unsigned or signed by an AWS account (so the account conditions cannot admit them), as the
 * data-perimeter guidance lists them (vpc_endpoint_policies/README.md, "AllowRequestsToAWSOwnedResources"),
 * each from the service's own page. Read-only (s3:GetObject), as in AWS's example. Buckets whose
 * names hold another AWS account's id (Glue Studio, CodeArtifact) are left to the user's policy.
 */
export const AWS_OWNED_S3_OBJECTS: readonly AwsOwnedObjects[] = [
  {
    purpose: "Amazon ECR image layers",
    source:
      "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms",
    buckets: (r) => [`prod-${r}-starport-layer-bucket/*`],
  },
  {
    purpose: "Amazon Linux 2 and 2023 package repositories",
    source: "https://docs.aws.amazon.com/linux/al2023/ug/live-patching.html",
    buckets: (r) => [
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
    buckets: (r) => [`repo.${r}.emr.amazonaws.com/*`, `prod.${r}.appinfo.src/*`],
  },
  {
    purpose: "AWS Systems Manager agent",
    source:
      "https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html",
    buckets: (r) => [
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
    buckets: (r) => [`amazoncloudwatch-agent-${r}/*`, "amazoncloudwatch-agent/*"],
  },
  {
    purpose: "AWS CodeDeploy agent",
    source: "https://docs.aws.amazon.com/codedeploy/latest/userguide/instances-ec2-configure.html",
    buckets: (r) => [`aws-codedeploy-${r}/*`],
  },
  {
    purpose: "EC2 Image Builder components",
    source:
      "https://docs.aws.amazon.com/imagebuilder/latest/userguide/vpc-interface-endpoints.html",
    buckets: (r) => [
      `ec2imagebuilder-toe-${r}-prod/*`,
      `ec2imagebuilder-managed-resources-${r}-prod/components/*`,
    ],
  },
  {
    purpose: "AWS Application Migration Service agent",
    source: "https://docs.aws.amazon.com/mgn/latest/ug/Network-Requirements.html",
    buckets: (r) =>
      ["mgn-clients", "mgn-internal", "application-migration-service"].flatMap((b) => [
        `aws-${b}-${r}/*`,
        `aws-${b}-hashes-${r}/*`,
      ]),
  },
  {
    purpose: "AWS Elastic Disaster Recovery agent",
    source: "https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html",
    buckets: (r) =>
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
    buckets: (r) => [
      `cloudformation-waitcondition-${r}/*`,
      `cloudformation-custom-resource-response-${r.replace(/-/g, "")}/*`,
    ],
  },
  {
    purpose: "ACM for Nitro Enclaves",
    source: "https://docs.aws.amazon.com/enclaves/latest/user/nitro-enclave-refapp.html#role-cert",
    buckets: (r) => [`aws-ec2-enclave-certificate-${r}-prod/*`],
  },
];

/** The condition keys that draw the perimeter, for the deploying account or its organization. */
const PERIMETER_KEYS = {
  Account: { principal: "aws:PrincipalAccount", resource: "aws:ResourceAccount" },
  Organization: { principal: "aws:PrincipalOrgID", resource: "aws:ResourceOrgID" },
} as const;

/**
 * The statements every perimeter policy has: requests by the perimeter's identities to the
 * perimeter's resources, and requests AWS services make on the user's behalf with their own
 * service principals (`aws:PrincipalIsAWSService`), as in AWS's default_endpoint_policy.json.
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
  ];
}

/**
 * What some services need beyond the common statements, from AWS's per-service examples
 * (vpc_endpoint_policies/<service>_endpoint_policy.json). Services not listed get the common
 * statements alone, as AWS's README advises for services it has no example for.
 */
const SERVICE_STATEMENTS: Readonly<Record<string, (facts: PerimeterFacts) => PolicyStatement[]>> = {
  s3: ({ partition, region }) => [
    {
      Sid: "AllowRequestsToAWSOwnedResources",
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:GetObject"],
      Resource: AWS_OWNED_S3_OBJECTS.flatMap((g) => g.buckets(region)).map(
        (object) => `arn:${partition}:s3:::${object}`,
      ),
    },
  ],
  // Public parameters, documents and runbooks AWS owns (no account in their ARNs).
  ssm: (facts) => [
    {
      Sid: `AllowRequestsBy${facts.scope}IdentitiesToAWSResources`,
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: ["parameter/aws/*", "document/*", "automation-definition/*"].map(
        (r) => `arn:${facts.partition}:ssm:${facts.region}::${r}`,
      ),
      Condition: { StringEquals: { [PERIMETER_KEYS[facts.scope].principal]: facts.id } },
    },
  ],
  // Web identity and SAML federation into the perimeter's roles: the caller is not an AWS
  // identity, so only the role's account can be checked.
  sts: (facts) => [
    {
      Sid: `AllowRequestsTo${facts.scope}RolesByFederatedPrincipals`,
      Effect: "Allow",
      Principal: { Federated: "*" },
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
