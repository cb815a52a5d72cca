/**
 * The codes the demo data uses: LOINC observations with UCUM units, ICD-10-CM
 * diagnoses, RxNorm drugs, CVX vaccines, SNOMED CT encounter types and allergens,
 * and the HL7 code systems of the required bindings. Codes and displays are the
 * published ones (checked against the ICD-10-CM FY2026 order file, the RxNorm and
 * LOINC codes Synthea emits, and the R4 code systems); the lists are Hale's own picks.
 */
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';

export const SYSTEM = {
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  bcp47: 'urn:ietf:bcp:47',
  nucc: 'http://nucc.org/provider-taxonomy',
  orgId: 'https://hale.example/org-id',
  resourceId: 'https://hale.example/resource-id',
  mrn: 'https://hale.example/mrn',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  maritalStatus: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  degree: 'http://terminology.hl7.org/CodeSystem/v2-0360/2.7',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  practitionerRole: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  admitSource: 'http://terminology.hl7.org/CodeSystem/admit-source',
  doseRateType: 'http://terminology.hl7.org/CodeSystem/dose-rate-type',
  medicationRequestCategory: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
  performerFunction: 'http://terminology.hl7.org/CodeSystem/v2-0443',
} as const;

export interface Code {
  code: string;
  display: string;
}

export function coding(system: string, c: Code): Coding {
  return { system, code: c.code, display: c.display };
}

export function concept(system: string, c: Code, text = c.display): CodeableConcept {
  return { coding: [{ system, code: c.code, display: c.display }], text };
}

// --- Observations (LOINC, UCUM) ---

export interface ObservationCode extends Code {
  unit: string; // UCUM
  category: 'vital-signs' | 'laboratory';
  decimals: number;
}

export const OBS = {
  heartRate: { code: '8867-4', display: 'Heart rate', unit: '/min', category: 'vital-signs', decimals: 0 },
  respiratoryRate: { code: '9279-1', display: 'Respiratory rate', unit: '/min', category: 'vital-signs', decimals: 0 },
  bodyTemperature: { code: '8310-5', display: 'Body temperature', unit: 'Cel', category: 'vital-signs', decimals: 1 },
  bodyWeight: { code: '29463-7', display: 'Body weight', unit: 'kg', category: 'vital-signs', decimals: 1 },
  bodyHeight: { code: '8302-2', display: 'Body height', unit: 'cm', category: 'vital-signs', decimals: 1 },
  bmi: { code: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2', category: 'vital-signs', decimals: 1 },
  oxygenSaturation: {
    code: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
    category: 'vital-signs',
    decimals: 0,
  },
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', category: 'vital-signs', decimals: 0 },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', category: 'vital-signs', decimals: 0 },
  glucose: { code: '2339-0', display: 'Glucose [Mass/volume] in Blood', unit: 'mg/dL', category: 'laboratory', decimals: 0 },
  hba1c: { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', category: 'laboratory', decimals: 1 },
  cholesterol: {
    code: '2093-3',
    display: 'Cholesterol [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 0,
  },
  hdl: {
    code: '2085-9',
    display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 0,
  },
  triglycerides: {
    code: '2571-8',
    display: 'Triglyceride [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 0,
  },
  hemoglobin: { code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL', category: 'laboratory', decimals: 1 },
  creatinine: {
    code: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    category: 'laboratory',
    decimals: 2,
  },
} as const satisfies Record<string, ObservationCode>;

export const BLOOD_PRESSURE_PANEL: Code = { code: '85354-9', display: 'Blood pressure panel with all children optional' };

export const OBSERVATION_CATEGORY: Record<ObservationCode['category'], Code> = {
  'vital-signs': { code: 'vital-signs', display: 'Vital Signs' },
  laboratory: { code: 'laboratory', display: 'Laboratory' },
};

// --- Encounters (v3 ActCode class, SNOMED CT type) ---

export const ENCOUNTER_CLASS = {
  AMB: { code: 'AMB', display: 'ambulatory' },
  EMER: { code: 'EMER', display: 'emergency' },
  IMP: { code: 'IMP', display: 'inpatient encounter' },
} as const;

export const ENCOUNTER_TYPE = {
  wellChild: { code: '410620009', display: 'Well child visit (procedure)' },
  generalExam: { code: '162673000', display: 'General examination of patient (procedure)' },
  problem: { code: '185347001', display: 'Encounter for problem (procedure)' },
  followUp: { code: '390906007', display: 'Follow-up encounter (procedure)' },
  symptom: { code: '185345009', display: 'Encounter for symptom (procedure)' },
  urgentCare: { code: '702927004', display: 'Urgent care clinic (procedure)' },
  emergency: { code: '50849002', display: 'Emergency room admission (procedure)' },
  admission: { code: '32485007', display: 'Hospital admission (procedure)' },
} as const;

export const PRIMARY_PERFORMER: Code = { code: 'PPRF', display: 'primary performer' };

// --- Diagnoses (ICD-10-CM) ---

export const ICD = {
  diabetes: { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  hypertension: { code: 'I10', display: 'Essential (primary) hypertension' },
  asthma: { code: 'J45.909', display: 'Unspecified asthma, uncomplicated' },
  hyperlipidemia: { code: 'E78.5', display: 'Hyperlipidemia, unspecified' },
  lowBackPain: { code: 'M54.50', display: 'Low back pain, unspecified' },
  anxiety: { code: 'F41.1', display: 'Generalized anxiety disorder' },
  uri: { code: 'J06.9', display: 'Acute upper respiratory infection, unspecified' },
  gerd: { code: 'K21.9', display: 'Gastro-esophageal reflux disease without esophagitis' },
  uti: { code: 'N39.0', display: 'Urinary tract infection, site not specified' },
  obesity: { code: 'E66.9', display: 'Obesity, unspecified' },
  pharyngitis: { code: 'J02.9', display: 'Acute pharyngitis, unspecified' },
  bronchitis: { code: 'J20.9', display: 'Acute bronchitis, unspecified' },
  otitisMedia: { code: 'H66.90', display: 'Otitis media, unspecified, unspecified ear' },
  sinusitis: { code: 'J01.90', display: 'Acute sinusitis, unspecified' },
  gastroenteritis: { code: 'A09', display: 'Infectious gastroenteritis and colitis, unspecified' },
  ankleSprain: { code: 'S93.401A', display: 'Sprain of unspecified ligament of right ankle, initial encounter' },
  viralInfection: { code: 'B34.9', display: 'Viral infection, unspecified' },
  dermatitis: { code: 'L30.9', display: 'Dermatitis, unspecified' },
  headache: { code: 'R51.9', display: 'Headache, unspecified' },
  chestPain: { code: 'R07.9', display: 'Chest pain, unspecified' },
  abdominalPain: { code: 'R10.30', display: 'Lower abdominal pain, unspecified' },
  syncope: { code: 'R55', display: 'Syncope and collapse' },
  headInjury: { code: 'S09.90XA', display: 'Unspecified injury of head, initial encounter' },
  wristFracture: {
    code: 'S52.501A',
    display: 'Unspecified fracture of the lower end of right radius, initial encounter for closed fracture',
  },
  hypothyroidism: { code: 'E03.9', display: 'Hypothyroidism, unspecified' },
  coronaryDisease: { code: 'I25.10', display: 'Atherosclerotic heart disease of native coronary artery without angina pectoris' },
  copd: { code: 'J44.9', display: 'Chronic obstructive pulmonary disease, unspecified' },
  migraine: { code: 'G43.909', display: 'Migraine, unspecified, not intractable, without status migrainosus' },
  anemia: { code: 'D64.9', display: 'Anemia, unspecified' },
  depression: { code: 'F32.A', display: 'Depression, unspecified' },
  allergicRhinitis: { code: 'J30.1', display: 'Allergic rhinitis due to pollen' },
  vitaminD: { code: 'E55.9', display: 'Vitamin D deficiency, unspecified' },
  pneumonia: { code: 'J18.9', display: 'Pneumonia, unspecified organism' },
  myocardialInfarction: { code: 'I21.9', display: 'Acute myocardial infarction, unspecified' },
  kidneyFailure: { code: 'N17.9', display: 'Acute kidney failure, unspecified' },
  appendicitis: { code: 'K35.80', display: 'Unspecified acute appendicitis' },
  heartFailure: { code: 'I50.9', display: 'Heart failure, unspecified' },
  copdExacerbation: { code: 'J44.1', display: 'Chronic obstructive pulmonary disease with (acute) exacerbation' },
  covid: { code: 'U07.1', display: 'COVID-19' },
  adultExam: { code: 'Z00.00', display: 'Encounter for general adult medical examination without abnormal findings' },
  adultExamAbnormal: { code: 'Z00.01', display: 'Encounter for general adult medical examination with abnormal findings' },
  childExam: { code: 'Z00.129', display: 'Encounter for routine child health examination without abnormal findings' },
} as const satisfies Record<string, Code>;

// --- Drugs (RxNorm) ---

export interface Drug extends Code {
  /** What one dose is: "tablet", "capsule", "puff". */
  form: 'tablet' | 'capsule' | 'puff';
  route: 'oral' | 'inhaled';
  perDay: number;
  asNeeded?: boolean;
  /** Days a course lasts (acute drugs); chronic drugs run until stopped. */
  courseDays?: number;
}

export const RX = {
  metformin: {
    code: '860975',
    display: '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet',
    form: 'tablet',
    route: 'oral',
    perDay: 1,
  },
  lisinopril: { code: '314076', display: 'lisinopril 10 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  amlodipine: { code: '197361', display: 'amlodipine 5 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  hydrochlorothiazide: { code: '310798', display: 'hydrochlorothiazide 25 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  atorvastatin: { code: '617312', display: 'atorvastatin 10 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  simvastatin: { code: '312961', display: 'simvastatin 20 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  albuterol: {
    code: '745679',
    display: '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler',
    form: 'puff',
    route: 'inhaled',
    perDay: 4,
    asNeeded: true,
  },
  fluticasone: {
    code: '895994',
    display: '120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler',
    form: 'puff',
    route: 'inhaled',
    perDay: 2,
  },
  acetaminophen: {
    code: '313782',
    display: 'acetaminophen 325 MG Oral Tablet',
    form: 'tablet',
    route: 'oral',
    perDay: 4,
    asNeeded: true,
    courseDays: 7,
  },
  ibuprofen: {
    code: '310965',
    display: 'ibuprofen 200 MG Oral Tablet',
    form: 'tablet',
    route: 'oral',
    perDay: 3,
    asNeeded: true,
    courseDays: 10,
  },
  naproxen: { code: '198014', display: 'naproxen 500 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 2, courseDays: 14 },
  amoxicillin: { code: '308182', display: 'amoxicillin 250 MG Oral Capsule', form: 'capsule', route: 'oral', perDay: 3, courseDays: 10 },
  amoxicillinClavulanate: {
    code: '562251',
    display: 'amoxicillin 250 MG / clavulanate 125 MG Oral Tablet',
    form: 'tablet',
    route: 'oral',
    perDay: 3,
    courseDays: 10,
  },
  penicillinV: {
    code: '834061',
    display: 'penicillin V potassium 250 MG Oral Tablet',
    form: 'tablet',
    route: 'oral',
    perDay: 4,
    courseDays: 10,
  },
  nitrofurantoin: {
    code: '311995',
    display: 'nitrofurantoin, macrocrystals 50 MG Oral Capsule',
    form: 'capsule',
    route: 'oral',
    perDay: 4,
    courseDays: 7,
  },
  sertraline: { code: '312938', display: 'sertraline 100 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  fluoxetine: { code: '310385', display: 'fluoxetine 20 MG Oral Capsule', form: 'capsule', route: 'oral', perDay: 1 },
  levothyroxine: { code: '966222', display: 'levothyroxine sodium 0.075 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  aspirin: { code: '243670', display: 'aspirin 81 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  clopidogrel: { code: '309362', display: 'clopidogrel 75 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  metoprolol: {
    code: '866412',
    display: '24 HR metoprolol succinate 100 MG Extended Release Oral Tablet',
    form: 'tablet',
    route: 'oral',
    perDay: 1,
  },
  ferrousSulfate: { code: '310325', display: 'ferrous sulfate 325 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  loratadine: { code: '311372', display: 'loratadine 10 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
  cetirizine: { code: '1014678', display: 'cetirizine hydrochloride 10 MG Oral Tablet', form: 'tablet', route: 'oral', perDay: 1 },
} as const satisfies Record<string, Drug>;

export const ROUTE: Record<Drug['route'], Code> = {
  oral: { code: '26643006', display: 'Oral route' },
  inhaled: { code: '447694001', display: 'Respiratory tract route' },
};

// --- Vaccines (CVX) ---

export const CVX = {
  influenza: { code: '140', display: 'Influenza, seasonal, injectable, preservative free' },
  hepBPediatric: { code: '08', display: 'Hep B, adolescent or pediatric' },
  dtap: { code: '20', display: 'DTaP' },
  ipv: { code: '10', display: 'IPV' },
  hib: { code: '49', display: 'Hib (PRP-OMP)' },
  pcv13: { code: '133', display: 'Pneumococcal conjugate PCV 13' },
  rotavirus: { code: '119', display: 'rotavirus, monovalent' },
  mmr: { code: '03', display: 'MMR' },
  varicella: { code: '21', display: 'varicella' },
  hepAPediatric: { code: '83', display: 'Hep A, ped/adol, 2 dose' },
  tdap: { code: '115', display: 'Tdap' },
  hpv: { code: '62', display: 'HPV, quadrivalent' },
  meningococcal: { code: '114', display: 'meningococcal MCV4P' },
  td: { code: '113', display: 'Td (adult) preservative free' },
  ppsv23: { code: '33', display: 'pneumococcal polysaccharide vaccine, 23 valent' },
  zoster: { code: '121', display: 'zoster vaccine, live' },
  covid: { code: '208', display: 'SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose' },
} as const satisfies Record<string, Code>;

// --- Allergies (SNOMED CT) ---

export interface Allergen extends Code {
  category: 'food' | 'medication' | 'environment' | 'biologic';
  criticality: 'low' | 'high' | 'unable-to-assess';
}

export const ALLERGENS: readonly Allergen[] = [
  { code: '91936005', display: 'Allergy to penicillin (finding)', category: 'medication', criticality: 'high' },
  { code: '91935009', display: 'Allergy to peanuts', category: 'food', criticality: 'high' },
  { code: '91934008', display: 'Allergy to nut', category: 'food', criticality: 'high' },
  { code: '417532002', display: 'Allergy to fish', category: 'food', criticality: 'low' },
  { code: '300913006', display: 'Shellfish allergy', category: 'food', criticality: 'high' },
  { code: '91930004', display: 'Allergy to eggs', category: 'food', criticality: 'low' },
  { code: '424213003', display: 'Allergy to bee venom', category: 'environment', criticality: 'high' },
  { code: '300916003', display: 'Latex allergy', category: 'environment', criticality: 'unable-to-assess' },
  { code: '232347008', display: 'Dander (animal) allergy', category: 'environment', criticality: 'low' },
  { code: '418689008', display: 'Allergy to grass pollen', category: 'environment', criticality: 'low' },
  { code: '419263009', display: 'Allergy to tree pollen', category: 'environment', criticality: 'low' },
  { code: '232350006', display: 'House dust mite allergy', category: 'environment', criticality: 'low' },
  { code: '419474003', display: 'Allergy to mould', category: 'environment', criticality: 'low' },
];

export const REACTIONS: readonly Code[] = [
  { code: '247472004', display: 'Wheal (finding)' },
  { code: '271807003', display: 'Eruption of skin (disorder)' },
  { code: '267036007', display: 'Dyspnea (finding)' },
  { code: '39579001', display: 'Anaphylaxis (disorder)' },
  { code: '76067001', display: 'Sneezing (finding)' },
  { code: '418290006', display: 'Itching (finding)' },
];

// --- People and places ---

export const MARITAL_STATUS = {
  S: { code: 'S', display: 'Never Married' },
  M: { code: 'M', display: 'Married' },
  D: { code: 'D', display: 'Divorced' },
  W: { code: 'W', display: 'Widowed' },
  L: { code: 'L', display: 'Legally Separated' },
  T: { code: 'T', display: 'Domestic partner' },
} as const satisfies Record<string, Code>;

export const MRN_TYPE: Code = { code: 'MR', display: 'Medical Record Number' };

export interface Specialty extends Code {
  /** What the practitioner does in the demo population. */
  work: 'primary' | 'pediatric' | 'emergency' | 'hospitalist' | 'specialist' | 'nurse';
  degree: Code;
  role: Code;
}

const MD: Code = { code: 'MD', display: 'Doctor of Medicine' };
const DO: Code = { code: 'DO', display: 'Doctor of Osteopathy' };
const NP: Code = { code: 'NP', display: 'Nurse practitioner' };
const DOCTOR: Code = { code: 'doctor', display: 'Doctor' };
const NURSE: Code = { code: 'nurse', display: 'Nurse' };

export const SPECIALTIES = {
  familyMedicine: { code: '207Q00000X', display: 'Family Medicine Physician', work: 'primary', degree: MD, role: DOCTOR },
  internalMedicine: { code: '207R00000X', display: 'Internal Medicine Physician', work: 'primary', degree: MD, role: DOCTOR },
  generalPractice: { code: '208D00000X', display: 'General Practice Physician', work: 'primary', degree: DO, role: DOCTOR },
  pediatrics: { code: '208000000X', display: 'Pediatrics Physician', work: 'pediatric', degree: MD, role: DOCTOR },
  familyNursePractitioner: { code: '363LF0000X', display: 'Family Nurse Practitioner', work: 'primary', degree: NP, role: NURSE },
  emergencyMedicine: { code: '207P00000X', display: 'Emergency Medicine Physician', work: 'emergency', degree: MD, role: DOCTOR },
  hospitalist: { code: '208M00000X', display: 'Hospitalist Physician', work: 'hospitalist', degree: MD, role: DOCTOR },
  cardiology: { code: '207RC0000X', display: 'Cardiovascular Disease Physician', work: 'specialist', degree: MD, role: DOCTOR },
  endocrinology: {
    code: '207RE0101X',
    display: 'Endocrinology, Diabetes & Metabolism Physician',
    work: 'specialist',
    degree: MD,
    role: DOCTOR,
  },
  pulmonology: { code: '207RP1001X', display: 'Pulmonary Disease Physician', work: 'specialist', degree: DO, role: DOCTOR },
} as const satisfies Record<string, Specialty>;
