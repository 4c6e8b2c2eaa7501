'use client';

import { useEffect, useState } from 'react';
import { AccountForm } from './_components/account-form';
import { DemoDataSection } from './_components/demo-data-section';
import { PrefetchRoutes } from '../_components/prefetch-routes';

interface Health {
  ok: boolean;
  database: string;
}

export default function SettingsPage() {
  const [health, setHealth] = useState<Health | 'offline' | undefined>();
  useEffect(() => {
    fetch('/api/trpc/health.check')
      .then((r) => r.json() as Promise<{ result: { data: Health } }>)
      .then((body) => setHealth(body.result.data))
      .catch(() => setHealth('offline'));
  }, []);
  return (
    <div className="stack">
      <PrefetchRoutes />
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <AccountForm />
      <DemoDataSection />
      <section className="card" aria-labelledby="server-heading">
        <h2 id="server-heading">Server</h2>
        <p data-testid="server-status">
          {health === undefined && 'Checking…'}
          {health === 'offline' && 'Offline: changes are kept on this device.'}
          {typeof health === 'object' && `Connected (${health.database}${health.ok ? '' : ', migrations pending'})`}
        </p>
      </section>
    </div>
  );
}
