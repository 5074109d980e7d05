/**
 * What the AWS API refuses of tags: more than a resource takes, keys or values too long.
 */
import { MAX_TAGS, tagRuleOf } from "../limits";
import { ApiGraph as Graph, ApiRule, DOCS } from "./graph";

/** Tag counts and lengths. */
function checkTags({ report, resources }: Graph): void {
  for (const r of resources) {
    const tags = r.inputs.tags;
    if (typeof tags !== "object" || tags === null) continue;
    const entries = Object.entries(tags as Record<string, unknown>);
    if (entries.length > MAX_TAGS) {
      report(r, "tag-count", `has ${entries.length} tags; AWS allows ${MAX_TAGS}.`, DOCS.tags);
    }
    // Each service's own limits (EC2 keys take 127 characters, IAM's 128).
    const rule = tagRuleOf(r.type);
    for (const [key, value] of entries) {
      if (key.length > rule.key.max || String(value).length > rule.value.max) {
        report(
          r,
          "tag-length",
          `tag ${key.slice(0, 40)}… is over ${rule.key.max} characters of key or ${rule.value.max} of value.`,
          DOCS.tags,
        );
      }
    }
  }
}

export const tags: ApiRule = {
  name: "tags",
  description: "tag counts and lengths",
  enforcementLevel: "mandatory",
  validateGraph: checkTags,
};
