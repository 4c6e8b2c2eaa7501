'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Customer } from '@/lib/entities';
import { mutate, writeErrorMessage } from '../../_local/mutate';

/** Deletes a customer without invoices, usage or payments (the mutator refuses otherwise and says to set it inactive). */
export function DeleteCustomerButton({ customer }: { customer: Customer }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setError(null);
    if (!window.confirm(`Delete ${customer.name} and their package assignments? This cannot be undone.`)) return;
    try {
      await mutate('deleteCustomer', { id: customer.id });
      router.push('/customers');
    } catch (e) {
      setError(writeErrorMessage(e));
    }
  }

  return (
    <>
      <button type="button" className="button danger" onClick={remove}>
        Delete customer
      </button>
      {error && (
        <p role="alert" className="form-message error span-all">
          {error}
        </p>
      )}
    </>
  );
}
