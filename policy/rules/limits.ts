/**
 * AWS's limits and quotas, in one table: the names, descriptions and tags the components write
 * (each a length and the characters AWS takes, with its source: the API references' "Length
 * Constraints" and "Pattern" lines, from AWS's service models), and the counts AWS enforces
 * (vpcConfig's subnets and groups, security-group rules, Elastic IPs, Hyperplane ENIs). Every
 * physical name, description and Name tag a component derives from its own name is fitted to
 * these (components/lib/naming.ts), and a test walks every registered resource against them. The
 * library, its pre-flight and the policy pack read this one file; it lives in the pack's folder
 * because the pack must load from its own folder alone (`pulumi policy publish` packs it).
 */

/** A value AWS limits: its longest length and the characters it may hold. */
export interface TextRule {
  readonly max: number;
  /** Whether AWS takes this one character. */
  readonly allows: (char: string) => boolean;
  /** The characters, as the user is told them. */
  readonly characters: string;
  readonly source: string;
}

const pattern = (re: RegExp) => (c: string) => re.test(c);

/** Names, in the API's words (Pulumi auto-names a resource `<resource name>-<7 characters>`). */
export const NAME_RULES = {
  /** CreateFunction FunctionName: "If you specify only the function name, it is limited to 64". */
  lambdaFunction: {
    max: 64,
    allows: pattern(/[A-Za-z0-9_-]/),
    characters: "letters, digits, - and _",
    source: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
  },
  /** CreateRole RoleName: 1 to 64 of `[\w+=,.@-]`. */
  iamRole: {
    max: 64,
    allows: pattern(/[\w+=,.@-]/),
    characters: "letters, digits and + = , . @ _ -",
    source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
  },
  /** PutRolePolicy PolicyName: 1 to 128 of `[\w+=,.@-]`. */
  iamRolePolicy: {
    max: 128,
    allows: pattern(/[\w+=,.@-]/),
    characters: "letters, digits and + = , . @ _ -",
    source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html",
  },
  /** CreateLogGroup logGroupName: 1 to 512 of `[\.\-_/#A-Za-z0-9]`. */
  logGroup: {
    max: 512,
    allows: pattern(/[.\-_/#A-Za-z0-9]/),
    characters: "letters, digits and . - _ / #",
    source:
      "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
  },
  /**
   * CreateSecurityGroup GroupName: "Up to 255 characters in length. Can't start with sg-. Valid
   * characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*".
   */
  securityGroup: {
    max: 255,
    allows: pattern(/[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]/),
    characters: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
  },
  /**
   * Route 53 Profiles' Name (CreateProfile, AssociateProfile, AssociateResourceToProfile): at most
   * 64 of `[a-zA-Z0-9\-_' ']`, not all digits (botocore route53profiles/2018-05-10/service-2.json).
   */
  route53Profiles: {
    max: 64,
    allows: pattern(/[a-zA-Z0-9\-_' ]/),
    characters: "letters, digits, spaces and - _ '",
    source:
      "https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53profiles_CreateProfile.html",
  },
} as const satisfies Record<string, TextRule>;

/**
 * A `namePrefix` gets a 26-character unique suffix from the provider (terraform-plugin-sdk
 * helper/id.PrefixedUniqueId: a timestamp and a counter).
 */
export const NAME_PREFIX_SUFFIX_LENGTH = 26;

/** Pulumi auto-names a physical resource `<resource name>-<7 random characters>`. */
export const AUTONAME_SUFFIX_LENGTH = 8;

/** Descriptions. */
export const DESCRIPTION_RULES = {
  /** CreateSecurityGroup GroupDescription: as the name (without the sg- rule). */
  securityGroup: NAME_RULES.securityGroup,
  /** CreateRole Description: up to 1000 of `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]`. */
  iamRole: {
    max: 1000,
    allows: pattern(/[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]/),
    characters: "printable Latin-1",
    source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
  },
} as const satisfies Record<string, TextRule>;

/** Tag keys and values of one service. */
export interface TagRule {
  readonly key: TextRule;
  readonly value: TextRule;
}

/**
 * The characters IAM, CloudWatch Logs and Lambda take in tags: `[\p{L}\p{Z}\p{N}_.:/=+\-@]`
 * (IAM's Tag, CloudWatch Logs' TagResource, Lambda's TagResource patterns).
 */
const TAG_CHARACTERS = pattern(/[\p{L}\p{Z}\p{N}_.:/=+\-@]/u);

const restrictedTags = (source: string): TagRule => ({
  key: {
    max: 128,
    allows: TAG_CHARACTERS,
    characters: "letters, digits, spaces and _ . : / = + - @",
    source,
  },
  value: {
    max: 256,
    allows: TAG_CHARACTERS,
    characters: "letters, digits, spaces and _ . : / = + - @",
    source,
  },
});

export const TAG_RULES = {
  /**
   * EC2: "Tag keys are case-sensitive and accept a maximum of 127 Unicode characters" and values
   * "a maximum of 256 Unicode characters" (the user guide says 128 for keys); "EC2 allows for any
   * character in its tags" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html).
   */
  ec2: {
    key: {
      max: 127,
      allows: () => true,
      characters: "any",
      source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html",
    },
    value: {
      max: 256,
      allows: () => true,
      characters: "any",
      source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html",
    },
  },
  iam: restrictedTags("https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html"),
  logs: restrictedTags(
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html",
  ),
  lambda: restrictedTags("https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html"),
} as const satisfies Record<string, TagRule>;

/** AWS's limits on every resource's tags: "You can assign up to 50 tags to a resource". */
export const MAX_TAGS = 50;

/** Which tag rules a resource type's tags follow. */
export function tagRuleOf(type: string): TagRule {
  return type.startsWith("aws:iam/")
    ? TAG_RULES.iam
    : type.startsWith("aws:cloudwatch/")
      ? TAG_RULES.logs
      : type.startsWith("aws:lambda/")
        ? TAG_RULES.lambda
        : TAG_RULES.ec2;
}

/** The first characters of `text` a rule refuses, once each, for messages. */
export function refusedCharacters(rule: TextRule, text: string): string[] {
  return [...new Set([...text].filter((c) => !rule.allows(c)))];
}

/** Whether every character of a non-empty `text` is one the rule takes. */
export function takesCharacters(rule: TextRule, text: string): boolean {
  return text.length > 0 && [...text].every(rule.allows);
}

/** The names' limits, by service, as the pre-flight and the components name them. */
export const MAX_FUNCTION_NAME = NAME_RULES.lambdaFunction.max;
export const MAX_ROLE_NAME = NAME_RULES.iamRole.max;
export const MAX_LOG_GROUP_NAME = NAME_RULES.logGroup.max;

/**
 * AWS reserves the first four addresses and the last one of every subnet
 * (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
 */
export const RESERVED_ADDRESSES_PER_SUBNET = 5;

/**
 * Inbound, and outbound, rules per security group, counted apart for IPv4 and IPv6
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 */
export const MAX_SECURITY_GROUP_RULES = 60;

/**
 * Elastic IP addresses per Region, by default (a quota that can be raised)
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-eips).
 */
export const DEFAULT_ELASTIC_IP_QUOTA = 5;

/**
 * The vpcConfig limits AWS Lambda enforces: subnets and security groups per function
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const MAX_FUNCTION_SUBNETS = 16;
export const MAX_FUNCTION_SECURITY_GROUPS = 5;

/**
 * Lambda quotas, "Elastic network interfaces per virtual private cloud (VPC)": 500 by default,
 * raisable to thousands; "This quota is shared with other services, such as Amazon Elastic File
 * System (Amazon EFS)" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html,
 * read 2026-12; copies before late 2023 said 250). ENIs of other services in the VPC count too,
 * so VpcFunction's `hyperplaneEniQuota` and the pack's hyperplane-eni-budget take a lower budget
 * as well as a raised quota.
 */
export const DEFAULT_HYPERPLANE_ENI_QUOTA = 500;

/**
 * The principals of an AWS RAM share, in the forms AssociateResourceShare `principals` gives: "An
 * Amazon Web Services account ID, for example: 123456789012", "An ARN of an organization in
 * Organizations, for example: organizations::123456789012:organization/o-exampleorgid", "An ARN
 * of an organizational unit (OU) in Organizations, for example:
 * organizations::123456789012:ou/o-exampleorgid/ou-examplerootid-exampleouid123" (AWS RAM API
 * reference), with the ids of the Organizations API reference: Organization.Id "o-" and 10 to 32
 * lowercase letters or digits, OrganizationalUnit.Id `^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`. The
 * id is the last capture group.
 */
export const RAM_PRINCIPAL_FORMS = {
  account: /^(\d{12})$/,
  organization: /^arn:aws(-[a-z]+)*:organizations::\d{12}:organization\/(o-[a-z0-9]{10,32})$/,
  organizationalUnit:
    /^arn:aws(-[a-z]+)*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$/,
} as const;
