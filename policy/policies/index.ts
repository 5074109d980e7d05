/** Every policy of the pack, in the order they are reported. */
import { PolicyPackArgs } from "@pulumi/policy";
import {
  interfaceEndpointHttpsOnly,
  interfaceEndpointMultiAz,
  interfaceEndpointPrivateDns,
  lambdaEndpointPolicyScoped,
} from "./endpoints";
import { hyperplaneEniBudget, lambdaInVpc, lambdaMultiAz, lambdaNotInPublicSubnet } from "./lambda";
import { defaultSecurityGroupClosed, natGatewayPerAz, vpcFlowLogs } from "./network";
import { securityGroupNoPublicIngress } from "./securityGroups";

export const allPolicies: PolicyPackArgs["policies"] = [
  lambdaInVpc,
  lambdaMultiAz,
  lambdaNotInPublicSubnet,
  securityGroupNoPublicIngress,
  interfaceEndpointPrivateDns,
  interfaceEndpointMultiAz,
  interfaceEndpointHttpsOnly,
  natGatewayPerAz,
  hyperplaneEniBudget,
  lambdaEndpointPolicyScoped,
  vpcFlowLogs,
  defaultSecurityGroupClosed,
];

export {
  defaultSecurityGroupClosed,
  hyperplaneEniBudget,
  interfaceEndpointHttpsOnly,
  interfaceEndpointMultiAz,
  interfaceEndpointPrivateDns,
  lambdaEndpointPolicyScoped,
  lambdaInVpc,
  lambdaMultiAz,
  lambdaNotInPublicSubnet,
  natGatewayPerAz,
  securityGroupNoPublicIngress,
  vpcFlowLogs,
};
