/**
 * Argument shapes checked at run time. TypeScript checks them at compile time, but values from
 * untyped stack config, plain JavaScript or other languages (through Pulumi's component host,
 * where nothing type-checks the arguments) arrive as whatever they are: a string where a list
 * belongs, `"false"` for false, `null` for "not given".
 */
import { ArgumentError, listWords } from "./errors";

/** What an argument takes. `Input` kinds accept an Output or Promise, checked once known. */
export type ArgKind =
  | "string"
  | "stringInput"
  | "stringsInput"
  | "strings"
  | "boolean"
  | "booleanInput"
  | "number"
  | "tags"
  | "list"
  | "object";

export type ArgSpec<A> = { readonly [K in keyof Required<A>]: ArgKind };

const isDeferred = (v: unknown): boolean =>
  v instanceof Promise ||
  (typeof v === "object" &&
    v !== null &&
    (v as { __pulumiOutput?: boolean }).__pulumiOutput === true);

/** How a message names a value of the wrong kind. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

/**
 * One of an as-const enum's values (other languages and YAML send any string); undefined when not
 * given. The message names the argument, every value, and how to open what the default closes.
 */
export function checkOneOf<T extends string>(
  arg: string,
  value: unknown,
  options: Readonly<Record<string, T>>,
  hint?: string,
): T | undefined {
  const values: readonly unknown[] = Object.values(options);
  if (value === undefined || values.includes(value)) {
    return value as T | undefined;
  }
  const quoted = Object.values(options).map((v) => JSON.stringify(v));
  throw new ArgumentError(
    `${arg} must be ${listWords(quoted).replace(/ and (?=[^ ]+$)/, " or ")} (got ${describeValue(value)})${hint === undefined ? "." : `: ${hint}`}`,
  );
}

/** The arguments without the ones given as `null`, which means "not given". */
export function withoutNulls<A extends object>(args: A | null | undefined): A {
  if (args === null || args === undefined) {
    return {} as A;
  }
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null)) as A;
}

/** Checks every argument's kind and refuses names that are not arguments (often a typo). */
export function checkArgShapes<A extends object>(spec: ArgSpec<A>, args: A): void {
  const known = Object.keys(spec);
  for (const [arg, value] of Object.entries(args)) {
    const kind = (spec as Record<string, ArgKind>)[arg];
    if (kind === undefined) {
      throw new ArgumentError(
        `${arg} is not an argument here; the arguments are ${listWords(known)}.`,
      );
    }
    if (value !== undefined && value !== null) {
      checkKind(arg, kind, value);
    }
  }
}

/** `checkArgShapes` for an object inside an argument; messages name it as `where.key`. */
export function checkNestedArgShapes<A extends object>(
  where: string,
  spec: ArgSpec<A>,
  value: A,
): void {
  withinArg(where, () => checkArgShapes(spec, value));
}

/** Runs `check` on a nested argument, prefixing its ArgumentError with `where.`. */
export function withinArg<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw e instanceof ArgumentError ? new ArgumentError(`${where}.${e.message}`) : e;
  }
}

function checkKind(arg: string, kind: ArgKind, value: unknown): void {
  if (isDeferred(value) && kind.endsWith("Input")) {
    return;
  }
  const wrong = (expected: string, hint = "") =>
    new ArgumentError(`${arg} must be ${expected} (got ${describeValue(value)})${hint}.`);
  switch (kind) {
    case "string":
    case "stringInput":
      if (typeof value !== "string") throw wrong("a string");
      return;
    case "boolean":
    case "booleanInput":
      if (typeof value !== "boolean") {
        throw wrong(
          "true or false",
          value === "true" || value === "false" ? `; write ${value} without quotes` : "",
        );
      }
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw wrong(
          "a number",
          typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
            ? `; write ${Number(value)} without quotes`
            : "",
        );
      }
      return;
    case "strings":
    case "stringsInput":
      checkStringList(arg, value, kind === "stringsInput");
      return;
    case "tags":
      checkTagsShape(arg, value);
      return;
    case "list":
      if (!Array.isArray(value)) throw wrong("a list");
      return;
    case "object":
      if (typeof value !== "object" || Array.isArray(value)) throw wrong("an object");
      return;
  }
}

function checkStringList(arg: string, value: unknown, inputs: boolean): void {
  if (typeof value === "string") {
    const items = value.split(",").map((s) => s.trim());
    throw new ArgumentError(
      `${arg} must be a list of strings, not one string: write ${JSON.stringify(items)}${items.length > 1 ? ` instead of ${JSON.stringify(value)}` : ""}.`,
    );
  }
  if (!Array.isArray(value)) {
    throw new ArgumentError(`${arg} must be a list of strings (got ${describeValue(value)}).`);
  }
  value.forEach((item, i) => {
    if (typeof item !== "string" && !(inputs && isDeferred(item))) {
      throw new ArgumentError(`${arg}[${i}] must be a string (got ${describeValue(item)}).`);
    }
  });
}

function checkTagsShape(arg: string, value: unknown): void {
  if (isDeferred(value)) {
    return;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ArgumentError(
      `${arg} must be a map of strings, like { team: "payments" } (got ${describeValue(value)}).`,
    );
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string" && !isDeferred(v)) {
      throw new ArgumentError(`${arg}.${key} must be a string (got ${describeValue(v)}).`);
    }
  }
}
