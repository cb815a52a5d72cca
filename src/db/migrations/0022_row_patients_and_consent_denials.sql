-- The patients each resource belongs to, on its own row (src/access/row-patients.ts): the
-- Patient references of its Patient-compartment parameters, and a Patient's own id. Every
-- access check reads them there instead of probing the reference index three times per row.
-- The types and parameters are the official R4 Patient CompartmentDefinition's
-- (src/access/compartment.ts; a test keeps this list and that one the same).
ALTER TABLE resource ADD COLUMN patient_ids text[] NOT NULL DEFAULT '{}';

UPDATE resource r
   SET patient_ids = ARRAY(SELECT DISTINCT x.target_id COLLATE "C" FROM sp_reference x
                            WHERE x.resource_type = r.resource_type AND x.resource_id = r.id AND x.param = ANY(c.params)
                              AND x.target_type = 'Patient' AND x.target_id IS NOT NULL
                            ORDER BY 1)
  FROM (VALUES
  ('Account', ARRAY['subject']),
  ('AdverseEvent', ARRAY['subject']),
  ('AllergyIntolerance', ARRAY['patient', 'recorder', 'asserter']),
  ('Appointment', ARRAY['actor']),
  ('AppointmentResponse', ARRAY['actor']),
  ('AuditEvent', ARRAY['patient']),
  ('Basic', ARRAY['patient', 'author']),
  ('BodyStructure', ARRAY['patient']),
  ('CarePlan', ARRAY['patient', 'performer']),
  ('CareTeam', ARRAY['patient', 'participant']),
  ('ChargeItem', ARRAY['subject']),
  ('Claim', ARRAY['patient', 'payee']),
  ('ClaimResponse', ARRAY['patient']),
  ('ClinicalImpression', ARRAY['subject']),
  ('Communication', ARRAY['subject', 'sender', 'recipient']),
  ('CommunicationRequest', ARRAY['subject', 'sender', 'recipient', 'requester']),
  ('Composition', ARRAY['subject', 'author', 'attester']),
  ('Condition', ARRAY['patient', 'asserter']),
  ('Consent', ARRAY['patient']),
  ('Coverage', ARRAY['policy-holder', 'subscriber', 'beneficiary', 'payor']),
  ('CoverageEligibilityRequest', ARRAY['patient']),
  ('CoverageEligibilityResponse', ARRAY['patient']),
  ('DetectedIssue', ARRAY['patient']),
  ('DeviceRequest', ARRAY['subject', 'performer']),
  ('DeviceUseStatement', ARRAY['subject']),
  ('DiagnosticReport', ARRAY['subject']),
  ('DocumentManifest', ARRAY['subject', 'author', 'recipient']),
  ('DocumentReference', ARRAY['subject', 'author']),
  ('Encounter', ARRAY['subject']),
  ('EnrollmentRequest', ARRAY['subject']),
  ('EpisodeOfCare', ARRAY['patient']),
  ('ExplanationOfBenefit', ARRAY['patient', 'payee']),
  ('FamilyMemberHistory', ARRAY['patient']),
  ('Flag', ARRAY['patient']),
  ('Goal', ARRAY['patient']),
  ('Group', ARRAY['member']),
  ('ImagingStudy', ARRAY['patient']),
  ('Immunization', ARRAY['patient']),
  ('ImmunizationEvaluation', ARRAY['patient']),
  ('ImmunizationRecommendation', ARRAY['patient']),
  ('Invoice', ARRAY['subject', 'patient', 'recipient']),
  ('List', ARRAY['subject', 'source']),
  ('MeasureReport', ARRAY['patient']),
  ('Media', ARRAY['subject']),
  ('MedicationAdministration', ARRAY['patient', 'performer', 'subject']),
  ('MedicationDispense', ARRAY['subject', 'patient', 'receiver']),
  ('MedicationRequest', ARRAY['subject']),
  ('MedicationStatement', ARRAY['subject']),
  ('MolecularSequence', ARRAY['patient']),
  ('NutritionOrder', ARRAY['patient']),
  ('Observation', ARRAY['subject', 'performer']),
  ('Person', ARRAY['patient']),
  ('Procedure', ARRAY['patient', 'performer']),
  ('Provenance', ARRAY['patient']),
  ('QuestionnaireResponse', ARRAY['subject', 'author']),
  ('RelatedPerson', ARRAY['patient']),
  ('RequestGroup', ARRAY['subject', 'participant']),
  ('ResearchSubject', ARRAY['individual']),
  ('RiskAssessment', ARRAY['subject']),
  ('Schedule', ARRAY['actor']),
  ('ServiceRequest', ARRAY['subject', 'performer']),
  ('Specimen', ARRAY['subject']),
  ('SupplyDelivery', ARRAY['patient']),
  ('SupplyRequest', ARRAY['subject']),
  ('Task', ARRAY['patient', 'focus']),
  ('VisionPrescription', ARRAY['patient'])
) AS c(resource_type, params)
 WHERE r.resource_type = c.resource_type
   AND EXISTS (SELECT 1 FROM sp_reference x WHERE x.resource_type = r.resource_type AND x.resource_id = r.id AND x.param = ANY(c.params)
                 AND x.target_type = 'Patient' AND x.target_id IS NOT NULL);

UPDATE resource r
   SET patient_ids = ARRAY[r.id] || ARRAY(SELECT DISTINCT x.target_id COLLATE "C" FROM sp_reference x
                                          WHERE x.resource_type = 'Patient' AND x.resource_id = r.id AND x.param = 'link'
                                            AND x.target_type = 'Patient' AND x.target_id IS NOT NULL AND x.target_id <> r.id
                                          ORDER BY 1)
 WHERE r.resource_type = 'Patient';

-- Consents that deny access (src/access/consent-deny-rows.ts): one row per patient and
-- Practitioner or Organization actor of a live, active Consent whose provision denies, or
-- one without an actor when the Consent names none. Kept with the Consent's index rows.
CREATE TABLE hale_consent_deny (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text NOT NULL,
  actor_type text,
  actor_id text
);

INSERT INTO hale_consent_deny (resource_type, resource_id, patient_id, actor_type, actor_id)
SELECT DISTINCT 'Consent', c.id, p.target_id, a.target_type, a.target_id
FROM resource c
JOIN sp_reference p ON p.resource_type = 'Consent' AND p.resource_id = c.id AND p.param = 'patient'
  AND p.target_type = 'Patient' AND p.target_id IS NOT NULL
LEFT JOIN sp_reference a ON a.resource_type = 'Consent' AND a.resource_id = c.id AND a.param = 'actor'
WHERE c.resource_type = 'Consent' AND NOT c.deleted
  AND (c.content::jsonb -> 'provision' ->> 'type') = 'deny'
  AND EXISTS (SELECT 1 FROM sp_token s WHERE s.resource_type = 'Consent' AND s.resource_id = c.id AND s.param = 'status' AND s.code = 'active')
  AND (a.resource_id IS NULL OR (a.target_type IN ('Practitioner', 'Organization') AND a.target_id IS NOT NULL));

CREATE INDEX hale_consent_deny_patient_idx ON hale_consent_deny (patient_id);
CREATE INDEX hale_consent_deny_resource_idx ON hale_consent_deny (resource_type, resource_id);
ANALYZE hale_consent_deny;
