import { describe, expect, it } from 'vitest';
import { applyEdit, changedUnderneath, draftWith, dropEdits, settleSaved, type Edits } from './live-draft';
import { describeChange } from './remote-change-notice';

interface Draft {
  name: string;
  company: string;
  notes: string;
  contacts: { name: string }[];
}

const opened: Draft = { name: 'Globex Carrier', company: 'Globex Ltd', notes: '', contacts: [{ name: 'Gail' }] };
const none: Edits<Draft> = { values: {}, from: {} };

describe('live draft', () => {
  it('a form saved in place lets its saved edits go once the row shows them, so a later change of another device is taken, not a clash', () => {
    let edits = applyEdit(none, opened, 'notes', 'Pays by SEPA');
    const saved = draftWith(opened, edits);
    // Typed after Save: not saved, stays an edit.
    edits = applyEdit(edits, opened, 'company', 'Globex Group');
    // The row does not show the save yet.
    expect(settleSaved(edits, opened, saved)).toBeUndefined();
    const settled = settleSaved(edits, { ...opened, notes: 'Pays by SEPA' }, saved)!;
    expect(settled.values).toEqual({ company: 'Globex Group' });
    // Another device changes the notes afterwards: the form follows, and reports nothing.
    const later = { ...opened, notes: 'Pays by card' };
    expect(draftWith(later, settled).notes).toBe('Pays by card');
    expect(changedUnderneath(later, settled)).toEqual([]);
  });

  it('shows the live row where the user has not edited, and the user’s value where they have', () => {
    const edits = applyEdit(none, opened, 'notes', 'Pays by SEPA');
    // Another device renames the company and the customer meanwhile.
    const live = { ...opened, company: 'Globex Holdings', name: 'Globex' };
    expect(draftWith(live, edits)).toEqual({ name: 'Globex', company: 'Globex Holdings', notes: 'Pays by SEPA', contacts: [{ name: 'Gail' }] });
    expect(changedUnderneath(live, edits)).toEqual([]);
  });

  it('reports an edited field that changed underneath, until the user gives up the edit', () => {
    let edits = applyEdit(none, opened, 'company', 'Globex Group');
    edits = applyEdit(edits, opened, 'company', 'Globex Group plc');
    const live = { ...opened, company: 'Globex Holdings' };
    expect(draftWith(live, edits).company).toBe('Globex Group plc');
    expect(changedUnderneath(live, edits)).toEqual(['company']);
    // Compared with the value when editing began, not with the previous keystroke's.
    expect(edits.from).toEqual({ company: 'Globex Ltd' });

    edits = dropEdits(edits, ['company']);
    expect(draftWith(live, edits).company).toBe('Globex Holdings');
    expect(changedUnderneath(live, edits)).toEqual([]);
  });

  it('does not report a field the other device set to the user’s value', () => {
    const edits = applyEdit(none, opened, 'company', 'Globex Holdings');
    expect(changedUnderneath({ ...opened, company: 'Globex Holdings' }, edits)).toEqual([]);
  });

  it('forgets an edit typed back to the live value: the field follows the row again', () => {
    let edits = applyEdit(none, opened, 'name', 'Globe');
    edits = applyEdit(edits, opened, 'name', 'Globex Carrier');
    expect(edits).toEqual(none);
    expect(draftWith({ ...opened, name: 'Globex Inc' }, edits).name).toBe('Globex Inc');
  });

  it('compares lists by value', () => {
    const edits = applyEdit(none, opened, 'contacts', [{ name: 'Gail' }]);
    expect(edits).toEqual(none);
    const edited = applyEdit(none, opened, 'contacts', [{ name: 'Gail' }, { name: 'Hal' }]);
    expect(changedUnderneath({ ...opened, contacts: [] }, edited)).toEqual(['contacts']);
  });
});

describe('describeChange', () => {
  it('quotes the new value on one line, cut to 60 characters', () => {
    expect(describeChange('Company', 'Globex Holdings')).toBe('Company (now “Globex Holdings”)');
    expect(describeChange('Notes', '')).toBe('Notes (now empty)');
    expect(describeChange('Retired', true)).toBe('Retired (now on)');
    expect(describeChange('Contacts', [{ name: 'Gail' }])).toBe('Contacts');
    // 59 characters and an ellipsis: "1 Carrier Way London " is 21, then 38 x's.
    expect(describeChange('Address', `1 Carrier Way\nLondon ${'x'.repeat(100)}`)).toBe(`Address (now “1 Carrier Way London ${'x'.repeat(38)}…”)`);
  });
});
