/**
 * Plausible vital signs and lab values for a person at a given age: children grow,
 * adults gain weight and blood pressure with the years, and conditions move the values
 * (raised until treated, nearer normal after). Each person has fixed offsets of their
 * own, so one patient's values drift smoothly instead of jumping between visits.
 */
import type { Random } from './random.ts';
import type { Sex } from './names.ts';

export interface Body {
  sex: Sex;
  /** Height percentile as a z-score. */
  heightZ: number;
  /** BMI at 25 years of age. */
  adultBmi: number;
  hr: number;
  sbp: number;
  dbp: number;
  chol: number;
  glucose: number;
  hgb: number;
}

export function drawBody(rnd: Random, sex: Sex): Body {
  const obese = rnd.chance(0.3);
  return {
    sex,
    heightZ: rnd.normal(0, 1),
    adultBmi: obese ? rnd.range(30.5, 40) : rnd.normal(24, 2.6),
    hr: rnd.normal(0, 6),
    sbp: rnd.normal(0, 7),
    dbp: rnd.normal(0, 5),
    chol: rnd.normal(0, 18),
    glucose: rnd.normal(0, 6),
    hgb: rnd.normal(0, 0.7),
  };
}

// Median height (cm) by age (years), boys and girls; adults after 18.
const HEIGHT_AGES = [0, 0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18];
const HEIGHT_MALE = [50, 68, 76, 87, 96, 103, 110, 116, 128, 139, 150, 164, 173, 176];
const HEIGHT_FEMALE = [49, 66, 74, 86, 95, 102, 109, 115, 127, 138, 151, 160, 162, 163];
// Median BMI by age for children.
const BMI_AGES = [0, 0.5, 1, 2, 5, 8, 12, 15, 18];
const BMI_CHILD = [13.4, 17.2, 17.2, 16.4, 15.4, 15.8, 18.0, 20.0, 21.5];

function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (x <= xs[0]!) return ys[0]!;
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]!) {
      const f = (x - xs[i - 1]!) / (xs[i]! - xs[i - 1]!);
      return ys[i - 1]! + f * (ys[i]! - ys[i - 1]!);
    }
  }
  return ys[ys.length - 1]!;
}

export function heightAt(b: Body, age: number): number {
  const median = interpolate(HEIGHT_AGES, b.sex === 'male' ? HEIGHT_MALE : HEIGHT_FEMALE, age);
  const shrink = age > 60 ? (age - 60) * 0.12 : 0;
  return median * (1 + 0.04 * b.heightZ) - shrink;
}

export function bmiAt(b: Body, age: number): number {
  if (age < 18) {
    const child = interpolate(BMI_AGES, BMI_CHILD, age);
    // Children destined for obesity drift upwards from school age.
    return child + (b.adultBmi > 30 && age > 6 ? (age - 6) * 0.35 : 0) + (b.adultBmi - 24) * 0.05;
  }
  const gain = age < 60 ? (Math.min(age, 60) - 25) * 0.09 : 35 * 0.09 - (age - 60) * 0.06;
  return Math.max(16.5, b.adultBmi + gain);
}

export function heartRate(b: Body, age: number): number {
  const base = age < 1 ? 130 : age < 3 ? 112 : age < 6 ? 100 : age < 12 ? 88 : age < 18 ? 78 : 72;
  return base + b.hr;
}

export function respiratoryRate(age: number): number {
  return age < 1 ? 38 : age < 3 ? 28 : age < 6 ? 23 : age < 12 ? 19 : 15;
}

/** Systolic and diastolic at an age; `hypertension`: 0 none, 1 untreated, 2 treated. */
export function bloodPressure(b: Body, age: number, hypertension: 0 | 1 | 2): [number, number] {
  let s: number;
  let d: number;
  if (age < 18) {
    s = 88 + Math.min(age, 17) * 1.8;
    d = 52 + Math.min(age, 17) * 1.1;
  } else {
    s = 112 + (age - 18) * 0.42;
    d = 72 + Math.min(age - 18, 40) * 0.18 - Math.max(0, age - 60) * 0.15;
  }
  if (hypertension === 1) {
    s += 24;
    d += 12;
  } else if (hypertension === 2) {
    s += 8;
    d += 4;
  }
  return [s + b.sbp, d + b.dbp];
}

/** 0 none, 1 before diagnosis (prediabetes), 2 untreated, 3 treated. */
export type DiabetesState = 0 | 1 | 2 | 3;

export function glucose(b: Body, state: DiabetesState): number {
  return [90, 108, 175, 138][state]! + b.glucose * (state >= 2 ? 3 : 1);
}

export function hba1c(b: Body, state: DiabetesState, yearsTreated: number): number {
  if (state === 3) return Math.max(6.3, 8.4 - Math.min(yearsTreated, 3) * 0.45) + b.glucose * 0.05;
  return [5.2, 6.0, 8.6, 7.2][state]! + b.glucose * 0.03;
}

/** `lipids`: 0 none, 1 untreated hyperlipidemia, 2 treated. */
export function cholesterol(b: Body, age: number, lipids: 0 | 1 | 2): number {
  const base = age < 18 ? 160 : 170 + Math.min(age - 18, 45) * 0.7;
  return base + b.chol + [0, 65, 12][lipids]!;
}

export function hdl(b: Body): number {
  return (b.sex === 'female' ? 58 : 48) - b.chol * 0.1 - (b.adultBmi - 24) * 0.6;
}

export function triglycerides(b: Body, lipids: 0 | 1 | 2): number {
  return 110 + (b.adultBmi - 24) * 5 + b.chol * 0.5 + [0, 90, 25][lipids]!;
}

export function hemoglobin(b: Body, age: number, anemic: boolean): number {
  const base = age < 12 ? 12.4 : b.sex === 'male' ? 15.0 : 13.4;
  return base + b.hgb - (anemic ? 2.8 : 0);
}

export function creatinine(b: Body, age: number, kidneyRisk: boolean): number {
  const base = age < 12 ? 0.45 : b.sex === 'male' ? 0.95 : 0.75;
  return base + Math.max(0, age - 50) * 0.006 + (kidneyRisk ? 0.25 : 0) + b.hgb * 0.03;
}

export function round(x: number, decimals: number): number {
  const f = decimals === 0 ? 1 : decimals === 1 ? 10 : decimals === 2 ? 100 : 10 ** decimals;
  return Math.round(x * f) / f;
}
