/**
 * A VpcFunction on dual-stack subnets: its `ipv6AllowedForDualStack` as its subnets decide it,
 * the warning of `useDualStackEndpoints`, and its environment. Wiring of program state; the
 * decisions are lib/dualStack.ts.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import {
  checkDualStackEndpoints,
  dualStackEndpointsWarning,
  functionIpv6,
  withDualStackVariable,
} from "./lib/dualStack";
import { mapInput } from "./lib/plain";
import { SubnetFacts } from "./lib/subnets";
import {
  nameOfId,
  networkOfSubnetIds,
  networkOfSubnetList,
  privateDnsServicesIn,
} from "./programState";
import type { Placement } from "./vpcFunction";
import { ResolvedVpcFunction } from "./vpcFunctionArgs";

/**
 * The function's IPv6 setting as the placement checks decide it, and the warning of
 * `useDualStackEndpoints` beside private-DNS interface endpoints. Subnets of a network of the
 * program: its setting; looked-up subnets (`subnets`, ids known now): their blocks.
 */
export function dualStackOf(
  r: ResolvedVpcFunction,
  vpcId: string,
  subnetIds: string[],
  subnets: SubnetFacts[] | false,
): { ipv6: boolean; warnings: string[] } {
  const own = networkOfSubnetList(r.subnetIds) ?? networkOfSubnetIds(subnetIds);
  const given = r.ipv6AllowedForDualStack;
  if (given !== undefined && typeof given !== "boolean") {
    // Known only at deployment: used as it is.
    return { ipv6: false, warnings: [] };
  }
  const ipv6 = functionIpv6(given, {
    network: own && { name: own.network, ipv6: own.ipv6 },
    subnets: own === undefined && subnets !== false ? subnets : undefined,
    nameOf: nameOfId,
  });
  checkDualStackEndpoints(r.useDualStackEndpoints, ipv6);
  const services = !r.useDualStackEndpoints
    ? []
    : (own?.privateDnsServices ?? privateDnsServicesIn(vpcId));
  const where = own === undefined ? `in ${vpcId}` : `of ${own.network}`;
  return {
    ipv6,
    warnings: services.length === 0 ? [] : [dualStackEndpointsWarning(where, services)],
  };
}

/**
 * The function's `ipv6AllowedForDualStack`: as given, else as the placement decided it — plain
 * for a network of the program (its setting is known now) and for ids known now.
 */
export function ipv6Of(
  r: ResolvedVpcFunction,
  subnetIds: pulumi.Input<string[]>,
  placed: () => Placement,
): pulumi.Input<boolean> {
  const network = networkOfSubnetList(r.subnetIds);
  return r.ipv6AllowedForDualStack ?? network?.ipv6 ?? mapInput(subnetIds, () => placed().ipv6);
}

type Environment = aws.lambda.FunctionArgs["environment"];

/**
 * The function's environment: as given, with `AWS_USE_DUALSTACK_ENDPOINT=true` among the
 * variables for `useDualStackEndpoints` (a value of the user's own wins: withDualStackVariable).
 */
export function functionEnvironment(
  given: Environment,
  useDualStackEndpoints: boolean,
): Environment {
  if (!useDualStackEndpoints) {
    return given;
  }
  return mapInput(given ?? {}, (env) => ({
    ...env,
    variables: mapInput(env?.variables ?? {}, (variables) =>
      withDualStackVariable(variables as Record<string, string>),
    ),
  }));
}
