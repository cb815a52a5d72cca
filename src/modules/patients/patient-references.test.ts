import { describe, expect, it } from 'vitest';
import { moveReferences, referencePaths } from './patient-references.ts';

describe('references to a patient', () => {
  const obs = {
    resourceType: 'Observation',
    subject: { reference: 'Patient/a', display: 'Ann' },
    performer: [{ reference: 'Practitioner/p' }, { reference: 'Patient/a' }],
    extension: [{ url: 'x', valueReference: { reference: 'Patient/a' } }],
    focus: [{ reference: 'Patient/a/_history/2' }, { reference: 'Patient/ab' }],
  };

  it('are found wherever they sit, versioned ones and other ids left out', () => {
    expect(referencePaths(obs, 'a')).toEqual(['subject', 'performer[1]', 'extension[0].valueReference']);
  });

  it('move to another patient in a copy, dropping the display that named the other record', () => {
    const { resource, paths } = moveReferences(obs, 'a', 'b');
    expect(paths).toHaveLength(3);
    expect(resource.subject).toEqual({ reference: 'Patient/b' });
    expect(resource.performer[1]).toEqual({ reference: 'Patient/b' });
    expect(resource.focus[0]).toEqual({ reference: 'Patient/a/_history/2' });
    expect(obs.subject.reference).toBe('Patient/a');
  });
});
