import type { Customer } from '@/lib/entities';

const SCHEDULE_LABEL: Record<Customer['schedule'], string> = { none: 'None', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

export function CustomerDetails({ customer }: { customer: Customer }) {
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <dl className="details">
        <div>
          <dt>Company</dt>
          <dd dir="auto">{customer.company || '—'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`pill pill-${customer.status}`}>{customer.status === 'active' ? 'Active' : 'Inactive'}</span>
          </dd>
        </div>
        <div>
          <dt>Currency</dt>
          <dd>{customer.currency}</dd>
        </div>
        <div>
          <dt>Tax</dt>
          <dd>{customer.taxRate} %</dd>
        </div>
        <div>
          <dt>Invoices due</dt>
          <dd>{customer.dueDays === 1 ? '1 day after the invoice date' : `${customer.dueDays} days after the invoice date`}</dd>
        </div>
        <div>
          <dt>Schedule</dt>
          <dd>{SCHEDULE_LABEL[customer.schedule]}</dd>
        </div>
        <div>
          <dt>External accounting id</dt>
          <dd dir="auto">{customer.externalId || '—'}</dd>
        </div>
        <div>
          <dt>VAT id</dt>
          <dd dir="auto">{customer.vatId || '—'}</dd>
        </div>
        <div className="span-all">
          <dt>Address</dt>
          <dd className="pre" dir="auto">
            {customer.address || '—'}
          </dd>
        </div>
        {customer.taxNote && (
          <div className="span-all">
            <dt>Tax note</dt>
            <dd className="pre" dir="auto">
              {customer.taxNote}
            </dd>
          </div>
        )}
        {customer.notes && (
          <div className="span-all">
            <dt>Notes</dt>
            <dd className="pre" dir="auto">
              {customer.notes}
            </dd>
          </div>
        )}
      </dl>
      <h3>Contacts</h3>
      {customer.contacts.length === 0 ? (
        <p className="muted">No contacts.</p>
      ) : (
        <ul className="contacts" aria-label="Contacts">
          {customer.contacts.map((c, i) => (
            <li key={i}>
              <strong dir="auto">{c.name || 'Unnamed contact'}</strong>
              {c.email && (
                <>
                  {' · '}
                  <a href={`mailto:${c.email}`}>{c.email}</a>
                </>
              )}
              {c.phone && (
                <>
                  {' · '}
                  <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
