import { describe, expect, it } from 'vitest';
import { emailContacts, emailGreeting, invoiceEmail, mailtoUrl, type InvoiceEmailFacts } from './invoice-email';

const facts: InvoiceEmailFacts = {
  documentName: 'Invoice',
  number: 'INV-12',
  seller: { companyName: 'Acme Telecom', paymentDetails: 'IBAN GB33 BUKB 2020 1555 5555 55\nBIC BUKBGB22' },
  customer: { contacts: [{ name: 'Gail', email: 'gail@globex.example', phone: '' }] },
  period: 'Nov 1 – Nov 30, 2026',
  total: '$1,234.56',
  owed: '$1,000.00',
  dueDate: 'Dec 31, 2026',
  overdue: false,
  fileName: 'INV-12.pdf',
};

describe('invoiceEmail', () => {
  it('writes to the contact by name, saying what is owed, by when, how to pay and what is attached', () => {
    expect(invoiceEmail(facts)).toEqual({
      to: ['gail@globex.example'],
      subject: 'Invoice INV-12 from Acme Telecom',
      body: [
        'Dear Gail,',
        'Please find attached invoice INV-12 from Acme Telecom for Nov 1 – Nov 30, 2026 (INV-12.pdf).',
        'Total: $1,234.56. Amount due: $1,000.00, by Dec 31, 2026.',
        'Payment details:\nIBAN GB33 BUKB 2020 1555 5555 55\nBIC BUKBGB22',
        'Please quote INV-12 with your payment.',
        'Kind regards,\nAcme Telecom',
      ].join('\n\n'),
    });
  });

  it('addresses every contact with an email once, by default, and greets them all by name (or without a name when one has none)', () => {
    const email = invoiceEmail({
      ...facts,
      customer: {
        contacts: [
          { name: 'Gail', email: 'gail@globex.example', phone: '' },
          { name: 'Accounts', email: ' ap@globex.example ', phone: '' },
          { name: 'Phone only', email: '', phone: '+1 555' },
          { name: 'Gail again', email: 'gail@globex.example', phone: '' },
        ],
      },
    });
    expect(email.to).toEqual(['gail@globex.example', 'ap@globex.example']);
    expect(email.body.startsWith('Dear Gail and Accounts,\n\n')).toBe(true);
    expect(invoiceEmail({ ...facts, customer: { contacts: [{ name: ' ', email: 'x@y.example', phone: '' }] } }).body.startsWith('Hello,')).toBe(true);
    expect(invoiceEmail({ ...facts, customer: { contacts: [] } }).to).toEqual([]);
    expect(invoiceEmail({ ...facts, customer: { contacts: [] } }).body.startsWith('Hello,')).toBe(true);
  });

  it('goes to the contacts the clerk chose, greeting only them, in the customer\'s order', () => {
    const customer = {
      contacts: [
        { name: 'Noah Ivanova', email: 'noah@atlas.example', phone: '' },
        { name: 'Sven Okafor', email: 'noc@atlas.example', phone: '' },
        { name: 'Rosa Costa', email: 'ap@atlas.example', phone: '' },
      ],
    };
    const billing = invoiceEmail({ ...facts, customer, to: ['ap@atlas.example', ' noah@atlas.example'] });
    expect(billing.to).toEqual(['noah@atlas.example', 'ap@atlas.example']);
    expect(billing.body.startsWith('Dear Noah Ivanova and Rosa Costa,\n\n')).toBe(true);
    const one = invoiceEmail({ ...facts, customer, to: ['noc@atlas.example'] });
    expect(one.to).toEqual(['noc@atlas.example']);
    expect(one.body.startsWith('Dear Sven Okafor,\n\n')).toBe(true);
    // An address no longer among the contacts is not written to; none chosen, no one is.
    expect(invoiceEmail({ ...facts, customer, to: ['gone@atlas.example'] }).to).toEqual([]);
    const none = invoiceEmail({ ...facts, customer, to: [] });
    expect(none.to).toEqual([]);
    expect(none.body.startsWith('Hello,\n\n')).toBe(true);
  });

  it('says an overdue amount was due on its date, not "by" a day already past', () => {
    expect(invoiceEmail({ ...facts, dueDate: 'Jul 31, 2026', overdue: true }).body).toContain(
      'Total: $1,234.56. Amount due: $1,000.00, which was due on Jul 31, 2026 and is overdue.',
    );
  });

  it("tells a credit note's credit left to apply", () => {
    const credit = invoiceEmail({ ...facts, documentName: 'Credit note', total: '-€30.01', owed: undefined, creditLeft: '€20.01' });
    expect(credit.body).toContain('Total: -€30.01. Credit left to apply to your invoices: €20.01.');
    expect(credit.body).not.toContain('IBAN');
  });

  it('asks for nothing on a paid invoice or a credit note, and prints no payment details there', () => {
    const credit = invoiceEmail({ ...facts, documentName: 'Credit note', number: 'INV-13', total: '-$50.00', owed: undefined, period: '' });
    expect(credit.subject).toBe('Credit note INV-13 from Acme Telecom');
    expect(credit.body).toContain('Please find attached credit note INV-13 from Acme Telecom (INV-12.pdf).');
    expect(credit.body).toContain('Total: -$50.00. Nothing is due on it.');
    expect(credit.body).not.toContain('IBAN');
    expect(credit.body).not.toContain('quote');
  });

  it('leaves out what the account does not say (no company name, no payment details)', () => {
    const email = invoiceEmail({ ...facts, seller: { companyName: '', paymentDetails: ' ' } });
    expect(email.subject).toBe('Invoice INV-12');
    expect(email.body).not.toContain('Payment details');
    expect(email.body.endsWith('Kind regards,')).toBe(true);
  });
});

describe('emailContacts', () => {
  it('offers the contacts with an email, each address once under its first name, trimmed, in order', () => {
    expect(
      emailContacts([
        { name: ' Gail ', email: ' gail@globex.example ', phone: '+1 555 0100' },
        { name: 'Phone only', email: ' ', phone: '+1 555' },
        { name: 'Accounts', email: 'ap@globex.example', phone: '' },
        { name: 'Gail again', email: 'gail@globex.example', phone: '' },
      ]),
    ).toEqual([
      { name: 'Gail', email: 'gail@globex.example', phone: '+1 555 0100' },
      { name: 'Accounts', email: 'ap@globex.example', phone: '' },
    ]);
    expect(emailContacts([])).toEqual([]);
  });
});

describe('emailGreeting', () => {
  it('names one, two or three contacts as a sentence does, and says Hello when one has no name or there is none', () => {
    expect(emailGreeting([{ name: 'Gail' }])).toBe('Dear Gail,');
    expect(emailGreeting([{ name: 'Gail' }, { name: 'Noah' }])).toBe('Dear Gail and Noah,');
    expect(emailGreeting([{ name: 'Gail' }, { name: 'Noah' }, { name: 'Rosa' }])).toBe('Dear Gail, Noah and Rosa,');
    expect(emailGreeting([{ name: 'Gail' }, { name: ' ' }])).toBe('Hello,');
    expect(emailGreeting([])).toBe('Hello,');
  });
});

describe('mailtoUrl', () => {
  it('percent-encodes the fields as UTF-8 with CRLF line breaks and %20 spaces, keeping the addresses readable', () => {
    const url = mailtoUrl({ to: ['gail@globex.example', 'a+b@x.example'], subject: 'Invoice INV-12 from Zürich & Co', body: 'Dear Gail,\n\nTotal: €5' });
    expect(url).toBe(
      'mailto:gail@globex.example,a%2Bb@x.example?subject=Invoice%20INV-12%20from%20Z%C3%BCrich%20%26%20Co&body=Dear%20Gail%2C%0D%0A%0D%0ATotal%3A%20%E2%82%AC5',
    );
    // What a mail app reads back is the email as written.
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.searchParams.get('subject')!)).toBe('Invoice INV-12 from Zürich & Co');
    expect(parsed.searchParams.get('body')).toBe('Dear Gail,\r\n\r\nTotal: €5');
  });

  it('has no addresses when the customer has no email, for the sender to fill in', () => {
    expect(mailtoUrl({ to: [], subject: 'S', body: 'B' })).toBe('mailto:?subject=S&body=B');
  });
});
