/** What the chart says after a death is recorded about the appointments it cancelled. */
import { describe, expect, it } from 'vitest';
import { cancelledText, closedAccountsText } from './DeceasedDialog.tsx';

describe('cancelledText', () => {
  const visit = { start: '2026-12-10T09:00:00Z' };
  const place = {};
  it('says nothing when nothing was cancelled', () => {
    expect(cancelledText([])).toBe('');
  });
  it('counts appointments and waiting-list places apart, in the singular for one', () => {
    expect(cancelledText([visit])).toBe(' 1 appointment was cancelled.');
    expect(cancelledText([place])).toBe(' 1 waiting-list place was cancelled.');
    expect(cancelledText([place, visit, visit])).toBe(' 2 appointments and 1 waiting-list place were cancelled.');
    expect(cancelledText([place, place])).toBe(' 2 waiting-list places were cancelled.');
  });
});

describe('closedAccountsText', () => {
  it('names the closed portal accounts, or says nothing', () => {
    expect(closedAccountsText([])).toBe('');
    expect(closedAccountsText(['lily.late'])).toBe(' The portal account lily.late was closed.');
    expect(closedAccountsText(['lily.late', 'luke.late', 'lea.late'])).toBe(
      ' The portal accounts lily.late, luke.late and lea.late were closed.',
    );
  });
});
