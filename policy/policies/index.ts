/** Every policy of the pack, in the order they are reported. */
import { PolicyPackArgs } from "@pulumi/policy";
import {
  endpointPolicyScoped,
  interfaceEndpointHttpsOnly,
  interfaceEndpointMultiAz,
  interfaceEndpointPrivateDns,
} from "./endpoints";
import { hyperplaneEniBudget, lambdaInVpc, lambdaMultiAz, lambdaNotInPublicSubnet } from "./lambda";
import {
  defaultSecurityGroupClosed,
  natGatewayPerAz,
  natInstanceSourceDestCheckOff,
  privateIpv6EgressOnly,
  vpcFlowLogs,
} from "./network";
import { securityGroupNoPublicIngress } from "./securityGroups";
import {
  profileSpokeDuplicateEndpoint,
  resourceShareExternalPrincipals,
  sharedEndpointPrivateDns,
} from "./sharedEndpoints";

export const allPolicies: PolicyPackArgs["policies"] = [
  lambdaInVpc,
  lambdaMultiAz,
  lambdaNotInPublicSubnet,
  securityGroupNoPublicIngress,
  interfaceEndpointPrivateDns,
  interfaceEndpointMultiAz,
  interfaceEndpointHttpsOnly,
  natGatewayPerAz,
  natInstanceSourceDestCheckOff,
  privateIpv6EgressOnly,
  hyperplaneEniBudget,
  endpointPolicyScoped,
  vpcFlowLogs,
  defaultSecurityGroupClosed,
  sharedEndpointPrivateDns,
  profileSpokeDuplicateEndpoint,
  resourceShareExternalPrincipals,
];

export {
  defaultSecurityGroupClosed,
  endpointPolicyScoped,
  hyperplaneEniBudget,
  interfaceEndpointHttpsOnly,
  interfaceEndpointMultiAz,
  interfaceEndpointPrivateDns,
  lambdaInVpc,
  lambdaMultiAz,
  lambdaNotInPublicSubnet,
  natGatewayPerAz,
  natInstanceSourceDestCheckOff,
  privateIpv6EgressOnly,
  profileSpokeDuplicateEndpoint,
  resourceShareExternalPrincipals,
  securityGroupNoPublicIngress,
  sharedEndpointPrivateDns,
  vpcFlowLogs,
};
