'use client';

import type { LiveDraft } from './live-draft';

/** Long values (an address, notes) are cut to one short line: the form below shows them whole. */
const SHOWN_CHARS = 60;

export function describeChange(label: string, value: unknown): string {
  if (typeof value === 'string') {
    const line = value.replace(/\s+/g, ' ').trim();
    if (line === '') return `${label} (now empty)`;
    return `${label} (now “${line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS - 1)}…` : line}”)`;
  }
  if (typeof value === 'boolean') return `${label} (now ${value ? 'on' : 'off'})`;
  return label;
}

/**
 * Says that the record of an open edit form changed on another device: fields the user edited that
 * were changed underneath them (Save keeps the user's values), or the record's deletion.
 */
export function RemoteChangeNotice<D extends object>({ form, noun, labels }: { form: LiveDraft<unknown, D>; noun: string; labels: Record<keyof D, string> }) {
  if (form.deleted) {
    return (
      <p className="form-message error" role="alert">
        This {noun} was deleted on another device while you were editing, so it can no longer be saved.
      </p>
    );
  }
  if (form.changed.length === 0) return null;
  return (
    <div className="form-message warning stack" role="status" data-testid="remote-change-notice">
      <p>
        Changed on another device while you were editing: {form.changed.map((key) => describeChange(labels[key], form.live[key])).join(', ')}. Saving keeps
        your values.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={() => form.discard(form.changed)}>
          Use the other device&apos;s values
        </button>
      </div>
    </div>
  );
}
