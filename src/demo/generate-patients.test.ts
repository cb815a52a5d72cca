import { describe, expect, it, beforeAll } from 'vitest';
import { validateResource } from '@medplum/core';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { definitions } from '../fhir/definitions.ts';
import { generateDemoSet, type DemoSetOptions } from './generate-patients.ts';
import { checkRequiredBindings, type BindingReport } from './required-bindings.ts';
import { NAME_GROUP_KEYS } from './names.ts';
import { luhnCheckDigit } from '../modules/patients/mrn.ts';

const NOW = new Date('2025-06-01T00:00:00Z');

function materialize(opts: DemoSetOptions): { shared: Bundle; patients: Bundle[] } {
  const set = generateDemoSet(opts);
  return { shared: set.shared, patients: [...set.patients] };
}

function resourcesOf(b: Bundle): Resource[] {
  return (b.entry ?? []).map((e) => e.resource!);
}

/** Every `reference` string anywhere in a value. */
function references(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) references(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'reference' && typeof x === 'string') out.push(x);
      else if (x && typeof x === 'object') references(x, out);
    }
  }
  return out;
}

/** Identifiers of the shared resources, as "Type?identifier=system|value". */
function sharedTargets(shared: Bundle): Set<string> {
  const targets = new Set<string>();
  for (const r of resourcesOf(shared)) {
    for (const id of (r as { identifier?: { system?: string; value?: string }[] }).identifier ?? []) {
      targets.add(`${r.resourceType}?identifier=${id.system}|${id.value}`);
    }
  }
  return targets;
}

/** The resource as it reads once imported: urn:uuid references become Type/id. */
function asStored(resource: Resource, byUrn: Map<string, string>): Resource {
  return JSON.parse(JSON.stringify(resource), (k, v) =>
    k === 'reference' && typeof v === 'string' && byUrn.has(v) ? byUrn.get(v) : v,
  ) as Resource;
}

function urnMap(bundle: Bundle): Map<string, string> {
  return new Map((bundle.entry ?? []).map((e) => [e.fullUrl!, `${e.resource!.resourceType}/${e.resource!.id}`]));
}

function countsByType(bundles: Bundle[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const b of bundles) for (const r of resourcesOf(b)) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  return counts;
}

describe('generateDemoSet', () => {
  beforeAll(() => {
    definitions(); // indexes the R4 StructureDefinitions that validateResource needs
  });

  it('is deterministic for a seed, and differs between seeds', () => {
    const a = materialize({ patients: 15, seed: 42, now: NOW });
    const b = materialize({ patients: 15, seed: 42, now: NOW });
    const c = materialize({ patients: 15, seed: 43, now: NOW });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c.shared)).not.toBe(JSON.stringify(a.shared));
    for (let i = 0; i < 15; i++) expect(JSON.stringify(c.patients[i])).not.toBe(JSON.stringify(a.patients[i]));
    // Patient N does not depend on how many are generated.
    const more = materialize({ patients: 20, seed: 42, now: NOW });
    expect(JSON.stringify(more.patients.slice(0, 15))).toBe(JSON.stringify(a.patients));
    // Without `now` the output is pinned to the current day.
    expect(JSON.stringify(materialize({ patients: 2, seed: 5 }))).toBe(JSON.stringify(materialize({ patients: 2, seed: 5 })));
  });

  it('makes a registry of Patients alone at the demographics size, the same people as with histories', () => {
    const registry = [...generateDemoSet({ patients: 5, seed: 9, resourcesPerPatient: 'demographics', heavyEvery: 2 }).patients];
    const full = [...generateDemoSet({ patients: 5, seed: 9, resourcesPerPatient: 'light', heavyEvery: 2 }).patients];
    expect(registry.map((b) => b.entry!.map((e) => e.resource!.resourceType))).toEqual(Array(5).fill(['Patient']));
    expect(registry.map((b) => b.entry![0].resource)).toEqual(full.map((b) => b.entry![0].resource));
  });

  it('makes patients lazily', () => {
    // A billion patients: made eagerly, this would not return at all.
    const set = generateDemoSet({ patients: 1_000_000_000, seed: 1, now: NOW });
    const first = set.patients[Symbol.iterator]().next();
    expect(first.done).toBe(false);
    // Iterable more than once, the same each time.
    const again = set.patients[Symbol.iterator]().next();
    expect(JSON.stringify(again.value)).toBe(JSON.stringify(first.value));
  });

  it.each([
    ['light', 120, 15, 28, 5],
    ['typical', 60, 80, 130, 30],
    ['heavy', 8, 520, 720, 500],
  ] as const)('%s: resources per patient in range', (size, n, minMean, maxMean, minEach) => {
    const { patients } = materialize({ patients: n, seed: 7, now: NOW, resourcesPerPatient: size });
    const sizes = patients.map((p) => p.entry!.length);
    const mean = sizes.reduce((x, y) => x + y, 0) / n;
    expect(mean).toBeGreaterThanOrEqual(minMean);
    expect(mean).toBeLessThanOrEqual(maxMean);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(minEach);
    const counts = countsByType(patients);
    expect(counts.Patient).toBe(n);
    for (const p of patients) {
      const types = resourcesOf(p).map((r) => r.resourceType);
      expect(types[0]).toBe('Patient');
      expect(types.filter((t) => t === 'Patient')).toHaveLength(1);
      expect(types).toContain('Encounter');
      expect(types).toContain('Observation');
    }
    const per = (t: string) => (counts[t] ?? 0) / n;
    expect(per('Observation')).toBeGreaterThan(per('Encounter') * 3);
    expect(per('Condition')).toBeGreaterThan(0.5);
    expect(per('MedicationRequest')).toBeGreaterThan(0.5);
    expect(per('Immunization')).toBeGreaterThan(0.5);
    if (size !== 'heavy') expect(per('AllergyIntolerance')).toBeGreaterThan(0.05);
    if (size === 'heavy') expect(Math.min(...sizes)).toBeGreaterThanOrEqual(500);
  });

  it('starts at firstIndex, and gives every heavyEvery-th patient a heavy history', () => {
    const all = materialize({ patients: 8, seed: 31, now: NOW, resourcesPerPatient: 'light' });
    const later = materialize({ patients: 3, seed: 31, now: NOW, resourcesPerPatient: 'light', firstIndex: 5 });
    expect(JSON.stringify(later.patients)).toBe(JSON.stringify(all.patients.slice(5)));

    // Any 1,000 consecutive patients (here 1,500 to 2,499) hold exactly one with 500+ resources.
    const run = materialize({ patients: 1000, seed: 31, now: NOW, resourcesPerPatient: 'light', firstIndex: 1500, heavyEvery: 1000 });
    const sizes = run.patients.map((b) => b.entry!.length);
    expect(sizes.filter((n) => n >= 500)).toHaveLength(1);
    expect(sizes.findIndex((n) => n >= 500)).toBe(1999 - 1500);
    // In a typical population too; without heavyEvery nobody is heavy.
    const typical = materialize({ patients: 2, seed: 31, now: NOW, firstIndex: 998, heavyEvery: 1000 });
    expect(typical.patients.map((b) => b.entry!.length >= 500)).toEqual([false, true]);
    const plain = materialize({ patients: 2, seed: 31, now: NOW, firstIndex: 998 });
    expect(plain.patients.map((b) => b.entry!.length >= 500)).toEqual([false, false]);
  });

  it('records identifiers of several systems (MRN with a valid check digit, unique national ids) and phones in varied formats', () => {
    const { patients } = materialize({ patients: 300, seed: 32, now: NOW, resourcesPerPatient: 'light' });
    const people = patients.map((b) => b.entry![0]!.resource as Extract<Resource, { resourceType: 'Patient' }>);
    const systems = new Set(people.flatMap((p) => p.identifier!.map((i) => i.system)));
    expect([...systems].sort()).toEqual(
      [
        'http://hl7.org/fhir/sid/passport-USA',
        'http://hl7.org/fhir/sid/us-ssn',
        'https://hale.example/mrn',
        'https://hale.example/resource-id',
        ...[...systems].filter((s) => s!.startsWith('https://hale.example/drivers-license/')),
      ].sort(),
    );
    expect([...systems].some((s) => s!.startsWith('https://hale.example/drivers-license/'))).toBe(true);
    const mrns = people.map((p) => p.identifier!.find((i) => i.system === 'https://hale.example/mrn')!.value!);
    for (const mrn of mrns) {
      const digits = mrn.split('-')[1]!;
      expect(digits).toMatch(/^\d{9}$/);
      expect(luhnCheckDigit(digits.slice(0, 8))).toBe(digits[8]);
    }
    expect(new Set(mrns).size).toBe(300);
    const ssns = people.flatMap((p) => p.identifier!.filter((i) => i.system === 'http://hl7.org/fhir/sid/us-ssn').map((i) => i.value!));
    expect(ssns.length).toBeGreaterThan(240);
    expect(new Set(ssns).size).toBe(ssns.length);
    for (const ssn of ssns) expect(ssn).toMatch(/^999-\d{2}-\d{4}$/);
    // The same number written the ways people write it: digits only, dashes, dots, parentheses, +1.
    const shapes = new Set(people.flatMap((p) => p.telecom!.filter((t) => t.system === 'phone').map((t) => t.value!.replace(/\d/g, '9'))));
    expect(shapes.size).toBeGreaterThanOrEqual(6);
    for (const shape of shapes) expect(shape).toMatch(/^[+9() .-]+$/);
  });

  it('sizes the shared bundle from the options', () => {
    const { shared } = materialize({ patients: 3, seed: 3, organizations: 7, practitioners: 40, now: NOW });
    const counts = countsByType([shared]);
    expect(counts).toEqual({ Organization: 7, Location: 7, Practitioner: 40, PractitionerRole: 40 });
    const defaults = countsByType([materialize({ patients: 12, seed: 3, now: NOW }).shared]);
    expect(defaults.Organization).toBeGreaterThanOrEqual(3);
    expect(defaults.Practitioner).toBeGreaterThanOrEqual(8);
  });

  it('shapes bundles like Synthea: batch of conditional creates, transactions of POSTs with urn:uuid fullUrls', () => {
    const { shared, patients } = materialize({ patients: 25, seed: 11, now: NOW });
    expect(shared.resourceType).toBe('Bundle');
    expect(shared.type).toBe('batch');
    const seenIds = new Set<string>();
    const checkEntry = (e: BundleEntry) => {
      const r = e.resource!;
      expect(e.fullUrl).toBe(`urn:uuid:${r.id}`);
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(seenIds.has(r.id!)).toBe(false);
      seenIds.add(r.id!);
      expect(e.request?.method).toBe('POST');
      expect(e.request?.url).toBe(r.resourceType);
      const ids = (r as { identifier?: { system?: string; value?: string }[] }).identifier ?? [];
      expect(ids).toContainEqual({ system: 'https://hale.example/resource-id', value: r.id });
    };
    for (const e of shared.entry!) {
      checkEntry(e);
      // ifNoneExist names one of the resource's own identifiers.
      const m = /^identifier=([^|]+)\|(.+)$/.exec(e.request!.ifNoneExist ?? '');
      expect(m, `${e.resource!.resourceType} ifNoneExist`).not.toBeNull();
      expect((e.resource as { identifier: unknown[] }).identifier).toContainEqual({ system: m![1], value: m![2] });
    }
    for (const o of resourcesOf(shared).filter((r) => r.resourceType === 'Organization')) {
      expect((o as { identifier: { system: string }[] }).identifier.some((i) => i.system === 'https://hale.example/org-id')).toBe(true);
    }
    for (const p of resourcesOf(shared).filter((r) => r.resourceType === 'Practitioner')) {
      const npi = (p as { identifier: { system: string; value: string }[] }).identifier.find(
        (i) => i.system === 'http://hl7.org/fhir/sid/us-npi',
      );
      expect(npi?.value).toMatch(/^[12]\d{9}$/);
    }
    for (const b of patients) {
      expect(b.type).toBe('transaction');
      for (const e of b.entry!) {
        checkEntry(e);
        expect(e.request!.ifNoneExist).toBeUndefined();
      }
    }
  });

  it('references only entries of the same bundle (urn:uuid) or shared resources (conditional, by identifier)', () => {
    const { shared, patients } = materialize({ patients: 25, seed: 12, now: NOW, resourcesPerPatient: 'typical' });
    const targets = sharedTargets(shared);
    // Shared entries reference earlier shared entries only: a batch runs in order.
    const created = new Set<string>();
    for (const e of shared.entry!) {
      for (const ref of references(e.resource)) {
        expect(ref).toMatch(/^(Organization|Location|Practitioner)\?identifier=/);
        expect(created.has(ref), ref).toBe(true);
      }
      for (const id of (e.resource as { identifier: { system: string; value: string }[] }).identifier) {
        created.add(`${e.resource!.resourceType}?identifier=${id.system}|${id.value}`);
      }
    }
    let conditional = 0;
    for (const b of patients) {
      const urns = new Map(b.entry!.map((e) => [e.fullUrl!, e.resource!.resourceType]));
      for (const e of b.entry!) {
        for (const ref of references(e.resource)) {
          if (ref.startsWith('urn:uuid:')) {
            expect(urns.has(ref), ref).toBe(true);
          } else {
            expect(ref).toMatch(/^(Practitioner|Organization|Location)\?identifier=[^|]+\|.+$/);
            expect(targets.has(ref), ref).toBe(true);
            conditional++;
          }
        }
      }
      // Subjects point at the bundle's Patient.
      const patientUrn = b.entry![0]!.fullUrl!;
      for (const r of resourcesOf(b).slice(1)) {
        const subject =
          (r as { subject?: { reference: string }; patient?: { reference: string } }).subject ??
          (r as { patient?: { reference: string } }).patient;
        expect(subject?.reference).toBe(patientUrn);
      }
      // Typed targets: encounters, reasons, prior prescriptions.
      for (const r of resourcesOf(b)) {
        const enc = (r as { encounter?: { reference: string } }).encounter?.reference;
        if (enc) expect(urns.get(enc)).toBe('Encounter');
        if (r.resourceType === 'MedicationRequest') {
          for (const reason of r.reasonReference ?? []) expect(urns.get(reason.reference!)).toBe('Condition');
          if (r.priorPrescription) expect(urns.get(r.priorPrescription.reference!)).toBe('MedicationRequest');
        }
      }
    }
    expect(conditional).toBeGreaterThan(100);
    expect(
      references(patients.map((p) => p.entry)).some((r) => r.startsWith('Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|')),
    ).toBe(true);
    expect(references(patients.map((p) => p.entry)).some((r) => r.startsWith('Organization?identifier=https://hale.example/org-id|'))).toBe(
      true,
    );
  });

  it('names patients from many cultures, with non-ASCII letters, middle names, two family names and prefixes', () => {
    const { patients } = materialize({ patients: 300, seed: 13, now: NOW, resourcesPerPatient: 'light' });
    const people = patients.map((b) => b.entry![0]!.resource!).filter((r) => r.resourceType === 'Patient');
    const names = people.flatMap((p) => p.name ?? []);
    const texts = names.map((n) => n.text ?? '');
    expect(NAME_GROUP_KEYS.length).toBeGreaterThanOrEqual(10);
    expect(texts.filter((t) => /[^\u0000-\u007f]/.test(t)).length).toBeGreaterThan(30);
    const scripts: [string, RegExp][] = [
      ['Latin with diacritics', /[áéíóúñçãõâêôàèìòùäöüßłśźżąęćńőű]/i],
      ['Vietnamese', /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/i],
      ['Han', /\p{Script=Han}/u],
      ['Hangul', /\p{Script=Hangul}/u],
      ['Arabic', /\p{Script=Arabic}/u],
      ['Greek', /\p{Script=Greek}/u],
      ['Cyrillic', /\p{Script=Cyrillic}/u],
    ];
    for (const [label, re] of scripts)
      expect(
        texts.some((t) => re.test(t)),
        label,
      ).toBe(true);
    const official = people.map((p) => p.name![0]!);
    expect(official.some((n) => (n.given?.length ?? 0) > 1)).toBe(true);
    expect(official.some((n) => (n.family ?? '').includes(' '))).toBe(true);
    expect(official.some((n) => (n.prefix?.length ?? 0) > 0)).toBe(true);
    expect(names.some((n) => n.use === 'maiden')).toBe(true);
    const languages = new Set(people.map((p) => p.communication![0]!.language.coding![0]!.code!.split('-')[0]));
    expect(languages.size).toBeGreaterThanOrEqual(10);
    const genders = new Set(people.map((p) => p.gender));
    expect(genders.has('male') && genders.has('female')).toBe(true);
    const ages = people.map((p) => (NOW.getTime() - Date.parse(p.birthDate!)) / (365.25 * 86_400_000));
    expect(Math.min(...ages)).toBeLessThan(10);
    expect(Math.max(...ages)).toBeGreaterThan(80);
    expect(Math.max(...ages)).toBeLessThanOrEqual(100.01);
    expect(people.some((p) => p.deceasedDateTime)).toBe(true);
    for (const p of people) {
      const mrn = p.identifier!.find((i) => i.system === 'https://hale.example/mrn');
      expect(mrn?.type?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' });
      expect(p.maritalStatus?.coding?.[0]?.system).toBe('http://terminology.hl7.org/CodeSystem/v3-MaritalStatus');
      expect(p.communication![0]!.language.coding![0]!.system).toBe('urn:ietf:bcp:47');
      expect(p.generalPractitioner![0]!.reference).toMatch(/^Practitioner\?identifier=/);
      expect(p.managingOrganization!.reference).toMatch(/^Organization\?identifier=/);
      expect(p.address![0]!.city).toBeTruthy();
    }
    expect(new Set(people.map((p) => p.address![0]!.city)).size).toBeGreaterThan(10);
  });

  it('records plausible clinical histories', () => {
    const { patients } = materialize({ patients: 40, seed: 14, now: NOW, resourcesPerPatient: 'typical' });
    const all = patients.flatMap(resourcesOf);
    const encounters = new Map(
      patients.flatMap((b) => b.entry!.filter((e) => e.resource!.resourceType === 'Encounter').map((e) => [e.fullUrl!, e.resource!])),
    );
    const classes = new Set([...encounters.values()].map((e) => (e as { class: { code: string } }).class.code));
    expect([...classes].sort()).toEqual(['AMB', 'EMER', 'IMP']);
    const loinc = new Set<string>();
    for (const r of all) {
      if (r.resourceType === 'Observation') {
        expect(r.status).toBe('final');
        const cat = r.category![0]!.coding![0]!.code;
        expect(['vital-signs', 'laboratory']).toContain(cat);
        const enc = encounters.get(r.encounter!.reference!)!;
        const period = (enc as { period: { start: string; end: string } }).period;
        expect(Date.parse(r.effectiveDateTime!)).toBeGreaterThanOrEqual(Date.parse(period.start));
        expect(Date.parse(r.effectiveDateTime!)).toBeLessThanOrEqual(Date.parse(period.end));
        const code = r.code.coding![0]!.code!;
        loinc.add(code);
        const q = r.valueQuantity;
        if (code === '85354-9') {
          expect(q).toBeUndefined();
          const [sys, dia] = r.component!;
          expect(sys!.code.coding![0]!.code).toBe('8480-6');
          expect(dia!.code.coding![0]!.code).toBe('8462-4');
          expect(sys!.valueQuantity!.code).toBe('mm[Hg]');
          expect(sys!.valueQuantity!.value!).toBeGreaterThan(dia!.valueQuantity!.value!);
          expect(sys!.valueQuantity!.value!).toBeGreaterThan(60);
          expect(sys!.valueQuantity!.value!).toBeLessThan(220);
        } else {
          expect(q?.system).toBe('http://unitsofmeasure.org');
          const range: Record<string, [number, number, string]> = {
            '8867-4': [40, 200, '/min'],
            '9279-1': [8, 60, '/min'],
            '8310-5': [35, 41, 'Cel'],
            '29463-7': [1.5, 250, 'kg'],
            '8302-2': [40, 210, 'cm'],
            '39156-5': [10, 60, 'kg/m2'],
            '2339-0': [50, 400, 'mg/dL'],
            '4548-4': [4, 14, '%'],
            '2093-3': [80, 400, 'mg/dL'],
            '718-7': [6, 20, 'g/dL'],
          };
          const expected = range[code];
          if (expected) {
            expect(q!.code, code).toBe(expected[2]);
            expect(q!.value!, code).toBeGreaterThanOrEqual(expected[0]);
            expect(q!.value!, code).toBeLessThanOrEqual(expected[1]);
          }
        }
      }
      if (r.resourceType === 'Condition') {
        expect(r.code!.coding![0]!.system).toBe('http://hl7.org/fhir/sid/icd-10-cm');
        expect(Date.parse(r.onsetDateTime!)).toBeLessThanOrEqual(Date.parse(r.recordedDate!));
        expect(r.recorder!.reference).toMatch(/^Practitioner\?identifier=/);
      }
      if (r.resourceType === 'MedicationRequest') {
        expect(r.medicationCodeableConcept!.coding![0]!.system).toBe('http://www.nlm.nih.gov/research/umls/rxnorm');
        expect(r.intent).toBe('order');
        expect(r.requester!.reference).toMatch(/^Practitioner\?identifier=/);
        expect(r.reasonReference).toHaveLength(1);
      }
      if (r.resourceType === 'Immunization') expect(r.vaccineCode.coding![0]!.system).toBe('http://hl7.org/fhir/sid/cvx');
    }
    for (const code of ['8867-4', '9279-1', '8310-5', '29463-7', '8302-2', '39156-5', '85354-9', '2339-0', '4548-4', '2093-3', '718-7'])
      expect(loinc.has(code), code).toBe(true);
    const conditionCodes = new Set(
      all.filter((r) => r.resourceType === 'Condition').map((r) => (r as { code: { coding: { code: string }[] } }).code.coding[0]!.code),
    );
    expect(conditionCodes.size).toBeGreaterThan(12);
    const statuses = new Set(all.filter((r) => r.resourceType === 'MedicationRequest').map((r) => (r as { status: string }).status));
    expect(statuses.has('active') && statuses.has('completed')).toBe(true);

    // Values drift over a life: a child's recorded height grows.
    for (const b of patients) {
      const heights = resourcesOf(b)
        .filter((r) => r.resourceType === 'Observation' && r.code.coding![0]!.code === '8302-2')
        .map((r) => r as { effectiveDateTime: string; valueQuantity: { value: number } })
        .sort((x, y) => x.effectiveDateTime.localeCompare(y.effectiveDateTime));
      const born = Date.parse((b.entry![0]!.resource as { birthDate: string }).birthDate);
      if (heights.length >= 2 && (Date.parse(heights.at(-1)!.effectiveDateTime) - born) / (365.25 * 86_400_000) < 14) {
        const years = (Date.parse(heights.at(-1)!.effectiveDateTime) - Date.parse(heights[0]!.effectiveDateTime)) / (365.25 * 86_400_000);
        if (years > 1) expect(heights.at(-1)!.valueQuantity.value).toBeGreaterThan(heights[0]!.valueQuantity.value);
      }
    }
  });

  it('writes only valid FHIR R4: structure, invariants and required bindings', () => {
    const sets = [
      materialize({ patients: 40, seed: 21, now: NOW, resourcesPerPatient: 'light' }),
      materialize({ patients: 25, seed: 22, now: NOW, resourcesPerPatient: 'typical', organizations: 9, practitioners: 50 }),
      materialize({ patients: 2, seed: 23, now: NOW, resourcesPerPatient: 'heavy' }),
    ];
    const report: BindingReport = { issues: [], unchecked: new Map() };
    const problems: string[] = [];
    let checked = 0;
    // Medplum does not resolve urn:uuid fullUrls when it validates a whole Bundle and warns
    // about each such reference; the entries were validated one by one with their targets.
    const bundleUrnWarning = (r: Resource, text: string | undefined) =>
      r.resourceType === 'Bundle' && /^Invalid reference: got "urn:uuid:/.test(text ?? '');
    const validate = (r: Resource) => {
      try {
        for (const issue of validateResource(r)) {
          if (issue.severity === 'warning' && bundleUrnWarning(r, issue.details?.text)) continue;
          problems.push(`${r.resourceType}/${r.id}: ${issue.severity} ${issue.details?.text} at ${issue.expression?.join(',')}`);
        }
      } catch (err) {
        const outcome = (err as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome;
        problems.push(
          `${r.resourceType}/${r.id}: ${outcome?.issue?.map((i) => `${i.details?.text} at ${i.expression?.join(',')}`).join('; ') ?? String(err)}`,
        );
      }
      checkRequiredBindings(r, report);
      checked++;
    };
    for (const { shared, patients } of sets) {
      for (const bundle of [shared, ...patients]) {
        const byUrn = urnMap(bundle);
        for (const r of resourcesOf(bundle)) validate(asStored(r, byUrn));
      }
      // The bundles themselves too (entry rules, fullUrl uniqueness, request elements).
      validate(shared);
      validate(patients[0]!);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(report.issues.slice(0, 20)).toEqual([]);
    // Every required binding the data meets could be expanded and checked.
    expect(Object.fromEntries(report.unchecked)).toEqual({});
    expect(checked).toBeGreaterThan(3000);
  });

  it('has a required-binding check that catches wrong codes', () => {
    const bad = [
      { resourceType: 'Patient', gender: 'F', name: [{ use: 'legal' }], telecom: [{ system: 'cell', value: '1' }] },
      { resourceType: 'Encounter', status: 'done', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' } },
      {
        resourceType: 'Condition',
        subject: { reference: 'Patient/1' },
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'cured' }] },
      },
      {
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/1' },
        medicationCodeableConcept: { text: 'x' },
        dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'day' } } }],
      },
      { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/1' }, category: ['pollen'], criticality: 'medium' },
    ] as unknown as Resource[];
    const report: BindingReport = { issues: [], unchecked: new Map() };
    for (const r of bad) checkRequiredBindings(r, report);
    expect(report.issues.map((i) => `${i.path}=${i.value}`).sort()).toEqual(
      [
        'AllergyIntolerance.category[0]=pollen',
        'AllergyIntolerance.criticality=medium',
        'Condition.clinicalStatus=http://terminology.hl7.org/CodeSystem/condition-clinical|cured',
        'Encounter.status=done',
        'MedicationRequest.dosageInstruction[0].timing.repeat.periodUnit=day',
        'Patient.gender=F',
        'Patient.name[0].use=legal',
        'Patient.telecom[0].system=cell',
      ].sort(),
    );
    // And passes the right ones, nested concepts included (condition-clinical: active > recurrence).
    const good = checkRequiredBindings({
      resourceType: 'Condition',
      subject: { reference: 'Patient/1' },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'recurrence' }] },
    } as Resource);
    expect(good.issues).toEqual([]);
  });
});
