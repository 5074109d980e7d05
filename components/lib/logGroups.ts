/** CloudWatch Logs groups the components create: retention periods and KMS keys, checked. */
import type * as pulumi from "@pulumi/pulumi";
import { describeValue } from "./args";
import { ARN_FORMS, checkArnOf } from "./arns";
import { ArgumentError } from "./errors";
import { NAME_RULES } from "../../policy/rules/limits";
import { plainValue } from "./plain";

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
  checkArnOf(ARN_FORMS.kmsKey, at("kmsKeyId"), plainValue(given.kmsKeyId));
  return { retentionInDays, ...(given.kmsKeyId === undefined ? {} : { kmsKeyId: given.kmsKeyId }) };
}

/**
 * A log group named by the user (a function's `loggingConfig.logGroup`): CloudWatch Logs' name
 * rule, 1 to 512 of letters, digits and . - _ / # (policy/rules/limits.ts); a name, not an ARN.
 */
export function checkLogGroupName(arg: string, name: unknown): void {
  if (typeof name !== "string") {
    return;
  }
  const rule = NAME_RULES.logGroup;
  if (name.length === 0 || ![...name].every(rule.allows)) {
    throw new ArgumentError(
      `${arg} ${JSON.stringify(name)} is not a log group name: CloudWatch Logs takes ${rule.characters} (a name, not an ARN).`,
    );
  }
  if (name.length > rule.max) {
    throw new ArgumentError(
      `${arg} is ${name.length} characters; CloudWatch Logs takes log group names of at most ${rule.max}.`,
    );
  }
}
