/** `%`, `_` and `\` are wildcards or escapes in LIKE; a search for them means the characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
