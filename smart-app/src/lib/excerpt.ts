/**
 * The first words of a free text, at most `maxChars` long, cut at a word boundary and marked "…" when
 * shortened: enough to tell rows apart without making them long. Whitespace runs read as one space.
 */
export function excerpt(text: string, maxChars = 50): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) {
    return flat;
  }
  const cut = flat.slice(0, maxChars + 1);
  const space = cut.lastIndexOf(' ');
  // A first word longer than the limit (a pasted URL) is cut where the limit falls.
  const words = space > 0 ? cut.slice(0, space) : cut.slice(0, maxChars);
  return `${words.replace(/[\s,.;:!?-]+$/, '')}…`;
}
