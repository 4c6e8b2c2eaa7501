import { describe, expect, it } from 'vitest';
import { accountSchema, contactSchema } from './entities';
import { testAccount } from './test-fixtures';

describe('email addresses', () => {
  const contact = (email: string) => contactSchema.safeParse({ name: 'Ann', email, phone: '' });
  it('takes an address or nothing, and refuses typing slips with a message saying what is expected', () => {
    for (const email of ['', 'billing@example.com', 'ann.o+invoices@mail.carrier.co.uk']) expect(contact(email).success, email).toBe(true);
    for (const email of ['not-an-email', 'ann@example', 'ann smith@example.com', '@example.com', 'ann@@example.com']) {
      const parsed = contact(email);
      expect(parsed.success, email).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe('must be an email address like billing@example.com');
    }
    expect(accountSchema.safeParse(testAccount({ email: 'billing.example.com' })).success).toBe(false);
    expect(accountSchema.safeParse(testAccount({ email: 'billing@example.com' })).success).toBe(true);
  });
});
