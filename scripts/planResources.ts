/**
 * The plan's resources by component (scripts/planModel.ts): every custom resource under its
 * top-level component, each in one line. Pure: it only reads registrations.
 */
import { componentKey, PlanLookups } from "./planLookups";
import { describe } from "./planDescribe";

/** One resource as the plan lists it: type, name and what it does, in a line. */
export interface PlanEntry {
  readonly type: string;
  readonly name: string;
  readonly detail: string;
}

export interface PlanGroup {
  /** The top-level component (or "stack" for resources declared directly in the program). */
  readonly component: string;
  readonly type: string;
  readonly resources: PlanEntry[];
}

/** The top-level components by name, the stack's own resources last; resources by type and name. */
export function groupsOf({ regs, rootOf, name, target, graph }: PlanLookups): PlanGroup[] {
  const groups = new Map<string, PlanGroup>();
  for (const r of regs) {
    const root = rootOf(r);
    const key = componentKey(root);
    const group = groups.get(key) ?? {
      component: root.custom ? "stack" : root.name,
      type: root.custom ? "" : root.type,
      resources: [],
    };
    groups.set(key, group);
    if (r.custom) {
      group.resources.push({
        type: r.type,
        name: r.name,
        detail: describe(r, name, regs, (route) => target(graph.targetOf(route))),
      });
    }
  }

  return [...groups.values()]
    .sort((a, b) =>
      a.component === "stack"
        ? 1
        : b.component === "stack"
          ? -1
          : a.component.localeCompare(b.component),
    )
    .map((g) => ({
      ...g,
      resources: [...g.resources].sort(
        (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
      ),
    }));
}
