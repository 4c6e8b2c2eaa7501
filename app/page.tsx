import Link from 'next/link';

export default function HomePage() {
  return (
    <>
      <h1>Tollbook</h1>
      <div className="card">
        <p>Invoice your customers for call usage and packages, online or offline.</p>
        <p>
          <Link href="/invoices">Invoices</Link> · <Link href="/customers">Customers</Link> ·{' '}
          <Link href="/packages">Packages</Link> · <Link href="/settings">Settings</Link>
        </p>
      </div>
    </>
  );
}
