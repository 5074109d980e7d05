/** The offline plan (npm start) of what the running test registered, for tests of its lines. */
import { buildPlan, Plan } from "../../scripts/planModel";
import { registrations } from "../mocks";

export function planNow(): Plan {
  return buildPlan({
    project: "p",
    stack: "dev",
    region: "us-east-1",
    zones: [],
    assumptions: [],
    registrations: registrations(),
    outputs: {},
    warnings: [],
    policyFindings: [],
    policyConfigFile: "",
  });
}
