/**
 * The invokes (data sources) the fake AWS answers, by token, from the world in use and what the
 * program registered so far. An invoke it does not know is refused by the caller (index.ts).
 */
import { endpointService } from "./endpointServices";
import { routeTableById, routeTableIds, prefixListByName, subnetById, vpcById } from "./network";
import { securityGroupById, securityGroupRule, securityGroupRules } from "./securityGroups";
import {
  ACCOUNT_ID,
  currentWorld,
  invokeError,
  partitionOfRegion,
  shortHash,
  zonesOf,
} from "./world";

/** The invokes (data sources) the offline runtime answers, from the world a test set. */
export const INVOKES: Record<string, (inputs: any, region: string) => Record<string, any>> = {
  "aws:index/getRegion:getRegion": (_, region) => ({
    id: region,
    name: region,
    region,
    description: region,
    endpoint: `ec2.${region}.amazonaws.com`,
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs, region) => {
    const excludedIds: string[] = inputs.excludeZoneIds ?? [];
    const excludedNames: string[] = inputs.excludeNames ?? [];
    const zones = zonesOf(region).filter(
      (z) => !excludedIds.includes(z.id) && !excludedNames.includes(z.name),
    );
    return {
      id: region,
      region,
      names: zones.map((z) => z.name),
      zoneIds: zones.map((z) => z.id),
      groupNames: zones.map(() => region),
      state: inputs.state,
    };
  },
  "aws:ec2/getVpcEndpointService:getVpcEndpointService": endpointService,
  "aws:ec2/getSubnet:getSubnet": (inputs, region) => subnetById(inputs.id, region),
  "aws:ec2/getVpc:getVpc": (inputs, region) => vpcById(inputs.id, region),
  "aws:ec2/getRouteTables:getRouteTables": (inputs, region) => ({
    id: region,
    region,
    ids: routeTableIds(inputs),
    tags: {},
  }),
  "aws:ec2/getRouteTable:getRouteTable": (inputs) => routeTableById(inputs.routeTableId),
  "aws:ec2/getPrefixList:getPrefixList": prefixListByName,
  // AWS's public parameters for the latest Amazon Linux 2023 AMIs (NAT instances' image).
  "aws:ssm/getParameter:getParameter": (inputs, region) => {
    const name = String(inputs.name);
    if (!name.startsWith("/aws/service/ami-amazon-linux-latest/al2023-ami-")) {
      throw invokeError(
        `reading SSM Parameter (${name}): operation error SSM: GetParameter, ParameterNotFound`,
      );
    }
    const value = `ami-${shortHash(`${region}${name}`)}`;
    return {
      id: name,
      name,
      arn: `arn:${partitionOfRegion(region)}:ssm:${region}::parameter${name}`,
      type: "String",
      value,
      insecureValue: value,
      version: 1,
      withDecryption: true,
    };
  },
  "aws:index/getPartition:getPartition": (_, region) => {
    const partition = partitionOfRegion(region);
    return {
      id: partition,
      partition,
      dnsSuffix: partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
      reverseDnsPrefix: partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
    };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": (_, region) => ({
    id: ACCOUNT_ID,
    accountId: ACCOUNT_ID,
    arn: `arn:${partitionOfRegion(region)}:iam::${ACCOUNT_ID}:user/deployer`,
    userId: "AIDAEXAMPLEDEPLOYER",
  }),
  "aws:organizations/getOrganization:getOrganization": (_, region) => {
    const { organizationId } = currentWorld();
    if (organizationId === undefined) {
      throw invokeError(
        "reading Organizations Organization: AWSOrganizationsNotInUseException: Your account is not a member of an organization.",
      );
    }
    const arn = `arn:${partitionOfRegion(region)}:organizations::${ACCOUNT_ID}:organization/${organizationId}`;
    return {
      id: organizationId,
      arn,
      featureSet: "ALL",
      masterAccountArn: `arn:${partitionOfRegion(region)}:organizations::${ACCOUNT_ID}:account/${organizationId}/${ACCOUNT_ID}`,
      masterAccountEmail: "management@example.com",
      masterAccountId: ACCOUNT_ID,
      masterAccountName: "management",
      accounts: [],
      nonMasterAccounts: [],
      roots: [],
      awsServiceAccessPrincipals: [],
      enabledPolicyTypes: [],
    };
  },
  "aws:ec2/getSecurityGroup:getSecurityGroup": (inputs, region) =>
    securityGroupById(inputs.id, region),
  "aws:vpc/getSecurityGroupRules:getSecurityGroupRules": securityGroupRules,
  "aws:vpc/getSecurityGroupRule:getSecurityGroupRule": (inputs, region) =>
    securityGroupRule(inputs.securityGroupRuleId, region),
};
