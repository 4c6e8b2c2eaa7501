import Link from 'next/link';

/**
 * Says what of the seller's own details an invoice goes out without (lib/seller-details
 * missingSellerDetailsNotice `text`), with the way to fill them in: a warning, not a stop, as a
 * clerk may issue or send it all the same. Nothing when nothing is missing.
 */
export function SellerDetailsNotice({ text, className = 'card warning' }: { text: string; className?: string }) {
  if (!text) return null;
  return (
    <p className={className} data-testid="seller-details-notice">
      {text} <Link href="/settings">Fill in My Account</Link> in Settings.
    </p>
  );
}
