import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "./lib/errors";
import { nameTag } from "./lib/naming";
import { plainValue } from "./lib/plain";

/** The tags every component takes: applied to each child, with the child's own Name tag. */
export type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** Rejects a Name tag: each child gets its own (its resource name), so a shared one would be lost. */
export function validateTags(tags: Tags | undefined): void {
  const plain = plainValue(tags);
  if (plain !== undefined && Object.prototype.hasOwnProperty.call(plain, "Name")) {
    throw new ArgumentError(
      `tags must not set "Name": every child gets its own Name tag, its resource name; use another key.`,
    );
  }
}

/** The user's tags plus the child's Name tag (a plain map when the user's map is one). */
export function childTags(tags: Tags | undefined, name: string): Tags {
  const plain = plainValue(tags);
  return tags === undefined || plain !== undefined
    ? nameTag(plain, name)
    : pulumi.output(tags).apply((t) => nameTag(t, name));
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
