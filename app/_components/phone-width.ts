'use client';

import { useSyncExternalStore } from 'react';

/** Where globals.css turns lists into phone cards (and the header into one row and a menu). */
export const PHONE_WIDTH = '(max-width: 640px)';

function subscribeToPhoneWidth(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE_WIDTH);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the screen is as narrow as a phone's (false while rendering on the server). */
export function usePhoneWidth(): boolean {
  return useSyncExternalStore(subscribeToPhoneWidth, () => window.matchMedia(PHONE_WIDTH).matches, () => false);
}
