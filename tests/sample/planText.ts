/** Reading the text plan (scripts/render.ts) back in tests: wrapped entries joined again. */

/**
 * The text plan with each wrapped entry on one line again: a line indented 4 or more beyond the
 * (indented) entry before it continues that entry; headings do not wrap. Breaks inside a long
 * list fall after its commas, so lists compare with `squash`.
 */
export function unwrap(text: string): string {
  const out: string[] = [];
  let entryIndent = -1;
  for (const line of text.split("\n")) {
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (out.length > 0 && line.trim() !== "" && entryIndent > 0 && indent >= entryIndent + 4) {
      out[out.length - 1] += ` ${line.trim()}`;
    } else {
      out.push(line);
      entryIndent = line.trim() === "" ? -1 : indent;
    }
  }
  return out.join("\n");
}

/** A list's commas without the spaces a wrapped line may have put after them. */
export const squash = (text: string) => text.replace(/,\s+/g, ",");
