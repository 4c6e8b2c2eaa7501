import { describe, expect, it } from 'vitest';
import { possessive } from './possessive';

describe('possessive', () => {
  it("adds 's to a name not ending in s", () => {
    expect(possessive('Globex Carrier')).toBe("Globex Carrier's");
    expect(possessive('Echo Minimum Spend')).toBe("Echo Minimum Spend's");
    expect(possessive('Acme Inc.')).toBe("Acme Inc.'s");
  });

  it('adds only an apostrophe to a name ending in s, in either case', () => {
    expect(possessive('Bravo Daily Lines')).toBe("Bravo Daily Lines'");
    expect(possessive('Delta Free Minutes')).toBe("Delta Free Minutes'");
    expect(possessive('ACME COMMS')).toBe("ACME COMMS'");
  });
});
