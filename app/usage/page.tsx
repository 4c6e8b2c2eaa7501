'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * The Usage section opens on Import CDRs (the nav's Usage link goes there): /usage typed or
 * bookmarked goes there too. A page of its own, not a server redirect, so it is prerendered and
 * precached like every other route and works offline.
 */
export default function UsagePage() {
  const router = useRouter();
  useEffect(() => router.replace('/usage/import'), [router]);
  return (
    <p className="muted">
      Opening <Link href="/usage/import">Import CDRs</Link>…
    </p>
  );
}
