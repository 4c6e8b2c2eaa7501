/**
 * The case of a sentence's first letter, for messages built from parts: a name or a phrase written
 * lower case to sit mid-sentence ("the customer's Tax %", "draft of Dec 6, 2026") begins a sentence
 * or a title through `upperFirst`, and a label written to begin one sits mid-sentence through
 * `lowerFirst`. Only the first UTF-16 unit changes; the rest is kept as written, so "INV-7" and
 * "USD" stay upper case.
 */

/** `text` with its first letter upper case, to begin a sentence or a title: "invoice not found" → "Invoice not found". */
export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A list in words, as a sentence writes it: "a", "a and b", "a, b and c"; '' for none. */
export function listInWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

/** `text` with its first letter lower case, to sit mid-sentence: "Applied to INV-7" → "applied to INV-7". */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
