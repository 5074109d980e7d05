/**
 * Why a look-up of an existing resource failed, read from the error's text, and the advice that
 * fits: a resource that is not there is not a permission problem, and the reverse. Pure.
 */

/** What a failed look-up's error says happened. */
export type LookUpFailure = "not-found" | "unauthorized" | "other";

/**
 * The AWS provider's words for a singular data source that matched nothing: "no matching EC2
 * Subnet found", "no matching EC2 VPC found", "no matching EC2 Security Group found" (its
 * `tfresource.SingularDataSourceFindError(resourceType, err)`, terraform-provider-aws
 * internal/tfresource/not_found_error.go: `fmt.Errorf("no matching %[1]s found", resourceType)`
 * for a not-found error, which the EC2 finders return for an empty result and for
 * InvalidSubnetID.NotFound and the like: internal/service/ec2/vpc_subnet_data_source.go,
 * findSubnets). Its other errors read "reading EC2 Subnet: <AWS's error>".
 */
const NOT_FOUND = /\bno matching EC2 [A-Za-z ]+ found\b/;

/**
 * EC2's error for a call the identity may not make: "Client.UnauthorizedOperation"
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/query-api-troubleshooting.html#unauthorized-operation),
 * "api error UnauthorizedOperation: You are not authorized to perform this operation." as the AWS
 * SDK for Go v2 prints it; IAM's denials read "… is not authorized to perform: ec2:DescribeSubnets …".
 */
const UNAUTHORIZED = /\bUnauthorizedOperation\b|\bnot authorized to perform\b/;

/** Why the look-up failed, by its error's text. */
export function lookUpFailureOf(message: string): LookUpFailure {
  return NOT_FOUND.test(message)
    ? "not-found"
    : UNAUTHORIZED.test(message)
      ? "unauthorized"
      : "other";
}

/**
 * The IAM action the failed call needed, when the error names it: IAM's "not authorized to
 * perform: ec2:DescribeSubnets", or the AWS SDK for Go v2's "operation error EC2:
 * DescribeSubnets, …" (smithy-go OperationError: "operation error %s: %s, %v", service and
 * operation). EC2's IAM actions are its API operations' names ("ec2:" and the operation).
 */
export function deniedActionOf(message: string): string | undefined {
  const named = /not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message);
  if (named !== null) {
    return named[1];
  }
  const operation = /operation error EC2: ([A-Za-z0-9]+),/.exec(message);
  return operation === null ? undefined : `ec2:${operation[1]}`;
}

/** The Describe call each kind of id is looked up with, for errors that name none. */
const DESCRIBE_BY_PREFIX: readonly [string, string][] = [
  ["subnet-", "ec2:DescribeSubnets"],
  ["vpc-", "ec2:DescribeVpcs"],
  ["sg-", "ec2:DescribeSecurityGroups"],
];

/**
 * The message for a look-up of `id` (given as `arg`; `shown` is how the message shows the id)
 * that failed with `message`:
 * - not found: it must exist in the provider's region and account (the provider's words kept);
 * - not authorized: the deploying identity needs the action the error names;
 * - anything else (throttling, a network error): both possibilities, as AWS's words do not tell.
 */
export function lookUpFailureMessage(
  arg: string,
  id: string,
  shown: string,
  message: string,
): string {
  switch (lookUpFailureOf(message)) {
    case "not-found":
      return `${arg}: ${shown} was not found (${message}); it must exist in the provider's region and account: check the id, and the provider's region and credentials.`;
    case "unauthorized": {
      const action =
        deniedActionOf(message) ??
        DESCRIBE_BY_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1];
      return `${arg}: ${shown} could not be looked up (${message}); the deploying identity needs ${action ?? "the EC2 Describe permission the error names"}.`;
    }
    default:
      return `${arg}: ${shown} could not be looked up (${message}); check that it exists in this region and that the deploying identity may make the EC2 Describe call named there.`;
  }
}
