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

/** The user's tags plus the child's Name tag. */
export function childTags(
  tags: Tags | undefined,
  name: string,
): pulumi.Output<Record<string, string>> {
  return pulumi.output(tags ?? {}).apply((t) => nameTag(t, name));
}
