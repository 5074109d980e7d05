import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "./lib/errors";
import { MAX_TAGS, TAG_RULES, TagRule } from "../policy/rules/limits";
import { nameTag } from "./lib/naming";
import { plainValue } from "./lib/plain";

/** The tags every component takes: applied to each child, with the child's own Name tag. */
export type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/**
 * AWS's tag rules for every service a component tags (policy/rules/limits.ts): at most 50 tags a
 * resource, keys up to 127 characters (EC2's, the shortest) and values up to 256, and no key
 * starting with `aws:`, which AWS reserves
 * (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions).
 */
const MAX_KEY = Math.min(...Object.values(TAG_RULES).map((r) => r.key.max));
const MAX_VALUE = Math.min(...Object.values(TAG_RULES).map((r) => r.value.max));

/**
 * Rejects a Name tag (each child gets its own, its resource name, so a shared one would be lost)
 * and what AWS refuses; values known only at deployment are checked by the pre-flight.
 */
export function validateTags(tags: Tags | undefined): void {
  const plain = plainValue(tags);
  if (plain === undefined) {
    return;
  }
  if (Object.prototype.hasOwnProperty.call(plain, "Name")) {
    throw new ArgumentError(
      `tags must not set "Name": every child gets its own Name tag, its resource name; use another key.`,
    );
  }
  const keys = Object.keys(plain);
  if (keys.length + 1 > MAX_TAGS) {
    throw new ArgumentError(
      `tags has ${keys.length} tags; with each child's Name that is ${keys.length + 1}, over the ${MAX_TAGS} AWS allows a resource: drop ${keys.length + 1 - MAX_TAGS}.`,
    );
  }
  for (const key of keys) {
    if (key.toLowerCase().startsWith("aws:")) {
      throw new ArgumentError(
        `tags: the key ${key} starts with "aws:", which AWS reserves; use another key.`,
      );
    }
    if (key.length > MAX_KEY) {
      throw new ArgumentError(
        `tags: the key ${key.slice(0, 40)}… is ${key.length} characters; AWS allows ${MAX_KEY}.`,
      );
    }
    const value = plainValue(plain[key]);
    if (typeof value === "string" && value.length > MAX_VALUE) {
      throw new ArgumentError(
        `tags.${key} is ${value.length} characters; AWS allows ${MAX_VALUE}.`,
      );
    }
  }
}

/**
 * The user's tags plus the child's Name tag (a plain map when the user's map is one), its value
 * fitted to the service's tag rule (EC2's unless given).
 */
export function childTags(tags: Tags | undefined, name: string, rule?: TagRule): Tags {
  const plain = plainValue(tags);
  return tags === undefined || plain !== undefined
    ? nameTag(plain, name, rule)
    : pulumi.output(tags).apply((t) => nameTag(t, name, rule));
}

/** The `base` tags with `own` tags over them (a plain map when both are). */
export function overlayTags(
  base: Tags,
  own: pulumi.Input<Record<string, pulumi.Input<string>> | undefined>,
): Tags {
  const plainBase = plainValue(base);
  const plainOwn = own === undefined ? {} : plainValue(own);
  return plainBase !== undefined && plainOwn !== undefined
    ? { ...plainBase, ...plainOwn }
    : pulumi.all([base, own ?? {}]).apply(([b, o]) => ({ ...b, ...o }));
}
