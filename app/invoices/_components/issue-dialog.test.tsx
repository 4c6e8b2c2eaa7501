import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { IssueNumbering } from '../../_local/issue-numbering';
import { IssueDialog } from './issue-dialog';

/** The dialog's words, as a screen reader or a clerk reads them (tags dropped). */
function dialogText(numberPrefix: string, numbering: IssueNumbering = { onSync: 'offline' }): string {
  const html = renderToStaticMarkup(
    <IssueDialog
      documentName="Invoice"
      customer="Globex Carrier"
      total="$20.00 (USD)"
      numberPrefix={numberPrefix}
      numbering={numbering}
      warnings={[]}
      onIssue={async () => null}
      onClose={() => {}}
    />,
  );
  return html.replace(/<[^>]*>/g, '');
}

describe('IssueDialog', () => {
  it('names the number the invoice will take when the device knows it, saying another device could take it first', () => {
    expect(dialogText('NW-', { known: 'NW-1005' })).toContain(
      'It takes the next number of its series, NW-1005 if no other device issues first, and can no longer be edited: a correction then takes Void and replace.',
    );
  });

  it('says plainly that the number is assigned on sync when it cannot know it: offline, or its own issues still to send', () => {
    expect(dialogText('NW-', { onSync: 'offline' })).toContain(
      'This device is offline, so the number is assigned on sync: the next of its series (NW-…) when this issue reaches the server. It can no longer be edited',
    );
    expect(dialogText('NW-', { onSync: 'pending' })).toContain(
      'Issues or a change of the number series made on this device are still waiting to sync, so the number is assigned on sync: the next of its series (NW-…)',
    );
  });

  it('shows the series the number comes from as the server numbers it: the prefix without the spaces and control characters it was stored with', () => {
    expect(dialogText(' INV-\t')).toContain('the next of its series (INV-…) when this issue reaches the server');
  });

  it('shows no series for numbers without a prefix, nor for a prefix that is only spaces', () => {
    expect(dialogText('')).toContain('the next of its series when this issue reaches the server');
    expect(dialogText('  ')).toContain('the next of its series when this issue reaches the server');
  });
});
