/**
 * IAM policy documents and their parts: statements, trust policies for AWS services, the Lambda
 * endpoint policy of function ARNs (and the checks of those ARNs). Not the policy pack (policy/).
 */
import { ArgumentError, duplicatesOf, listWords } from "./errors";

/**
 * The actions that invoke a function; the endpoint policy allows these and nothing else. There is
 * no `lambda:InvokeWithResponseStream` action: "This operation requires permission for the
 * lambda:InvokeFunction action" (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html),
 * and the Service Authorization Reference lists no other invoke action for it
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html).
 */
export const INVOKE_ACTIONS: readonly string[] = ["lambda:InvokeFunction"];

/** One statement of an IAM-style policy document. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: "*" | { readonly Federated: "*" };
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/**
 * A role's trust policy: one AWS service principal may assume it, under the conditions given
 * (the confused-deputy keys, where the service documents them).
 */
export function serviceTrustPolicy(
  service: string,
  condition?: Readonly<Record<string, Readonly<Record<string, string>>>>,
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  });
}

/** An IAM-style policy document, built as an object and serialised once. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

// arn:<partition>:lambda:<region>:<account>:function:<name>. ARNs are split by hand: the one
// well-kept parser (@aws-sdk/util-arn-parser) would pull @aws-sdk/core into every user's program.
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ACCOUNT = /^\d{12}$/;

/** Checks that each ARN is an unqualified Lambda function ARN; each may appear once. */
export function validateFunctionArns(arg: string, arns: readonly string[]): void {
  if (arns.length === 0) {
    throw new ArgumentError(
      `${arg} is empty, so the endpoint would allow invoking nothing: list functions, or leave it out to allow any.`,
    );
  }
  for (const arn of arns) {
    const [prefix, partition, service, region, account, kind, name, ...rest] = arn.split(":");
    const wellFormed =
      prefix === "arn" &&
      /^aws(-[a-z]+)*$/.test(partition ?? "") &&
      service === "lambda" &&
      /^[a-z]{2}(-[a-z]+)+-\d$/.test(region ?? "") &&
      ACCOUNT.test(account ?? "") &&
      kind === "function" &&
      FUNCTION_NAME.test(name ?? "");
    if (!wellFormed) {
      throw new ArgumentError(
        `${arg}: "${arn}" is not a Lambda function ARN; use arn:aws:lambda:<region>:<account>:function:<name>.`,
      );
    }
    if (rest.length > 0) {
      throw new ArgumentError(
        `${arg}: "${arn}" names a version or alias; give the unqualified ARN, whose versions and aliases the policy covers with ${arn.split(":").slice(0, 7).join(":")}:*.`,
      );
    }
  }
  const repeated = duplicatesOf(arns);
  if (repeated.length > 0) {
    throw new ArgumentError(`${arg} lists ${listWords(repeated)} more than once.`);
  }
}

/**
 * An endpoint policy that lets any principal in the VPC invoke only these functions, each by
 * its unqualified ARN and, through `ARN:*`, any version or alias of it.
 */
export function lambdaInvokePolicy(functionArns: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "InvokeListedFunctionsOnly",
        Effect: "Allow",
        Principal: "*",
        Action: [...INVOKE_ACTIONS],
        Resource: functionArns.flatMap((arn) => [arn, `${arn}:*`]),
      },
    ],
  };
}

/**
 * A Lambda interface endpoint serves the Lambda API of its own region and partition: a function
 * of another region (or partition) can never be invoked through it, so listing one is a mistake,
 * not a permission.
 */
export function checkFunctionRegions(
  arg: string,
  arns: readonly string[],
  region: string,
  partition: string,
): void {
  const elsewhere = arns.filter((arn) => arn.split(":")[3] !== region);
  if (elsewhere.length > 0) {
    throw new ArgumentError(
      `${arg}: ${elsewhere.map((arn) => `${arn} is in ${arn.split(":")[3]}`).join(", ")}, but the endpoint is in ${region}, and an endpoint serves only its own region's functions: list functions of ${region}, or give the component a provider for the functions' region.`,
    );
  }
  const foreign = arns.filter((arn) => arn.split(":")[1] !== partition);
  if (foreign.length > 0) {
    throw new ArgumentError(
      `${arg}: ${foreign.map((arn) => `${arn} is in the ${arn.split(":")[1]} partition`).join(", ")}, but the endpoint is in ${partition}: list functions of ${partition}.`,
    );
  }
}
