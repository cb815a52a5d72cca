/**
 * A patient's clinical history over the years, as the entries of their transaction
 * Bundle: encounters (check-ups, follow-ups of chronic conditions, acute visits,
 * emergencies, hospital stays), and in them vital signs and labs that follow the
 * patient's body (body-model.ts), diagnoses (ICD-10-CM), prescriptions (RxNorm) tied to
 * them and renewed over time, allergies and immunizations (CVX).
 *
 * Encounters are generated in time order, so what a visit records follows from what
 * came before (a condition is diagnosed once, then followed up and treated; values
 * move once treatment starts).
 */
import type {
  AllergyIntolerance,
  BundleEntry,
  Condition,
  Encounter,
  Immunization,
  MedicationRequest,
  Observation,
  Reference,
} from '@medplum/fhirtypes';
import {
  bloodPressure,
  bmiAt,
  cholesterol,
  creatinine,
  glucose,
  hba1c,
  hdl,
  heartRate,
  heightAt,
  hemoglobin,
  respiratoryRate,
  round,
  triglycerides,
  type Body,
  type DiabetesState,
} from './body-model.ts';
import { postEntry, resourceIdentifier } from './bundle-entries.ts';
import {
  ALLERGENS,
  BLOOD_PRESSURE_PANEL,
  CVX,
  ENCOUNTER_CLASS,
  ENCOUNTER_TYPE,
  ICD,
  OBS,
  OBSERVATION_CATEGORY,
  PRIMARY_PERFORMER,
  REACTIONS,
  ROUTE,
  RX,
  SYSTEM,
  concept,
  type Allergen,
  type Code,
  type Drug,
  type ObservationCode,
} from './codes.ts';
import { ACUTE, ADMISSIONS, CHRONIC, EMERGENCY, OBESITY, type ChronicCondition, type ChronicKey } from './condition-catalog.ts';
import { DAY, HOUR, MINUTE, YEAR, dateTime, instant, startOfDay } from './fhir-time.ts';
import { pickStaff, type Demographics } from './patient-resource.ts';
import type { Random } from './random.ts';
import type { OrgInfo, PractitionerInfo } from './shared-resources.ts';
import type { UuidSource } from './uuids.ts';

export type HistorySize = 'light' | 'typical' | 'heavy';

interface Profile {
  /** Resources per patient to aim at (the patient included). */
  target: number;
  /** Fewest resources a patient may have (heavy patients exist to have many). */
  min: number;
  /** Resources a visit is expected to add, before the patient's own average is known. */
  perVisit: number;
  windowYears: number;
  emergency: number;
  inpatient: number;
  /** Vital-sign rounds per day in hospital. */
  rounds: number;
  /** Most vaccine doses given at one visit. */
  vaccinesPerVisit: number;
}

const PROFILES: Record<HistorySize, Profile> = {
  light: { target: 15, min: 0, perVisit: 9, windowYears: 3, emergency: 0.3, inpatient: 0, rounds: 1, vaccinesPerVisit: 2 },
  typical: { target: 95, min: 0, perVisit: 10, windowYears: 12, emergency: 0.5, inpatient: 0.15, rounds: 1, vaccinesPerVisit: 4 },
  heavy: { target: 600, min: 510, perVisit: 12, windowYears: 25, emergency: 0.6, inpatient: 0.35, rounds: 2, vaccinesPerVisit: 5 },
};

const COVID_START = Date.UTC(2020, 2, 1);
const COVID_VACCINE_START = Date.UTC(2021, 0, 1);
const PENICILLINS = new Set<string>([RX.penicillinV.code, RX.amoxicillin.code, RX.amoxicillinClavulanate.code]);
const AZITHROMYCIN: Drug = {
  code: '308460',
  display: 'azithromycin 250 MG Oral Tablet',
  form: 'tablet',
  route: 'oral',
  perDay: 1,
  courseDays: 5,
};

interface PlannedCondition {
  def: ChronicCondition;
  onset: number;
  urn?: string;
  diagnosedAt?: number;
}

interface PlannedAllergy {
  allergen: Allergen;
  onset: number;
  recorded: boolean;
}

interface ActiveDrug {
  drug: Drug;
  condition: PlannedCondition;
  request: MedicationRequest & { id: string };
  authoredAt: number;
}

interface Visit {
  urn: string;
  start: number;
  end: number;
  practitioner: PractitionerInfo;
  org: OrgInfo;
}

type Kind = 'wellness' | 'followUp' | 'acute' | 'emergency' | 'inpatient';

export interface HistoryInput {
  rnd: Random;
  uuids: UuidSource;
  entries: BundleEntry[];
  patientUrn: string;
  demo: Demographics;
  body: Body;
  now: number;
  size: HistorySize;
}

export function generateClinicalHistory(input: HistoryInput): void {
  new History(input).run();
}

class History {
  private readonly rnd: Random;
  private readonly uuids: UuidSource;
  private readonly entries: BundleEntry[];
  private readonly patient: Reference;
  private readonly demo: Demographics;
  private readonly body: Body;
  private readonly end: number;
  private readonly profile: Profile;
  private readonly chronic: PlannedCondition[] = [];
  private readonly allergies: PlannedAllergy[] = [];
  private readonly drugs: ActiveDrug[] = [];
  private readonly doses = new Map<string, number>();
  private lastFlu = -Infinity;
  private lastTd = -Infinity;

  constructor(private readonly input: HistoryInput) {
    this.rnd = input.rnd;
    this.uuids = input.uuids;
    this.entries = input.entries;
    this.patient = { reference: input.patientUrn };
    this.demo = input.demo;
    this.body = input.body;
    this.end = input.demo.death ?? input.now;
    this.profile = PROFILES[input.size];
  }

  run(): void {
    const { rnd, demo, end, profile, entries } = this;
    this.plan();
    const life = end - demo.birth;
    const windowStart = demo.birth + Math.min(2 * DAY, life / 4);
    const from = Math.max(windowStart, end - profile.windowYears * YEAR);
    const target = profile.target * rnd.range(0.85, 1.15);

    // The last encounter: a check-up, or for a patient who died, the hospital stay they died in.
    const dying = demo.death !== undefined && this.input.size !== 'light';
    const finalStart = dying
      ? Math.max(from, end - rnd.int(2, 9) * DAY - rnd.range(0, 12) * HOUR)
      : Math.max(from, end - rnd.range(1, 150) * DAY);

    // Visits in time order, spaced so that the patient ends near the target size: the
    // gap to the next visit is the time left over the visits still needed (at this
    // patient's average so far), with jitter.
    const before = entries.length;
    let visits = 0;
    let t = from;
    while (visits < 5000) {
      const perVisit = visits > 0 ? (entries.length - before) / visits : profile.perVisit;
      const needed = (target - entries.length) / perVisit - 1; // the final visit is one
      const short = profile.min - entries.length;
      if (needed < 0.5 && short <= 0) break;
      const k = Math.max(needed, short / perVisit, 1);
      t += ((finalStart - t) / (k + 0.5)) * rnd.range(0.3, 1.7);
      if (t >= finalStart) break;
      t = Math.max(t, this.visit(this.chooseKind(t), t, finalStart));
      visits++;
    }
    if (dying) this.inpatient(Math.max(finalStart, t), end, true);
    else this.visit('wellness', Math.max(finalStart, t), end);

    if (demo.death !== undefined) for (const d of this.drugs) d.request.status = 'stopped';
  }

  // --- planning ---

  private plan(): void {
    const { rnd, demo, body, end } = this;
    const ageEnd = (end - demo.birth) / YEAR;
    for (const def of CHRONIC) {
      if (def.onsetAge[0] > ageEnd) continue;
      if (!rnd.chance(def.prevalence(ageEnd, demo.sex))) continue;
      const onsetAge = rnd.range(def.onsetAge[0], Math.min(def.onsetAge[1], ageEnd));
      this.chronic.push({ def, onset: demo.birth + onsetAge * YEAR });
    }
    if (body.adultBmi >= 30 && ageEnd >= 18) {
      this.chronic.push({ def: OBESITY, onset: demo.birth + rnd.range(18, Math.min(45, ageEnd)) * YEAR });
    }
    this.chronic.sort((a, b) => a.onset - b.onset);
    if (ageEnd >= 1 && rnd.chance(0.22)) {
      const count = rnd.chance(0.3) ? 2 : 1;
      for (let i = 0; i < count; i++) {
        const allergen = rnd.pick(ALLERGENS);
        if (this.allergies.some((a) => a.allergen.code === allergen.code)) continue;
        this.allergies.push({ allergen, onset: demo.birth + rnd.range(0.5, Math.min(ageEnd, 30)) * YEAR, recorded: false });
      }
    }
  }

  private chooseKind(t: number): Kind {
    const age = (t - this.demo.birth) / YEAR;
    const followUp = this.chronic.some((c) => c.diagnosedAt !== undefined && c.diagnosedAt < t) ? 3 : 0;
    const inpatient = this.profile.inpatient * (age > 65 ? 2 : 1);
    const kinds: Kind[] = ['wellness', 'acute', 'followUp', 'emergency', 'inpatient'];
    return this.rnd.weighted(kinds, [age < 2 ? 5 : age < 18 ? 3 : 2.5, 2.5, followUp, this.profile.emergency, inpatient]);
  }

  /** Runs one visit from about time t; returns when it ended. */
  private visit(kind: Kind, t: number, limit: number): number {
    switch (kind) {
      case 'wellness':
        return this.wellness(t, limit);
      case 'followUp':
        return this.followUp(t, limit);
      case 'acute':
        return this.acute(t, limit);
      case 'emergency':
        return this.emergency(t, limit);
      case 'inpatient':
        return this.inpatient(t, limit, false);
    }
  }

  // --- state at a time ---

  private age(t: number): number {
    return (t - this.demo.birth) / YEAR;
  }

  private planned(key: ChronicKey): PlannedCondition | undefined {
    return this.chronic.find((c) => c.def.key === key);
  }

  /** 0 none, 1 present untreated, 2 treated for a while. */
  private treatment(key: ChronicKey, t: number): 0 | 1 | 2 {
    const c = this.planned(key);
    if (!c || c.onset > t) return 0;
    return c.diagnosedAt !== undefined && c.def.drugs.length > 0 && c.diagnosedAt + 21 * DAY < t ? 2 : 1;
  }

  private diabetes(t: number): DiabetesState {
    const c = this.planned('diabetes');
    if (!c) return 0;
    if (c.onset > t) return c.onset - t < 4 * YEAR ? 1 : 0;
    return this.treatment('diabetes', t) === 2 ? 3 : 2;
  }

  // --- placing visits in time ---

  /** A start near t: office hours for clinic visits, within [birth, limit - duration]. */
  private place(t: number, duration: number, officeHours: boolean, limit: number): number {
    let start = officeHours ? startOfDay(t) + this.rnd.range(8, 17) * HOUR : t;
    start = Math.floor(start / MINUTE) * MINUTE;
    const earliest = this.demo.birth + HOUR;
    if (start + duration > limit) start = limit - duration - this.rnd.range(1, 60) * MINUTE;
    if (start < earliest) start = earliest;
    return start;
  }

  private newVisit(
    start: number,
    end: number,
    cls: Code,
    type: Code,
    practitioner: PractitionerInfo,
    org: OrgInfo,
    reason: Code,
    hospitalization?: Encounter['hospitalization'],
  ): Visit {
    const id = this.uuids.next();
    const period = { start: dateTime(start), end: dateTime(end) };
    const enc: Encounter & { id: string } = {
      resourceType: 'Encounter',
      id,
      identifier: [resourceIdentifier(id)],
      status: 'finished',
      class: { system: SYSTEM.actCode, code: cls.code, display: cls.display },
      type: [concept(SYSTEM.snomed, type)],
      subject: { reference: this.patient.reference, display: this.demo.display },
      participant: [
        {
          type: [concept(SYSTEM.participationType, PRIMARY_PERFORMER)],
          period: { start: period.start, end: period.end },
          individual: { reference: practitioner.ref, display: practitioner.display },
        },
      ],
      period,
      reasonCode: [concept(SYSTEM.icd10cm, reason)],
      location: [{ location: { reference: org.locationRef, display: org.locationName } }],
      serviceProvider: { reference: org.ref, display: org.name },
    };
    if (hospitalization) enc.hospitalization = hospitalization;
    this.entries.push(postEntry(enc));
    return { urn: `urn:uuid:${id}`, start, end, practitioner, org };
  }

  private clinicPractitioner(): PractitionerInfo {
    const { demo, rnd } = this;
    if (rnd.chance(0.8)) return demo.gp;
    return pickStaff(demo.clinic, ['primary', 'pediatric'], rnd) ?? demo.gp;
  }

  private hospitalPractitioner(works: ('emergency' | 'hospitalist' | 'specialist')[]): PractitionerInfo {
    const h = this.demo.hospital;
    return pickStaff(h, works, this.rnd) ?? pickStaff(h, ['emergency', 'hospitalist', 'specialist', 'primary'], this.rnd) ?? this.demo.gp;
  }

  // --- visits ---

  private wellness(t: number, limit: number): number {
    const { rnd } = this;
    const duration = rnd.range(20, 45) * MINUTE;
    const start = this.place(t, duration, true, limit);
    const age = this.age(start);
    const abnormal = this.chronic.some((c) => c.onset <= start);
    const reason = age < 18 ? ICD.childExam : abnormal ? ICD.adultExamAbnormal : ICD.adultExam;
    const v = this.newVisit(
      start,
      start + duration,
      ENCOUNTER_CLASS.AMB,
      age < 18 ? ENCOUNTER_TYPE.wellChild : ENCOUNTER_TYPE.generalExam,
      this.demo.gp,
      this.demo.clinic,
      reason,
    );
    this.recordAllergies(v);
    this.diagnoseDue(v);
    this.vitals(v, start + rnd.range(1, 6) * MINUTE, {
      height: true,
      weight: true,
      bmi: age >= 2,
      hr: true,
      rr: true,
      bp: age >= 3,
      temp: rnd.chance(0.5),
    });
    if (age >= 18) this.checkupLabs(v, start + rnd.range(8, 14) * MINUTE);
    this.renew(v, undefined);
    this.vaccinate(v, start + rnd.range(15, 19) * MINUTE);
    return v.end;
  }

  private followUp(t: number, limit: number): number {
    const { rnd } = this;
    const diagnosed = this.chronic.filter((c) => c.diagnosedAt !== undefined && c.diagnosedAt < t);
    if (diagnosed.length === 0) return this.wellness(t, limit);
    const condition = rnd.pick(diagnosed);
    const duration = rnd.range(15, 30) * MINUTE;
    const start = this.place(t, duration, true, limit);
    const age = this.age(start);
    const v = this.newVisit(
      start,
      start + duration,
      ENCOUNTER_CLASS.AMB,
      ENCOUNTER_TYPE.followUp,
      this.clinicPractitioner(),
      this.demo.clinic,
      condition.def.code,
    );
    this.recordAllergies(v);
    this.diagnoseDue(v);
    this.vitals(v, start + rnd.range(1, 5) * MINUTE, {
      weight: true,
      hr: true,
      bp: age >= 3,
      rr: rnd.chance(0.5),
      bmi: age >= 18 && rnd.chance(0.5),
      height: false,
      temp: false,
    });
    const labAt = start + rnd.range(6, 12) * MINUTE;
    switch (condition.def.key) {
      case 'diabetes':
        this.lab(v, OBS.hba1c, hba1c(this.body, this.diabetes(labAt), (labAt - (condition.diagnosedAt ?? labAt)) / YEAR), labAt);
        this.lab(v, OBS.glucose, glucose(this.body, this.diabetes(labAt)), labAt);
        break;
      case 'hyperlipidemia':
        this.lipids(v, labAt);
        break;
      case 'anemia':
        this.lab(v, OBS.hemoglobin, hemoglobin(this.body, age, this.treatment('anemia', labAt) === 1), labAt);
        break;
      case 'hypertension':
        if (rnd.chance(0.5)) this.lab(v, OBS.creatinine, creatinine(this.body, age, true), labAt);
        break;
      default:
        break;
    }
    this.renew(v, condition);
    return v.end;
  }

  private acute(t: number, limit: number): number {
    const { rnd, demo } = this;
    const age = this.age(t);
    const options = ACUTE.filter((a) => age >= a.minAge && age <= a.maxAge);
    const cond = rnd.weighted(
      options,
      options.map((a) => a.weight * (demo.sex === 'female' ? (a.femaleFactor ?? 1) : 1)),
    );
    const duration = rnd.range(15, 40) * MINUTE;
    const start = this.place(t, duration, true, limit);
    const urgent = rnd.chance(0.3);
    const v = this.newVisit(
      start,
      start + duration,
      ENCOUNTER_CLASS.AMB,
      urgent ? ENCOUNTER_TYPE.urgentCare : ENCOUNTER_TYPE.symptom,
      this.clinicPractitioner(),
      demo.clinic,
      cond.code,
    );
    this.recordAllergies(v);
    const onset = start - rnd.range(0.5, 4) * DAY;
    const condUrn = this.condition(
      v,
      cond.code,
      Math.max(onset, demo.birth),
      'encounter-diagnosis',
      start + rnd.range(cond.days[0], cond.days[1]) * DAY,
    );
    const fever = !!cond.fever && rnd.chance(0.6);
    this.vitals(v, start + rnd.range(1, 5) * MINUTE, {
      hr: true,
      rr: true,
      temp: true,
      fever,
      bp: this.age(start) >= 3 && rnd.chance(0.7),
      weight: this.age(start) < 12,
      height: false,
      bmi: false,
    });
    if (cond.drug && rnd.chance(cond.drugChance ?? 1)) this.prescribeCourse(v, cond.drug, condUrn, cond.code, 'outpatient');
    this.diagnoseDue(v);
    return v.end;
  }

  private emergency(t: number, limit: number): number {
    const { rnd, demo } = this;
    const age = this.age(t);
    const options = EMERGENCY.filter((e) => age >= e.minAge);
    const reason = rnd.weighted(
      options,
      options.map((e) => e.weight),
    );
    const duration = rnd.range(2, 8) * HOUR;
    const start = this.place(t + rnd.range(0, 24) * HOUR, duration, false, limit);
    const v = this.newVisit(
      start,
      start + duration,
      ENCOUNTER_CLASS.EMER,
      ENCOUNTER_TYPE.emergency,
      this.hospitalPractitioner(['emergency']),
      demo.hospital,
      reason.code,
    );
    const condUrn = this.condition(
      v,
      reason.code,
      start - rnd.range(0, 6) * HOUR,
      'encounter-diagnosis',
      start + rnd.range(reason.days[0], reason.days[1]) * DAY,
    );
    const at = start + rnd.range(5, 20) * MINUTE;
    this.vitals(v, at, { hr: true, rr: true, temp: true, bp: age >= 3, spo2: true, weight: false, height: false, bmi: false });
    const labAt = start + rnd.range(30, 90) * MINUTE;
    this.lab(v, OBS.hemoglobin, hemoglobin(this.body, age, this.treatment('anemia', labAt) === 1), labAt);
    if (rnd.chance(0.7)) this.lab(v, OBS.glucose, glucose(this.body, this.diabetes(labAt)) + rnd.range(0, 20), labAt);
    if (reason.drug && rnd.chance(0.6)) this.prescribeCourse(v, reason.drug, condUrn, reason.code, 'outpatient');
    return v.end;
  }

  private inpatient(t: number, limit: number, dies: boolean): number {
    const { rnd, demo, profile } = this;
    const age = this.age(t);
    const options = ADMISSIONS.filter((a) => age >= a.minAge && (a.code.code !== 'U07.1' || t >= COVID_START));
    const reason = rnd.weighted(
      options,
      options.map(
        (a) => a.weight * (a.riskFrom && this.planned(a.riskFrom)?.onset !== undefined && this.planned(a.riskFrom)!.onset < t ? 4 : 1),
      ),
    );
    let start: number;
    let end: number;
    if (dies) {
      end = limit;
      start = Math.max(t, demo.birth + HOUR);
      if (end - start < 6 * HOUR) start = end - 6 * HOUR;
    } else {
      const stay = rnd.int(reason.stay[0], reason.stay[1]) * DAY + rnd.range(-6, 6) * HOUR;
      start = this.place(t, stay, false, limit);
      end = start + stay;
    }
    const hospitalization: Encounter['hospitalization'] = {
      admitSource: concept(SYSTEM.admitSource, { code: 'emd', display: 'From accident/emergency department' }),
      dischargeDisposition: concept(
        SYSTEM.dischargeDisposition,
        dies ? { code: 'exp', display: 'Expired' } : { code: 'home', display: 'Home' },
      ),
    };
    const v = this.newVisit(
      start,
      end,
      ENCOUNTER_CLASS.IMP,
      ENCOUNTER_TYPE.admission,
      this.hospitalPractitioner(['hospitalist']),
      demo.hospital,
      reason.code,
      hospitalization,
    );
    this.recordAllergies(v);
    const condUrn = this.condition(
      v,
      reason.code,
      start - rnd.range(1, 48) * HOUR,
      'encounter-diagnosis',
      dies ? undefined : end + rnd.range(7, 30) * DAY,
    );
    this.diagnoseDue(v);
    this.vitals(v, start + rnd.range(10, 40) * MINUTE, {
      weight: true,
      height: age < 18,
      bmi: false,
      hr: true,
      rr: true,
      bp: age >= 3,
      temp: true,
      spo2: true,
    });
    const step = DAY / profile.rounds;
    for (let at = start + step; at < end - HOUR; at += step) {
      const roundAt = at + rnd.range(-1, 1) * HOUR;
      this.vitals(v, roundAt, {
        hr: true,
        rr: true,
        temp: true,
        bp: age >= 3,
        spo2: true,
        weight: false,
        height: false,
        bmi: false,
        fever: rnd.chance(0.15),
      });
    }
    for (let day = start + 4 * HOUR; day < end - HOUR; day += DAY) {
      this.lab(v, OBS.hemoglobin, hemoglobin(this.body, age, this.treatment('anemia', day) === 1) - 0.4, day);
      this.lab(v, OBS.glucose, glucose(this.body, this.diabetes(day)) + rnd.range(0, 25), day);
      this.lab(
        v,
        OBS.creatinine,
        creatinine(this.body, age, reason.code.code === 'N17.9' || this.treatment('diabetes', day) > 0) *
          (reason.code.code === 'N17.9' ? 1.8 : 1),
        day,
      );
    }
    if (reason.drug) this.prescribeCourse(v, reason.drug, condUrn, reason.code, 'inpatient');
    return end;
  }

  // --- what visits record ---

  private condition(
    v: Visit,
    code: Code,
    onset: number,
    category: 'problem-list-item' | 'encounter-diagnosis',
    abatement: number | undefined,
  ): string {
    const id = this.uuids.next();
    const resolved = abatement !== undefined && abatement < this.end;
    const cond: Condition & { id: string } = {
      resourceType: 'Condition',
      id,
      identifier: [resourceIdentifier(id)],
      clinicalStatus: concept(
        SYSTEM.conditionClinical,
        resolved ? { code: 'resolved', display: 'Resolved' } : { code: 'active', display: 'Active' },
      ),
      verificationStatus: concept(SYSTEM.conditionVerification, { code: 'confirmed', display: 'Confirmed' }),
      category: [
        concept(
          SYSTEM.conditionCategory,
          category === 'problem-list-item'
            ? { code: 'problem-list-item', display: 'Problem List Item' }
            : { code: 'encounter-diagnosis', display: 'Encounter Diagnosis' },
        ),
      ],
      code: concept(SYSTEM.icd10cm, code),
      subject: { reference: this.patient.reference },
      encounter: { reference: v.urn },
      onsetDateTime: dateTime(Math.min(onset, v.start)),
    };
    if (resolved) cond.abatementDateTime = dateTime(abatement);
    cond.recordedDate = dateTime(v.start);
    cond.recorder = { reference: v.practitioner.ref, display: v.practitioner.display };
    this.entries.push(postEntry(cond));
    return `urn:uuid:${id}`;
  }

  /** Diagnoses every planned chronic condition that has begun, and starts its drugs. */
  private diagnoseDue(v: Visit): void {
    for (const c of this.chronic) {
      if (c.diagnosedAt !== undefined || c.onset > v.start) continue;
      c.diagnosedAt = v.start;
      c.urn = this.condition(v, c.def.code, c.onset, 'problem-list-item', undefined);
      c.def.drugs.forEach((drug, i) => {
        if (i > 0 && !this.rnd.chance(0.4)) return;
        if (
          this.age(v.start) < 12 &&
          drug !== RX.albuterol &&
          drug !== RX.fluticasone &&
          drug !== RX.ferrousSulfate &&
          drug !== RX.loratadine
        )
          return;
        const request = this.medicationRequest(v, drug, c.urn!, c.def.code, 'active', 'community', undefined);
        this.drugs.push({ drug, condition: c, request, authoredAt: v.start });
      });
    }
  }

  /** Renews the long-term prescriptions (all, or those of one condition) that are due. */
  private renew(v: Visit, only: PlannedCondition | undefined): void {
    for (const d of this.drugs) {
      if (only && d.condition !== only) continue;
      if (d.request.status !== 'active' || v.start - d.authoredAt < 120 * DAY || !this.rnd.chance(0.85)) continue;
      d.request.status = 'completed';
      d.request = this.medicationRequest(
        v,
        d.drug,
        d.condition.urn!,
        d.condition.def.code,
        'active',
        'community',
        `urn:uuid:${d.request.id}`,
      );
      d.authoredAt = v.start;
    }
  }

  private prescribeCourse(v: Visit, drug: Drug, condUrn: string, reason: Code, category: 'inpatient' | 'outpatient'): void {
    const penicillinAllergy = this.allergies.some((a) => a.recorded && a.allergen.code === '91936005');
    const chosen = penicillinAllergy && PENICILLINS.has(drug.code) ? AZITHROMYCIN : drug;
    const courseEnd = v.start + (chosen.courseDays ?? 10) * DAY;
    const status = category === 'inpatient' || courseEnd < this.end ? 'completed' : 'active';
    this.medicationRequest(v, chosen, condUrn, reason, status, category, undefined);
  }

  private medicationRequest(
    v: Visit,
    drug: Drug,
    condUrn: string,
    reason: Code,
    status: 'active' | 'completed',
    category: 'inpatient' | 'outpatient' | 'community',
    prior: string | undefined,
  ): MedicationRequest & { id: string } {
    const id = this.uuids.next();
    const dose = drug.form === 'puff' ? 2 : 1;
    const unit = dose === 1 ? drug.form : `${drug.form}s`;
    const how = drug.route === 'oral' ? 'by mouth' : 'inhaled';
    const often = drug.perDay === 1 ? 'once a day' : drug.perDay === 2 ? 'twice a day' : `${drug.perDay} times a day`;
    const repeat: NonNullable<NonNullable<MedicationRequest['dosageInstruction']>[number]['timing']>['repeat'] = {
      frequency: drug.perDay,
      period: 1,
      periodUnit: 'd',
    };
    if (drug.courseDays) repeat.boundsDuration = { value: drug.courseDays, unit: 'days', system: SYSTEM.ucum, code: 'd' };
    const req: MedicationRequest & { id: string } = {
      resourceType: 'MedicationRequest',
      id,
      identifier: [resourceIdentifier(id)],
      status,
      intent: 'order',
      category: [
        concept(
          SYSTEM.medicationRequestCategory,
          category === 'inpatient'
            ? { code: 'inpatient', display: 'Inpatient' }
            : category === 'outpatient'
              ? { code: 'outpatient', display: 'Outpatient' }
              : { code: 'community', display: 'Community' },
        ),
      ],
      medicationCodeableConcept: concept(SYSTEM.rxnorm, drug),
      subject: { reference: this.patient.reference },
      encounter: { reference: v.urn },
      authoredOn: dateTime(v.start + 5 * MINUTE),
      requester: { reference: v.practitioner.ref, display: v.practitioner.display },
      reasonReference: [{ reference: condUrn, display: reason.display }],
      dosageInstruction: [
        {
          sequence: 1,
          text: `${dose} ${unit} ${how} ${often}${drug.asNeeded ? ' as needed' : ''}`,
          timing: { repeat },
          asNeededBoolean: !!drug.asNeeded,
          route: concept(SYSTEM.snomed, ROUTE[drug.route]),
          doseAndRate: [
            { type: concept(SYSTEM.doseRateType, { code: 'ordered', display: 'Ordered' }), doseQuantity: { value: dose, unit } },
          ],
        },
      ],
    };
    if (prior) req.priorPrescription = { reference: prior };
    if (!drug.courseDays && category === 'community') {
      req.dispenseRequest = {
        numberOfRepeatsAllowed: 3,
        quantity: { value: 30 * drug.perDay * dose, unit },
        expectedSupplyDuration: { value: 30, unit: 'days', system: SYSTEM.ucum, code: 'd' },
      };
    }
    this.entries.push(postEntry(req));
    return req;
  }

  private recordAllergies(v: Visit): void {
    for (const a of this.allergies) {
      if (a.recorded || a.onset > v.start) continue;
      a.recorded = true;
      const id = this.uuids.next();
      const severity = a.allergen.criticality === 'high' ? 'severe' : this.rnd.chance(0.6) ? 'mild' : 'moderate';
      const reaction =
        a.allergen.criticality === 'high' && this.rnd.chance(0.5)
          ? REACTIONS[3]!
          : this.rnd.pick(REACTIONS.filter((r) => r.code !== '39579001'));
      const allergy: AllergyIntolerance & { id: string } = {
        resourceType: 'AllergyIntolerance',
        id,
        identifier: [resourceIdentifier(id)],
        clinicalStatus: concept(SYSTEM.allergyClinical, { code: 'active', display: 'Active' }),
        verificationStatus: concept(SYSTEM.allergyVerification, { code: 'confirmed', display: 'Confirmed' }),
        type: 'allergy',
        category: [a.allergen.category],
        criticality: a.allergen.criticality,
        code: concept(SYSTEM.snomed, a.allergen),
        patient: { reference: this.patient.reference },
        encounter: { reference: v.urn },
        onsetDateTime: dateTime(Math.min(a.onset, v.start)),
        recordedDate: dateTime(v.start),
        recorder: { reference: v.practitioner.ref, display: v.practitioner.display },
        reaction: [{ manifestation: [concept(SYSTEM.snomed, reaction)], severity }],
      };
      this.entries.push(postEntry(allergy));
    }
  }

  // --- observations ---

  private observation(
    v: Visit,
    code: ObservationCode | Code,
    category: ObservationCode['category'],
    at: number,
  ): Observation & { id: string } {
    const id = this.uuids.next();
    const cat = OBSERVATION_CATEGORY[category];
    const effective = Math.min(Math.max(at, v.start), v.end);
    return {
      resourceType: 'Observation',
      id,
      identifier: [resourceIdentifier(id)],
      status: 'final',
      category: [{ coding: [{ system: SYSTEM.observationCategory, code: cat.code, display: cat.display }] }],
      code: concept(SYSTEM.loinc, code),
      subject: { reference: this.patient.reference },
      encounter: { reference: v.urn },
      effectiveDateTime: dateTime(effective),
      issued: instant(effective + (category === 'laboratory' ? 2 * HOUR : MINUTE)),
    };
  }

  private quantity(code: ObservationCode, value: number): Observation['valueQuantity'] {
    return { value: round(value, code.decimals), unit: code.unit, system: SYSTEM.ucum, code: code.unit };
  }

  private measure(v: Visit, code: ObservationCode, value: number, at: number): void {
    const obs = this.observation(v, code, code.category, at);
    obs.valueQuantity = this.quantity(code, value);
    this.entries.push(postEntry(obs));
  }

  private lab(v: Visit, code: ObservationCode, value: number, at: number): void {
    this.measure(v, code, value * (1 + this.rnd.normal(0, 0.03)), at);
  }

  private vitals(
    v: Visit,
    at: number,
    which: {
      height: boolean;
      weight: boolean;
      bmi: boolean;
      hr: boolean;
      rr: boolean;
      bp: boolean;
      temp: boolean;
      spo2?: boolean;
      fever?: boolean;
    },
  ): void {
    const { rnd, body } = this;
    const age = this.age(at);
    const height = heightAt(body, age) + rnd.normal(0, 0.4);
    const bmi = bmiAt(body, age) + rnd.normal(0, 0.3);
    const weight = bmi * (height / 100) ** 2;
    const fever = !!which.fever;
    if (which.height) this.measure(v, OBS.bodyHeight, height, at);
    if (which.weight) this.measure(v, OBS.bodyWeight, weight, at);
    if (which.bmi) this.measure(v, OBS.bmi, weight / (round(height, 1) / 100) ** 2, at);
    if (which.hr) this.measure(v, OBS.heartRate, heartRate(body, age) + rnd.normal(0, 4) + (fever ? 14 : 0), at);
    if (which.rr) this.measure(v, OBS.respiratoryRate, respiratoryRate(age) + rnd.normal(0, 1.5) + (fever ? 3 : 0), at);
    if (which.temp) this.measure(v, OBS.bodyTemperature, fever ? rnd.range(38.1, 39.6) : rnd.normal(36.8, 0.2), at);
    if (which.spo2) this.measure(v, OBS.oxygenSaturation, Math.min(100, rnd.normal(fever ? 94 : 97.5, 1)), at);
    if (which.bp) {
      const [s, d] = bloodPressure(body, age, this.treatment('hypertension', at));
      const obs = this.observation(v, BLOOD_PRESSURE_PANEL, 'vital-signs', at);
      obs.component = [
        { code: concept(SYSTEM.loinc, OBS.systolic), valueQuantity: this.quantity(OBS.systolic, s + rnd.normal(0, 5)) },
        { code: concept(SYSTEM.loinc, OBS.diastolic), valueQuantity: this.quantity(OBS.diastolic, d + rnd.normal(0, 3)) },
      ];
      this.entries.push(postEntry(obs));
    }
  }

  private lipids(v: Visit, at: number): void {
    const lipids = this.treatment('hyperlipidemia', at);
    this.lab(v, OBS.cholesterol, cholesterol(this.body, this.age(at), lipids), at);
    this.lab(v, OBS.hdl, hdl(this.body), at);
    this.lab(v, OBS.triglycerides, triglycerides(this.body, lipids), at);
  }

  private checkupLabs(v: Visit, at: number): void {
    const { rnd, body } = this;
    const age = this.age(at);
    const lipidRisk = this.planned('hyperlipidemia')?.onset ?? Infinity;
    if (rnd.chance(lipidRisk <= at ? 0.8 : 0.35)) this.lipids(v, at);
    const diabetes = this.diabetes(at);
    if (rnd.chance(0.5)) this.lab(v, OBS.glucose, glucose(body, diabetes), at);
    if (diabetes > 0 ? rnd.chance(0.8) : age >= 45 && rnd.chance(0.2)) {
      const since = this.planned('diabetes')?.diagnosedAt ?? at;
      this.lab(v, OBS.hba1c, hba1c(body, diabetes, (at - since) / YEAR), at);
    }
    const anemia = this.treatment('anemia', at);
    if (rnd.chance(anemia > 0 ? 0.8 : 0.3)) this.lab(v, OBS.hemoglobin, hemoglobin(body, age, anemia === 1), at);
    const kidneyRisk = this.treatment('diabetes', at) > 0 || this.treatment('hypertension', at) > 0;
    if (rnd.chance(kidneyRisk ? 0.6 : 0.2)) this.lab(v, OBS.creatinine, creatinine(body, age, kidneyRisk), at);
  }

  // --- immunizations ---

  private vaccinate(v: Visit, at: number): void {
    const { rnd } = this;
    const age = this.age(at);
    const months = age * 12;
    const due: Code[] = [];
    const dose = (c: Code) => this.doses.get(c.code) ?? 0;
    const want = (c: Code, max: number, ok: boolean) => {
      if (ok && dose(c) < max) due.push(c);
    };
    if (age < 18) {
      want(CVX.hepBPediatric, 3, true);
      want(CVX.rotavirus, 2, months >= 2 && months < 8);
      want(CVX.dtap, 5, months >= 2 && (dose(CVX.dtap) < 4 || age >= 4));
      want(CVX.ipv, 4, months >= 2 && (dose(CVX.ipv) < 3 || age >= 4));
      want(CVX.hib, 3, months >= 2 && age < 5);
      want(CVX.pcv13, 4, months >= 2 && age < 5);
      want(CVX.mmr, 2, months >= 12 && (dose(CVX.mmr) < 1 || age >= 4));
      want(CVX.varicella, 2, months >= 12 && (dose(CVX.varicella) < 1 || age >= 4));
      want(CVX.hepAPediatric, 2, months >= 12 && age < 3);
      want(CVX.tdap, 1, age >= 11);
      want(CVX.hpv, 2, age >= 11);
      want(CVX.meningococcal, 1, age >= 11);
    } else {
      if (at - this.lastTd > 10 * YEAR && rnd.chance(0.4)) due.push(CVX.td);
      want(CVX.ppsv23, 1, age >= 65 && rnd.chance(0.6));
      want(CVX.zoster, 1, age >= 60 && rnd.chance(0.4));
      want(CVX.covid, 1, at >= COVID_VACCINE_START && rnd.chance(0.5));
    }
    if (months >= 6 && at - this.lastFlu > 300 * DAY && rnd.chance(0.6)) due.push(CVX.influenza);
    for (const c of due.slice(0, this.profile.vaccinesPerVisit)) {
      this.doses.set(c.code, dose(c) + 1);
      if (c === CVX.influenza) this.lastFlu = at;
      if (c === CVX.td) this.lastTd = at;
      const id = this.uuids.next();
      const imm: Immunization & { id: string } = {
        resourceType: 'Immunization',
        id,
        identifier: [resourceIdentifier(id)],
        status: 'completed',
        vaccineCode: concept(SYSTEM.cvx, c),
        patient: { reference: this.patient.reference },
        encounter: { reference: v.urn },
        occurrenceDateTime: dateTime(Math.min(at, v.end)),
        primarySource: true,
        location: { reference: v.org.locationRef, display: v.org.locationName },
        performer: [
          {
            function: concept(SYSTEM.performerFunction, { code: 'AP', display: 'Administering Provider' }),
            actor: { reference: v.practitioner.ref, display: v.practitioner.display },
          },
        ],
      };
      this.entries.push(postEntry(imm));
    }
  }
}
