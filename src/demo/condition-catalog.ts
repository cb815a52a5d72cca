/**
 * Which conditions the demo population gets, how often, from what age, and what they
 * are treated with. Rough, plausible shares (not epidemiology): enough to make a
 * chart look like a chart.
 */
import { ICD, RX, type Code, type Drug } from './codes.ts';
import type { Sex } from './names.ts';

export type ChronicKey =
  | 'hypertension'
  | 'hyperlipidemia'
  | 'diabetes'
  | 'obesity'
  | 'asthma'
  | 'anxiety'
  | 'depression'
  | 'gerd'
  | 'hypothyroidism'
  | 'coronaryDisease'
  | 'copd'
  | 'allergicRhinitis'
  | 'migraine'
  | 'anemia'
  | 'vitaminD';

export interface ChronicCondition {
  key: ChronicKey;
  code: Code;
  /** Chance to have it by the given age. */
  prevalence: (age: number, sex: Sex) => number;
  onsetAge: readonly [number, number];
  /** Drugs started at diagnosis (first always; the others each with chance 0.5). */
  drugs: readonly Drug[];
}

const ramp = (age: number, from: number, to: number, max: number) => (age <= from ? 0 : Math.min(1, (age - from) / (to - from)) * max);

export const CHRONIC: readonly ChronicCondition[] = [
  {
    key: 'hypertension',
    code: ICD.hypertension,
    prevalence: (a) => ramp(a, 28, 80, 0.6),
    onsetAge: [30, 80],
    drugs: [RX.lisinopril, RX.amlodipine, RX.hydrochlorothiazide],
  },
  {
    key: 'hyperlipidemia',
    code: ICD.hyperlipidemia,
    prevalence: (a) => ramp(a, 30, 75, 0.45),
    onsetAge: [32, 80],
    drugs: [RX.atorvastatin, RX.simvastatin],
  },
  { key: 'diabetes', code: ICD.diabetes, prevalence: (a) => ramp(a, 30, 75, 0.25), onsetAge: [32, 78], drugs: [RX.metformin] },
  { key: 'asthma', code: ICD.asthma, prevalence: (a) => (a >= 3 ? 0.08 : 0), onsetAge: [3, 35], drugs: [RX.albuterol, RX.fluticasone] },
  {
    key: 'anxiety',
    code: ICD.anxiety,
    prevalence: (a, s) => (a >= 14 ? (s === 'female' ? 0.09 : 0.05) : 0),
    onsetAge: [14, 55],
    drugs: [RX.sertraline],
  },
  {
    key: 'depression',
    code: ICD.depression,
    prevalence: (a, s) => (a >= 14 ? (s === 'female' ? 0.08 : 0.05) : 0),
    onsetAge: [14, 70],
    drugs: [RX.fluoxetine],
  },
  { key: 'gerd', code: ICD.gerd, prevalence: (a) => ramp(a, 20, 60, 0.15), onsetAge: [22, 75], drugs: [] },
  {
    key: 'hypothyroidism',
    code: ICD.hypothyroidism,
    prevalence: (a, s) => ramp(a, 25, 70, s === 'female' ? 0.1 : 0.03),
    onsetAge: [25, 75],
    drugs: [RX.levothyroxine],
  },
  {
    key: 'coronaryDisease',
    code: ICD.coronaryDisease,
    prevalence: (a, s) => ramp(a, 45, 85, s === 'male' ? 0.2 : 0.12),
    onsetAge: [45, 85],
    drugs: [RX.aspirin, RX.metoprolol, RX.clopidogrel],
  },
  { key: 'copd', code: ICD.copd, prevalence: (a) => ramp(a, 45, 80, 0.1), onsetAge: [45, 80], drugs: [RX.albuterol] },
  {
    key: 'allergicRhinitis',
    code: ICD.allergicRhinitis,
    prevalence: (a) => (a >= 4 ? 0.1 : 0),
    onsetAge: [4, 40],
    drugs: [RX.loratadine, RX.cetirizine],
  },
  {
    key: 'migraine',
    code: ICD.migraine,
    prevalence: (a, s) => (a >= 12 ? (s === 'female' ? 0.1 : 0.04) : 0),
    onsetAge: [12, 50],
    drugs: [RX.naproxen],
  },
  {
    key: 'anemia',
    code: ICD.anemia,
    prevalence: (_age, s) => (s === 'female' ? 0.06 : 0.02),
    onsetAge: [1, 90],
    drugs: [RX.ferrousSulfate],
  },
  { key: 'vitaminD', code: ICD.vitaminD, prevalence: (a) => (a >= 18 ? 0.05 : 0), onsetAge: [18, 90], drugs: [] },
];

/** Obesity is not drawn: it follows from the patient's BMI (see clinical-history.ts). */
export const OBESITY: ChronicCondition = { key: 'obesity', code: ICD.obesity, prevalence: () => 0, onsetAge: [18, 60], drugs: [] };

export interface AcuteCondition {
  code: Code;
  minAge: number;
  maxAge: number;
  weight: number;
  /** Weight multiplier for females (UTI). */
  femaleFactor?: number;
  drug?: Drug;
  drugChance?: number;
  /** Days until resolved. */
  days: readonly [number, number];
  fever?: boolean;
}

export const ACUTE: readonly AcuteCondition[] = [
  { code: ICD.uri, minAge: 0, maxAge: 120, weight: 5, drug: RX.acetaminophen, drugChance: 0.5, days: [5, 14], fever: true },
  { code: ICD.pharyngitis, minAge: 3, maxAge: 70, weight: 2, drug: RX.penicillinV, drugChance: 0.6, days: [5, 10], fever: true },
  { code: ICD.bronchitis, minAge: 2, maxAge: 120, weight: 2, drug: RX.acetaminophen, drugChance: 0.4, days: [10, 21], fever: true },
  { code: ICD.otitisMedia, minAge: 0, maxAge: 12, weight: 4, drug: RX.amoxicillin, drugChance: 0.8, days: [7, 14], fever: true },
  { code: ICD.uti, minAge: 12, maxAge: 120, weight: 1, femaleFactor: 4, drug: RX.nitrofurantoin, drugChance: 0.9, days: [5, 10] },
  { code: ICD.sinusitis, minAge: 5, maxAge: 120, weight: 2, drug: RX.amoxicillinClavulanate, drugChance: 0.5, days: [10, 28] },
  { code: ICD.gastroenteritis, minAge: 0, maxAge: 120, weight: 1.5, days: [2, 7], fever: true },
  { code: ICD.ankleSprain, minAge: 8, maxAge: 65, weight: 1, drug: RX.ibuprofen, drugChance: 0.7, days: [14, 42] },
  { code: ICD.lowBackPain, minAge: 20, maxAge: 120, weight: 2.5, drug: RX.ibuprofen, drugChance: 0.6, days: [14, 60] },
  { code: ICD.viralInfection, minAge: 0, maxAge: 120, weight: 2, drug: RX.acetaminophen, drugChance: 0.4, days: [4, 10], fever: true },
  { code: ICD.dermatitis, minAge: 0, maxAge: 120, weight: 1, days: [10, 40] },
  { code: ICD.headache, minAge: 6, maxAge: 120, weight: 1, drug: RX.acetaminophen, drugChance: 0.6, days: [1, 5] },
];

export interface EmergencyReason {
  code: Code;
  minAge: number;
  weight: number;
  drug?: Drug;
  days: readonly [number, number];
}

export const EMERGENCY: readonly EmergencyReason[] = [
  { code: ICD.chestPain, minAge: 25, weight: 3, drug: RX.aspirin, days: [1, 3] },
  { code: ICD.abdominalPain, minAge: 3, weight: 3, drug: RX.acetaminophen, days: [1, 7] },
  { code: ICD.headInjury, minAge: 0, weight: 2, drug: RX.acetaminophen, days: [3, 14] },
  { code: ICD.wristFracture, minAge: 4, weight: 1.5, drug: RX.ibuprofen, days: [42, 70] },
  { code: ICD.syncope, minAge: 12, weight: 1, days: [1, 2] },
  { code: ICD.ankleSprain, minAge: 8, weight: 1.5, drug: RX.ibuprofen, days: [14, 42] },
  { code: ICD.gastroenteritis, minAge: 0, weight: 1.5, days: [2, 7] },
];

export interface AdmissionReason {
  code: Code;
  minAge: number;
  weight: number;
  drug?: Drug;
  /** Length of stay in days. */
  stay: readonly [number, number];
  /** Chronic condition that makes it more likely (x4). */
  riskFrom?: ChronicKey;
}

export const ADMISSIONS: readonly AdmissionReason[] = [
  { code: ICD.pneumonia, minAge: 0, weight: 3, drug: RX.amoxicillinClavulanate, stay: [2, 6] },
  { code: ICD.appendicitis, minAge: 5, weight: 1.5, drug: RX.acetaminophen, stay: [1, 3] },
  { code: ICD.myocardialInfarction, minAge: 40, weight: 1, drug: RX.clopidogrel, stay: [3, 7], riskFrom: 'coronaryDisease' },
  { code: ICD.heartFailure, minAge: 50, weight: 1, stay: [3, 8], riskFrom: 'hypertension' },
  { code: ICD.kidneyFailure, minAge: 40, weight: 0.7, stay: [2, 6], riskFrom: 'diabetes' },
  { code: ICD.copdExacerbation, minAge: 45, weight: 1, drug: RX.albuterol, stay: [2, 5], riskFrom: 'copd' },
  { code: ICD.covid, minAge: 0, weight: 1, drug: RX.acetaminophen, stay: [3, 10] },
];
