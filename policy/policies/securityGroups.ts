/** Security groups: nothing open to the whole internet. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./graph";

const OPEN = ["0.0.0.0/0", "::/0"];

interface Rule {
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
}

const openBlocks = (rule: Rule) =>
  [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].filter((b) => OPEN.includes(b));

export const securityGroupNoPublicIngress: ResourceValidationPolicy = {
  name: "security-group-no-public-ingress",
  description:
    "No security group admits traffic from 0.0.0.0/0 or ::/0 (AWS Security Hub EC2.18, EC2.19).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const report = (blocks: string[]) =>
      blocks.length > 0 &&
      reportViolation(
        `${args.name} admits inbound traffic from ${blocks.join(" and ")}, the whole internet: allow only the blocks or security groups that need access.`,
      );
    switch (args.type) {
      case TYPES.securityGroup:
        report([...new Set(((args.props.ingress ?? []) as Rule[]).flatMap(openBlocks))]);
        break;
      case TYPES.securityGroupRule:
        if (args.props.type === "ingress") {
          report(openBlocks(args.props as Rule));
        }
        break;
      case TYPES.ingressRule:
        report([args.props.cidrIpv4, args.props.cidrIpv6].filter((b) => OPEN.includes(b)));
        break;
      default:
        args.notApplicable("not a security group or ingress rule");
    }
  },
};
