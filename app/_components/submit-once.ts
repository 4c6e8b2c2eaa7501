'use client';

import { useCallback, useRef, useState } from 'react';

/**
 * Guards a write against a second press of its button (a double-click, Enter twice), which would
 * repeat it: a second payment, a second package assignment, a second copy of an invoice.
 *
 * `run(action)` ignores presses while an action runs (`busy` disables the button meanwhile). An
 * action that succeeded (returned true) leaves the guard spent, since a press queued behind it
 * would still repeat it: a dialog closes, and a form that stays calls `release` when the user
 * changes a field to make another. An action that failed releases it, so the user can try again.
 */
export function useSubmitOnce(): { busy: boolean; run: (action: () => Promise<boolean>) => Promise<void>; release: () => void } {
  const state = useRef<'ready' | 'running' | 'spent'>('ready');
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<boolean>) => {
    if (state.current !== 'ready') return;
    state.current = 'running';
    setBusy(true);
    let succeeded = false;
    try {
      succeeded = await action();
    } finally {
      state.current = succeeded ? 'spent' : 'ready';
      setBusy(false);
    }
  }, []);
  const release = useCallback(() => {
    if (state.current === 'spent') state.current = 'ready';
  }, []);
  return { busy, run, release };
}
