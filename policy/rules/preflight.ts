/**
 * Pre-flight: the constraints the AWS API enforces at deploy time (./api), checked over a
 * recorded resource graph before anything is deployed. Mocks accept anything; AWS does not. Pure:
 * it reads types, names, ids and inputs only. The library exports `preflight`; it runs the API
 * rules through the one runner (./engine.ts) and gives its findings in the shape it always has.
 */
import { API_RULES, PlannedResource, PreflightSeverity } from "./api";
import { ApiGraph, apiGraphOf } from "./api/graph";
import { Finding, runRules } from "./engine";
import { ResourceGraph } from "./graph";

export { PlannedResource, PreflightSeverity };

export interface PreflightFinding {
  readonly resource: string;
  readonly rule: string;
  readonly severity: PreflightSeverity;
  readonly message: string;
  /** The AWS documentation the rule comes from. */
  readonly doc: string;
}

/** An API rule's finding, as the pre-flight has always given it. */
const asPreflight = (f: Finding): PreflightFinding => ({
  resource: f.resource ?? "",
  rule: f.rule ?? f.policy,
  severity: f.enforcementLevel === "mandatory" ? "error" : "warning",
  message: f.message,
  doc: f.doc ?? "",
});

/** Checks a planned resource graph against the rules the AWS API enforces at deploy time. */
export function preflight(resources: readonly PlannedResource[]): PreflightFinding[] {
  const planned = new ResourceGraph(resources);
  const findings = runRules(API_RULES, {
    checksOf: (rule, _settings, report) => {
      const graphReport: ApiGraph["report"] = (r, check, message, doc, severity = "error") =>
        report(`${r.type.split(":").pop()} ${r.name}`, message, {
          rule: check,
          doc,
          enforcementLevel: severity === "error" ? "mandatory" : "advisory",
        });
      return [{ run: () => rule.validateGraph(apiGraphOf(planned, graphReport)) }];
    },
  });
  if (!Array.isArray(findings)) {
    throw new Error("pre-flight: an API rule returned a Promise; API rules are synchronous.");
  }
  return findings.map(asPreflight);
}
