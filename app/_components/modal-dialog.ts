'use client';

import { useEffect, useRef } from 'react';

/**
 * Opens a <dialog> as a modal when it mounts, and when it unmounts puts the keyboard focus back on
 * what had it before (the button that opened it). The dialogs here close by unmounting, which the
 * browser's own focus return on close() does not cover: focus fell to the page's body.
 */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return ref;
}
