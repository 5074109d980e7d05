/**
 * Interface endpoints on dual-stack subnets: whether the subnets are all dual-stack, and the
 * endpoint's `ipAddressType` and `dnsOptions` from it (see endpointIpInputs).
 *
 * Both inputs are updated in place: terraform-provider-aws's aws_vpc_endpoint declares
 * `ip_address_type` and `dns_options.dns_record_ip_type` Optional and Computed, without ForceNew,
 * and its update sends either change with ModifyVpcEndpoint (internal/service/ec2/vpc_endpoint.go,
 * resourceVPCEndpointUpdate), so switching a network's `ipv6` on does not replace its endpoints.
 */
import * as pulumi from "@pulumi/pulumi";
import { endpointIpInputs, EndpointIpInputs, isDualStack } from "./lib/dualStack";
import { plainArray } from "./lib/plain";
import { EndpointServiceFacts, lookedUp, lookUpSubnet } from "./lookups";
import { ResolvedServiceEndpoints } from "./serviceEndpointsArgs";

/**
 * Whether every subnet of `subnetIds` is dual-stack: as the parent says (a PrivateNetwork's
 * `ipv6`), else each subnet is looked up: now for plain ids, at deployment for ids known only
 * then. False without interface endpoints (nothing to decide).
 */
export async function interfaceSubnetsDualStack(
  parent: pulumi.Resource,
  r: ResolvedServiceEndpoints,
  fail: (message: string) => Error,
): Promise<pulumi.Input<boolean>> {
  if (r.dualStack !== undefined) {
    return r.dualStack;
  }
  if (!r.endpoints.some((e) => e.type === "Interface")) {
    return false;
  }
  const allDualStack = async (ids: string[]) => {
    const facts = await Promise.all(
      ids.map((id) => lookedUp(fail, "subnetIds", id, () => lookUpSubnet(id, parent))),
    );
    return facts.length > 0 && facts.every(isDualStack);
  };
  const ids = plainArray(r.subnetIds);
  return ids !== undefined
    ? allDualStack(ids)
    : pulumi.output(r.subnetIds).apply((known) => allDualStack(known));
}

/** The endpoint's `ipAddressType` and `dnsOptions`: left out when they have nothing to say. */
export interface EndpointIpArgs {
  readonly ipAddressType?: pulumi.Input<string | undefined>;
  readonly dnsOptions?: pulumi.Input<
    { dnsRecordIpType?: string; privateDnsOnlyForInboundResolverEndpoint?: boolean } | undefined
  >;
}

/**
 * An interface endpoint's IP arguments: those of endpointIpInputs, with the inbound-resolver
 * option (`inboundOnly`, undefined when not sent) in the same `dnsOptions`. Plain when the
 * subnets' answer is; Outputs when it is known only at deployment.
 */
export function endpointIpArgs(
  dualStack: pulumi.Input<boolean>,
  service: EndpointServiceFacts,
  inboundOnly: boolean | undefined,
): EndpointIpArgs {
  const dns = (i: EndpointIpInputs) =>
    i.dnsRecordIpType === undefined && inboundOnly === undefined
      ? undefined
      : {
          ...(i.dnsRecordIpType === undefined ? {} : { dnsRecordIpType: i.dnsRecordIpType }),
          ...(inboundOnly === undefined
            ? {}
            : { privateDnsOnlyForInboundResolverEndpoint: inboundOnly }),
        };
  const types = service.supportedIpAddressTypes;
  if (typeof dualStack === "boolean") {
    const i = endpointIpInputs(dualStack, types);
    const options = dns(i);
    return {
      ...(i.ipAddressType === undefined ? {} : { ipAddressType: i.ipAddressType }),
      ...(options === undefined ? {} : { dnsOptions: options }),
    };
  }
  const i = pulumi.output(dualStack).apply((d) => endpointIpInputs(d, types));
  return { ipAddressType: i.apply((x) => x.ipAddressType), dnsOptions: i.apply(dns) };
}
