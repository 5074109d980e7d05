/**
 * The ARNs the components take from users, checked one way whenever they are known: the form the
 * API takes, its length, and the provider's partition (an aws-us-gov role or an aws-cn bucket is
 * never usable from a stack in aws). ARNs are split by hand: the one well-kept parser
 * (@aws-sdk/util-arn-parser) would pull @aws-sdk/core into every user's program.
 */
import { describeValue } from "./args";
import { ArgumentError } from "./errors";

/** One kind of ARN an argument takes. */
export interface ArnForm {
  /** What the argument must be, for messages: "the execution role's ARN". */
  readonly what: string;
  readonly pattern: RegExp;
  readonly max: number;
  readonly example: string;
  /** The usual mistake's fix, for messages. */
  readonly hint?: string;
}

export const ARN_FORMS = {
  /**
   * A function's execution role. Lambda's CreateFunction Role pattern,
   * `arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`
   * (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html), with IAM's role name
   * rule, 1 to 64 of `[\w+=,.@-]` (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html);
   * IAM's ARNs are at most 2048 characters (its arnType).
   */
  role: {
    what: "the execution role's ARN",
    pattern: /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/(?:[A-Za-z0-9_+=,.@/-]*\/)?[\w+=,.@-]{1,64}$/,
    max: 2048,
    example: "arn:aws:iam::123456789012:role/my-role",
    hint: "pass role.arn, not its name",
  },
  /**
   * A KMS key for a log group: "The Amazon Resource Name (ARN) of the KMS key", at most 256
   * characters (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html);
   * a key's ARN, not an alias's.
   */
  kmsKey: {
    what: "a KMS key's ARN",
    pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
    max: 256,
    example: "arn:aws:kms:us-east-1:123456789012:key/<key id>",
    hint: "give the key's ARN, not an alias or a key id",
  },
  /**
   * A flow log's S3 destination: "the ARN of an S3 bucket. For example: arn:aws:s3:::my_bucket/
   * my_subfolder/ The subfolder is optional"
   * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-create-flow-log.html).
   */
  s3Bucket: {
    what: "an S3 bucket's ARN",
    pattern: /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/,
    max: 2048,
    example: "arn:aws:s3:::my-bucket or arn:aws:s3:::my-bucket/folder/",
    hint: "give the bucket's ARN (bucket.arn), not its name",
  },
} as const satisfies Record<string, ArnForm>;

/**
 * A role ARN as IAM takes it: a path is printable ASCII between slashes
 * (`(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, CreateRole), wider than Lambda takes.
 */
const IAM_ROLE_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;

/** The partition an ARN names (aws, aws-cn, aws-us-gov, ...). */
export const partitionOfArn = (arn: string): string => arn.split(":")[1] ?? "";

/**
 * Checks a value given where an ARN goes: its form and length, and, when `partition` is given
 * (the provider's, once looked up), that the ARN is in it. Undefined (not given, or not known
 * yet) passes; the components check a value known only at deployment the same way once it is.
 */
export function checkArnOf(form: ArnForm, arg: string, value: unknown, partition?: string): void {
  if (value === undefined) {
    return;
  }
  if (typeof value !== "string") {
    throw new ArgumentError(
      `${arg} must be ${form.what}, like ${form.example} (got ${describeValue(value)}).`,
    );
  }
  if (value.length > form.max) {
    throw new ArgumentError(
      `${arg} is ${value.length} characters; AWS takes ${form.what} of at most ${form.max}.`,
    );
  }
  if (form === ARN_FORMS.role && IAM_ROLE_ARN.test(value) && !form.pattern.test(value)) {
    throw new ArgumentError(
      `${arg} ${value} is a role IAM takes, but its path has characters Lambda's CreateFunction refuses (a role's path and name there take letters, digits and _ + = , . @ - /): use a role under such a path.`,
    );
  }
  if (!form.pattern.test(value)) {
    throw new ArgumentError(
      `${arg} must be ${form.what}, like ${form.example} (got ${describeValue(value)})${form.hint ? `: ${form.hint}` : ""}.`,
    );
  }
  const own = partitionOfArn(value);
  if (partition !== undefined && own !== partition) {
    throw new ArgumentError(
      `${arg} ${value} is in the ${own} partition, but the provider deploys to ${partition}, and resources never cross partitions: give one of ${partition}, or a provider for ${own}.`,
    );
  }
}
