/**
 * Ids in messages, named: a finding or an error that says `subnet-16c7bc4f5ce11c509` says which
 * resource of the program that is, `subnet-16c7bc4f5ce11c509 (aws.ec2.Subnet "app-private-a")`,
 * so a reader does not have to find a placeholder id in the plan. Pure: messages and
 * registrations in, messages out.
 */

/** What naming needs of a registration (the offline recorder's Registration fits). */
export interface NamedResource {
  readonly type: string;
  readonly name: string;
  readonly custom?: boolean;
  readonly id?: unknown;
}

/**
 * A type token as the program wrote the class: `aws:ec2/subnet:Subnet` → `aws.ec2.Subnet`,
 * `aws:index/provider:Provider` → `aws.Provider`, `acme:Vpc` (a component) as it is.
 */
export function typeName(token: string): string {
  const m = /^([^:]+):([^:/]+)(?:\/[^:]*)?:([^:]+)$/.exec(token);
  if (!m) return token;
  const [, pkg, module, cls] = m;
  return module === "index" ? `${pkg}.${cls}` : `${pkg}.${module}.${cls}`;
}

/**
 * The ids worth naming: strings of at least 6 characters (shorter ones would match words), the
 * first registration that has each (a bucket's versioning or policy takes its bucket's id, and
 * the bucket is registered first).
 */
function namesById(resources: readonly NamedResource[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of resources) {
    if (r.custom === false || typeof r.id !== "string" || r.id.length < 6) continue;
    if (!names.has(r.id)) names.set(r.id, `${typeName(r.type)} "${r.name}"`);
  }
  return names;
}

/**
 * `message` with every id of a registered resource followed by its type and name. An id already
 * followed by words in parentheses (its name, or what it is) is left alone, so naming twice
 * changes nothing.
 */
export function nameIdsIn(message: string, resources: readonly NamedResource[]): string {
  return nameIdsWith(message, namesById(resources));
}

/** The same for many messages, with the registrations read once. */
export function nameIdsInAll(
  messages: readonly string[],
  resources: readonly NamedResource[],
): string[] {
  const names = namesById(resources);
  return messages.map((m) => nameIdsWith(m, names));
}

function nameIdsWith(message: string, names: Map<string, string>): string {
  if (names.size === 0) return message;
  // Candidate tokens only (runs of id characters), looked up: linear in the message.
  return message.replace(/[A-Za-z0-9_-]+/g, (token, offset: number) => {
    const label = names.get(token);
    if (label === undefined) return token;
    const end = offset + token.length;
    // Only where the id ends a word: not inside a DNS name (`vpce-1.lambda.…`) or before an
    // ARN's `:*`; at the end of a sentence or before a comma it is named.
    if (!/^($|[\s,;)\]'"`]|[.:](\s|$))/.test(message.slice(end, end + 2))) return token;
    // Already followed by words in parentheses (its name, or what it is): left as written.
    if (message.startsWith(" (", end)) return token;
    return `${token} (${label})`;
  });
}
