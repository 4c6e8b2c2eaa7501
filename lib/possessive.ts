/**
 * The possessive of a name, for the messages that say whose something is: "Globex Carrier's", and,
 * for a name ending in s, the apostrophe alone ("Bravo Daily Lines'", "ACME COMMS'"), as a plural
 * name reads. Every message that puts a customer's or a package's name before "'s" goes through
 * this one helper, so no screen says "Lines's".
 */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}
