/**
 * The fake AWS's security groups: the world's and those the program registered, with their rules
 * (ids made up, stable per group and position), as getSecurityGroup, getSecurityGroupRules and
 * getSecurityGroupRule answer them.
 */
import { resourcesOfType } from "../recorder";
import {
  ACCOUNT_ID,
  currentWorld,
  invokeError,
  MockSecurityGroup,
  MockSecurityGroupRule,
  notInWorld,
  partitionOfRegion,
  shortHash,
  TYPES,
} from "./world";

/** Security groups of the world and those registered so far, with rule ids made up. */
function allSecurityGroups(): MockSecurityGroup[] {
  const registered = resourcesOfType(TYPES.securityGroup).map((g): MockSecurityGroup => ({
    id: g.id as string,
    vpcId: g.inputs.vpcId,
    ingress: g.inputs.ingress ?? [],
    egress: g.inputs.egress ?? [],
  }));
  return [...currentWorld().securityGroups, ...registered];
}

function rulesOf(
  group: MockSecurityGroup,
): { id: string; isEgress: boolean; rule: MockSecurityGroupRule }[] {
  const rules = (list: readonly MockSecurityGroupRule[] | undefined, isEgress: boolean) =>
    (list ?? []).map((rule, i) => ({
      id: `sgr-${shortHash(`${group.id}/${isEgress ? "egress" : "ingress"}/${i}`)}`,
      isEgress,
      rule,
    }));
  return [...rules(group.ingress, false), ...rules(group.egress, true)];
}

export function securityGroupById(id: string, region: string): Record<string, any> {
  const group = allSecurityGroups().find((g) => g.id === id);
  if (group === undefined) {
    throw invokeError(
      `no matching EC2 Security Group found ${notInWorld(id, `describe-security-groups --group-ids ${id}`)}`,
    );
  }
  return {
    id,
    vpcId: group.vpcId,
    name: group.name ?? id,
    description: group.description ?? "",
    arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${ACCOUNT_ID}:security-group/${id}`,
    tags: {},
  };
}

export function securityGroupRules(inputs: any, region: string): Record<string, any> {
  const filters: { name: string; values: string[] }[] = inputs.filters ?? [];
  const groupIds = filters.find((f) => f.name === "group-id")?.values;
  if (groupIds === undefined || filters.length !== 1) {
    throw invokeError("mocks: getSecurityGroupRules takes one group-id filter here");
  }
  const ids = allSecurityGroups()
    .filter((g) => groupIds.includes(g.id))
    .flatMap((g) => rulesOf(g).map((r) => r.id));
  return { id: region, region, ids, tags: {} };
}

export function securityGroupRule(ruleId: string, region: string): Record<string, any> {
  for (const group of allSecurityGroups()) {
    const found = rulesOf(group).find((r) => r.id === ruleId);
    if (found !== undefined) {
      return {
        id: ruleId,
        securityGroupRuleId: ruleId,
        securityGroupId: group.id,
        isEgress: found.isEgress,
        ipProtocol: found.rule.protocol,
        fromPort: found.rule.fromPort,
        toPort: found.rule.toPort,
        cidrIpv4: found.rule.cidrBlocks?.[0] ?? "",
        cidrIpv6: found.rule.ipv6CidrBlocks?.[0] ?? "",
        description: found.rule.description ?? "",
        prefixListId: found.rule.prefixListIds?.[0] ?? "",
        referencedSecurityGroupId: found.rule.securityGroups?.[0] ?? "",
        arn: `arn:${partitionOfRegion(region)}:ec2:${region}:${ACCOUNT_ID}:security-group-rule/${ruleId}`,
        region,
        tags: {},
      };
    }
  }
  throw invokeError(`no matching EC2 Security Group Rule found (mock: ${ruleId})`);
}
