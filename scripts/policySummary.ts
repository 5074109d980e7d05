/**
 * One line per IAM-style policy for the offline plan: what each statement allows, on what, and
 * under which conditions, so a reviewer sees a role's or an endpoint's permissions without
 * opening JSON.
 */

interface Statement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);

/** How many resources a statement names in full; of a longer list, the first few and a count. */
export const NAMED_RESOURCES_MAX = 10;
const NAMED_OF_LONG_LIST = 5;

/**
 * The items by name: all of them up to NAMED_RESOURCES_MAX, else the first few and how many
 * more, so a reader sees what a statement is about without a count that names nothing.
 */
function few(items: string[], noun: string, name: (id: string) => string): string {
  if (items.length === 1 && items[0] === "*") {
    return `any ${noun}`;
  }
  if (items.length <= NAMED_RESOURCES_MAX) {
    return items.map(name).join(", ");
  }
  const shown = items.slice(0, NAMED_OF_LONG_LIST).map(name).join(", ");
  return `${items.length} ${noun}s: ${shown} and ${items.length - NAMED_OF_LONG_LIST} more`;
}

function conditions(condition: Statement["Condition"]): string {
  const parts = Object.entries(condition ?? {}).flatMap(([operator, keys]) =>
    Object.entries(keys ?? {}).map(
      ([key, value]) =>
        `${key}${/Not/.test(operator) ? "≠" : /Like/.test(operator) ? "~" : "="}${list(value).join("|")}`,
    ),
  );
  return parts.length === 0 ? "" : ` if ${parts.join(" & ")}`;
}

function principal(p: unknown): string {
  if (p === undefined || p === "*") {
    return "";
  }
  const entries: [string, unknown][] =
    typeof p === "object" && p !== null ? Object.entries(p) : [["", p]];
  return `${entries.map(([kind, ids]) => `${kind} ${list(ids).join("|")}`.trim()).join(", ")}: `;
}

/** One statement: `[principal: ]actions on resources[ if key=value & …]`. */
function statement(s: Statement, name: (id: string) => string): string {
  const actions =
    s.NotAction !== undefined
      ? `all but ${list(s.NotAction).join(",")}`
      : list(s.Action).join(",").replace(/^\*$/, "all actions");
  const resources =
    s.NotResource !== undefined
      ? ` on all but ${few(list(s.NotResource), "resource", name)}`
      : s.Resource === undefined
        ? "" // a trust policy's statements name no resource
        : ` on ${few(list(s.Resource), "resource", name)}`;
  const deny = s.Effect === "Deny" ? "deny " : "";
  return `${deny}${principal(s.Principal)}${actions}${resources}${conditions(s.Condition)}`;
}

/** A policy document (JSON) in one line; `name` turns an ARN or id into a resource's name. */
export function summarizePolicy(document: unknown, name: (id: string) => string = String): string {
  let parsed: { Statement?: unknown };
  try {
    parsed = (typeof document === "string" ? JSON.parse(document) : document) as {
      Statement?: unknown;
    };
  } catch {
    return "a policy that is not JSON";
  }
  const statements = [parsed?.Statement].flat().filter(Boolean) as Statement[];
  return statements.map((s) => statement(s, name)).join("; ");
}
