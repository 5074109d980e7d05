/**
 * Helpers for asserting messages that quote the AWS provider's words. Offline, the fake AWS adds
 * a hint of its own to those words (what the offline check knows, how to add the rest), which
 * these tests do not pin: they pin the component's own words around the provider's.
 */
import * as assert from "assert";

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A message that quotes the provider's `words` in parentheses, between `before` and `after`,
 * whether or not the fake AWS added its hint: `before (words)after` or `before (words (…))after`.
 */
export function quoting(before: string, words: string, after: string): RegExp {
  return new RegExp(`^${escaped(before)}\\(${escaped(words)}(?: \\(.*\\))?\\)${escaped(after)}$`);
}

/** Asserts a message: exactly, or against a pattern (see `quoting`). */
export function assertMessage(actual: string, expected: string | RegExp): void {
  if (typeof expected === "string") {
    assert.strictEqual(actual, expected);
  } else {
    assert.match(actual, expected);
  }
}
