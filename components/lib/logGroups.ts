/** CloudWatch Logs groups the components create: retention periods and KMS keys, checked. */
import type * as pulumi from "@pulumi/pulumi";
import { describeValue } from "./args";
import { ArgumentError } from "./errors";

/**
 * The retention periods CloudWatch Logs accepts, 0 meaning never expire (@pulumi/aws
 * cloudwatch/logGroup.d.ts, `retentionInDays`; CloudWatch Logs PutRetentionPolicy).
 */
export const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
  3288, 3653,
] as const;

/**
 * How long the components keep logs unless told otherwise. AWS Config's
 * cw-loggroup-retention-period-check (behind Security Hub CloudWatch.16) wants 365 days unless
 * its MinRetentionTime says less
 * (https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html):
 * set 365 where that control runs.
 */
export const DEFAULT_LOG_RETENTION_DAYS = 90;

/**
 * A log group takes a KMS key by its ARN (@pulumi/aws cloudwatch/logGroup.d.ts, `kmsKeyId`:
 * "The ARN of the KMS Key"; CloudWatch Logs AssociateKmsKey).
 */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A plain value that is not the ARN it must be; values known only at deployment pass. */
export function checkArn(arg: string, value: unknown, form: RegExp, example: string): void {
  if (typeof value === "string" && !form.test(value)) {
    throw new ArgumentError(`${arg} must be an ARN like ${example} (got ${describeValue(value)}).`);
  }
}

/** Retention and key of a log group, checked; `arg` names where they were given. */
export interface LogGroupSettings {
  readonly retentionInDays: number;
  readonly kmsKeyId?: pulumi.Input<string>;
}

export function checkLogGroupSettings(
  at: (field: string) => string,
  given: { retentionInDays?: number; kmsKeyId?: pulumi.Input<string> },
): LogGroupSettings {
  const retentionInDays = given.retentionInDays ?? DEFAULT_LOG_RETENTION_DAYS;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retentionInDays)) {
    throw new ArgumentError(
      `${at("retentionInDays")} must be one of the periods CloudWatch Logs offers: ${LOG_RETENTION_DAYS.filter((d) => d > 0).join(", ")}, or 0 to keep the records forever (got ${describeValue(retentionInDays)}).`,
    );
  }
  checkArn(
    at("kmsKeyId"),
    given.kmsKeyId,
    KMS_KEY_ARN,
    "arn:aws:kms:us-east-1:123456789012:key/<key id>",
  );
  return { retentionInDays, ...(given.kmsKeyId === undefined ? {} : { kmsKeyId: given.kmsKeyId }) };
}
