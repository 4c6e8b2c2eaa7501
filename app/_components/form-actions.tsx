'use client';

import { useRouter } from 'next/navigation';

/** The row under an edit form: its submit button, then Cancel, which goes back where the user came from. */
export function FormActions({ submitLabel, disabled }: { submitLabel: string; disabled?: boolean }) {
  const router = useRouter();
  return (
    <div className="actions">
      <button type="submit" className="button primary" disabled={disabled}>
        {submitLabel}
      </button>
      <button type="button" className="button" onClick={() => router.back()}>
        Cancel
      </button>
    </div>
  );
}

/** A dialog form's footer: Cancel, then the submit button (a danger one for what cannot be undone). */
export function DialogActions({ submitLabel, onCancel, danger = false }: { submitLabel: string; onCancel: () => void; danger?: boolean }) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className={danger ? 'button danger' : 'button primary'}>
        {submitLabel}
      </button>
    </div>
  );
}
