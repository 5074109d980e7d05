/**
 * What the AWS API refuses of security groups: more rules than the quota, a name starting sg-.
 */
import { MAX_SECURITY_GROUP_RULES } from "../limits";
import { TYPE_TOKENS as T } from "../typeTokens";
import { ApiGraph as Graph, ApiRule, DOCS } from "./graph";

/** Security group rule quotas and names. */
function checkSecurityGroups({ report, ofType, byId }: Graph): void {
  const prefixListWeight = (id: unknown) => {
    const list = byId.get(String(id));
    return list?.type === T.managedPrefixList && typeof list.inputs.maxEntries === "number"
      ? list.inputs.maxEntries
      : 1;
  };
  for (const sg of ofType(T.securityGroup)) {
    for (const direction of ["ingress", "egress"] as const) {
      // The quota holds apart for IPv4 and IPv6 rules; a group or prefix list source counts
      // toward both.
      const shared = (rule: any) =>
        (rule.securityGroups ?? []).length +
        (rule.self ? 1 : 0) +
        (rule.prefixListIds ?? []).reduce((n: number, id: unknown) => n + prefixListWeight(id), 0);
      const rulesOf: any[] = sg.inputs[direction] ?? [];
      const counts = {
        IPv4: rulesOf.reduce((n, rule) => n + (rule.cidrBlocks ?? []).length + shared(rule), 0),
        IPv6: rulesOf.reduce((n, rule) => n + (rule.ipv6CidrBlocks ?? []).length + shared(rule), 0),
      };
      for (const [family, count] of Object.entries(counts)) {
        if (count > MAX_SECURITY_GROUP_RULES) {
          report(
            sg,
            "security-group-rule-count",
            `has ${count} ${family} ${direction} rules; a security group takes ${MAX_SECURITY_GROUP_RULES} (each prefix list counts as its maximum entries).`,
            DOCS.securityGroupQuotas,
          );
        }
      }
    }
    if (typeof sg.inputs.name === "string" && sg.inputs.name.toLowerCase().startsWith("sg-")) {
      report(
        sg,
        "security-group-name",
        `its name ${sg.inputs.name} starts with "sg-", which AWS refuses.`,
        DOCS.securityGroupNames,
      );
    }
  }
}

export const securityGroups: ApiRule = {
  name: "security-groups",
  description: "security group rule quotas and names",
  enforcementLevel: "mandatory",
  validateGraph: checkSecurityGroups,
};
