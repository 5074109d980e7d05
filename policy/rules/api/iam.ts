/**
 * What the AWS API refuses of IAM and flow logs: role names, policy documents without a
 * Statement, log group names, and flow log roles VPC flow logs may not assume (delivery fails).
 */
import { MAX_LOG_GROUP_NAME, MAX_ROLE_NAME, NAME_RULES, takesCharacters } from "../limits";
import { TYPE_TOKENS as T } from "../typeTokens";
import { ApiGraph as Graph, ApiRule, DOCS, PlannedResource } from "./graph";

/** IAM role names, and policy documents with a Statement. */
function checkIam({ report, checkNameLength, ofType }: Graph): void {
  for (const role of ofType(T.role)) {
    checkNameLength(role, MAX_ROLE_NAME, "role-name-length", "IAM", DOCS.iamLimits);
  }
  const documents: [PlannedResource, unknown][] = [
    ...ofType(T.role).map((r): [PlannedResource, unknown] => [r, r.inputs.assumeRolePolicy]),
    ...[...ofType(T.rolePolicy), ...ofType(T.policy), ...ofType(T.vpcEndpoint)].map(
      (r): [PlannedResource, unknown] => [r, r.inputs.policy],
    ),
  ];
  for (const [r, document] of documents.filter(([, d]) => d !== undefined)) {
    if (!isPolicyDocument(document)) {
      report(
        r,
        "policy-document",
        "its policy document is not JSON with a Statement.",
        DOCS.iamPolicyGrammar,
      );
    }
  }
}

/**
 * Flow logs: a log group name CloudWatch Logs accepts, and for a CloudWatch Logs destination a
 * role of the stack that vpc-flow-logs.amazonaws.com may assume (else delivery fails).
 */
function checkFlowLogs({ report, checkNameLength, ofType, roleByArn }: Graph): void {
  for (const group of ofType(T.logGroup)) {
    checkNameLength(
      group,
      MAX_LOG_GROUP_NAME,
      "log-group-name-length",
      "CloudWatch Logs",
      DOCS.logGroupName,
    );
    const name = group.inputs.name ?? group.inputs.namePrefix ?? group.name;
    if (typeof name === "string" && !takesCharacters(NAME_RULES.logGroup, name)) {
      report(
        group,
        "log-group-name-characters",
        `its name ${JSON.stringify(name)} has characters CloudWatch Logs refuses: use letters, digits and . - _ / #.`,
        DOCS.logGroupName,
      );
    }
  }
  for (const log of ofType(T.flowLog)) {
    const role = roleByArn.get(String(log.inputs.iamRoleArn));
    if ((log.inputs.logDestinationType ?? "cloud-watch-logs") !== "cloud-watch-logs" || !role) {
      continue;
    }
    const trust = parsePolicy(role.inputs.assumeRolePolicy) as { Statement?: unknown } | undefined;
    const statements = [trust?.Statement ?? []].flat() as { Effect?: string; Principal?: any }[];
    const trusted = statements.some(
      (st) =>
        st.Effect === "Allow" &&
        [st.Principal?.Service ?? []].flat().includes("vpc-flow-logs.amazonaws.com"),
    );
    if (!trusted) {
      report(
        log,
        "flow-log-role-trust",
        `its role ${role.name} does not trust vpc-flow-logs.amazonaws.com, so no record would be delivered: allow that service to assume it.`,
        DOCS.flowLogRole,
      );
    }
  }
}

export const iam: ApiRule = {
  name: "iam",
  description: "IAM role names, policy documents with a Statement",
  enforcementLevel: "mandatory",
  validateGraph: checkIam,
};

export const flowLogs: ApiRule = {
  name: "flow-logs",
  description: "log group names, flow log roles trusted by VPC flow logs",
  enforcementLevel: "mandatory",
  validateGraph: checkFlowLogs,
};

/**
 * A policy document needs a Statement; Version is optional (IAM then applies 2012-10-17's
 * predecessor, 2008-10-17, which lacks policy variables):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 */
function isPolicyDocument(document: unknown): boolean {
  const parsed = parsePolicy(document);
  return typeof parsed === "object" && parsed !== null && "Statement" in parsed;
}

export function parsePolicy(document: unknown): unknown {
  try {
    return typeof document === "string" ? JSON.parse(document) : document;
  } catch {
    return undefined;
  }
}

/** IAM matches actions case-insensitively, with `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`, "i").test(action);
}

/** The actions an inline policy document's Allow statements grant (patterns as written). */
export function allowedActions(document: unknown): string[] {
  const parsed = parsePolicy(document) as { Statement?: unknown } | undefined;
  const statements = parsed?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list
    .filter((s: { Effect?: unknown }) => s?.Effect === "Allow")
    .flatMap((s: { Action?: unknown }) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .filter((a): a is string => typeof a === "string");
}
