/**
 * A VpcFunction on dual-stack subnets: whether it allows IPv6 (`ipv6AllowedForDualStack`), and
 * the SDKs' dual-stack endpoints (`useDualStackEndpoints`). Pure: the component gathers what is
 * known of the subnets and says the results.
 */
import { ResolvedEndpoint } from "./endpoints";
import { ArgumentError, listWords } from "./errors";
import { SubnetFacts } from "./subnets";

/** What is known of a function's subnets, for its IPv6 setting. */
export interface DualStackSubnets {
  /** The program's PrivateNetwork that made them, with its `ipv6` setting. */
  readonly network?: { readonly name: string; readonly ipv6: boolean };
  /** Their looked-up facts, when their ids are known now (and no network of the program made them). */
  readonly subnets?: readonly SubnetFacts[];
  /** Subnet ids as messages show them. */
  readonly nameOf?: (id: string) => string;
}

/** Dual-stack: an IPv6 block besides an IPv4 one (an IPv6-only subnet is not). */
export const isDualStack = (s: SubnetFacts): boolean =>
  s.ipv6CidrBlock !== undefined && s.ipv6Native !== true;

/**
 * The function's `ipv6AllowedForDualStack`: what is given, else true when every subnet is known to
 * be dual-stack (a dual-stack network of the program, or looked-up subnets), else false (also
 * when nothing is known of the subnets: ids known only at deployment, not of a network of the
 * program). `true` on subnets known to be IPv4-only is refused: Lambda's API reference describes
 * the setting only for "VPC functions that are connected to dual-stack subnets"
 * (https://docs.aws.amazon.com/lambda/latest/dg/API_VpcConfig.html) and says nothing of other
 * subnets, so this package requires it: the security group would open IPv6 the subnets cannot carry.
 */
export function functionIpv6(given: boolean | undefined, known: DualStackSubnets): boolean {
  const drop = "or drop ipv6AllowedForDualStack";
  if (known.network !== undefined) {
    if (given === true && !known.network.ipv6) {
      throw new ArgumentError(
        `ipv6AllowedForDualStack is true, but the private subnets of ${known.network.name} are IPv4-only: set ipv6: true on the network, ${drop}.`,
      );
    }
    return given ?? known.network.ipv6;
  }
  if (known.subnets === undefined) {
    return given ?? false;
  }
  const nameOf = known.nameOf ?? ((id: string) => id);
  const ipv4Only = known.subnets.filter((s) => !isDualStack(s)).map((s) => nameOf(s.id));
  if (given === true && ipv4Only.length > 0) {
    throw new ArgumentError(
      `ipv6AllowedForDualStack is true, but subnet${ipv4Only.length === 1 ? "" : "s"} ${listWords(ipv4Only)} ${ipv4Only.length === 1 ? "has" : "have"} no IPv6 block: pass dual-stack subnets (on a PrivateNetwork, ipv6: true), ${drop}.`,
    );
  }
  return given ?? ipv4Only.length === 0;
}

/** The SDKs' setting for dual-stack endpoints, as an environment variable. */
export const DUAL_STACK_VARIABLE = "AWS_USE_DUALSTACK_ENDPOINT";

/** `useDualStackEndpoints` needs the function to allow IPv6. */
export function checkDualStackEndpoints(useDualStackEndpoints: boolean, ipv6: boolean): void {
  if (useDualStackEndpoints && !ipv6) {
    throw new ArgumentError(
      "useDualStackEndpoints is true, but the function does not allow IPv6 (ipv6AllowedForDualStack is false, or its subnets are not known to be dual-stack): pass dual-stack subnets and ipv6AllowedForDualStack: true, or drop useDualStackEndpoints.",
    );
  }
}

/**
 * The function's variables with `AWS_USE_DUALSTACK_ENDPOINT=true`
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-endpoints.html); a value of the
 * user's own for it wins, as `functionArgs.tags` win over the component's.
 */
export function withDualStackVariable(
  variables: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return { [DUAL_STACK_VARIABLE]: "true", ...variables };
}

/**
 * The warning for `useDualStackEndpoints` where interface endpoints with private DNS serve the
 * VPC: their private hosted zone answers each service's standard DNS name
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns-enabled),
 * and the dual-stack names are other names (s3.dualstack.<region>.amazonaws.com:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html;
 * ecs.<region>.api.aws: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/dual-stack-endpoint.html).
 */
export function dualStackEndpointsWarning(where: string, services: readonly string[]): string {
  return `useDualStackEndpoints: the AWS SDKs then call services at their dual-stack host names, which the private DNS of the interface endpoints ${where} (${listWords([...services])}) does not answer (it answers the standard names), so those calls bypass the endpoints and need IPv6 egress or NAT. Drop useDualStackEndpoints to keep them on the endpoints.`;
}

/**
 * What a PrivateNetwork tells its functions: its `ipv6`, and the services whose standard names
 * interface endpoints answer in it: its own with private DNS, and those a hub shares with it
 * through a Route 53 Profile (`sharedServices`), which dual-stack names bypass alike.
 */
export function networkDualStack(
  network: { readonly ipv6: boolean; readonly endpoints: readonly ResolvedEndpoint[] },
  sharedServices: readonly string[] = [],
): { ipv6: boolean; privateDnsServices: string[] } {
  const own = network.endpoints
    .filter((e) => e.type === "Interface" && e.privateDnsEnabled)
    .map((e) => e.service);
  return { ipv6: network.ipv6, privateDnsServices: [...own, ...sharedServices] };
}

/** What an interface endpoint is given for its IP addresses and DNS records. */
export interface EndpointIpInputs {
  readonly ipAddressType?: "dualstack" | "ipv4";
  readonly dnsRecordIpType?: "dualstack" | "ipv4";
}

/**
 * An interface endpoint's IP address type and DNS record IP type: on subnets that are all
 * dual-stack, "dualstack" when its service accepts IPv4 and IPv6 (getVpcEndpointService's
 * `supportedIpAddressTypes`), else "ipv4", both said explicitly; on other subnets nothing, so
 * AWS's and the provider's defaults apply as before. AWS: dualstack "is supported only if all
 * selected subnets have both IPv4 and IPv6 address ranges and the endpoint service accepts both
 * IPv4 and IPv6 requests", and DNS records "dualstack" (A and AAAA records) need the IP address
 * type dualstack (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.VpcEndpointIpAddressType.html,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.VpcEndpointDnsRecordIpType.html).
 */
export function endpointIpInputs(
  dualStackSubnets: boolean,
  supportedIpAddressTypes: readonly string[],
): EndpointIpInputs {
  if (!dualStackSubnets) {
    return {};
  }
  const type = serviceIsDualStack(supportedIpAddressTypes) ? "dualstack" : "ipv4";
  return { ipAddressType: type, dnsRecordIpType: type };
}

/** Whether an endpoint service accepts both IPv4 and IPv6 requests. */
export const serviceIsDualStack = (supportedIpAddressTypes: readonly string[]): boolean =>
  supportedIpAddressTypes.includes("ipv4") && supportedIpAddressTypes.includes("ipv6");
