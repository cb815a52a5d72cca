-- Care relationships as pairs (src/access/care-link-rows.ts): one row per practitioner (or
-- organization) and patient that a CareTeam, Encounter, Appointment or the Patient itself
-- links, kept with the resource's search index rows. A clinician's access check becomes one
-- probe of the first index; the second serves replacing and deleting a resource's rows.
CREATE TABLE hale_care_link (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  actor_type text NOT NULL,
  actor_id text NOT NULL,
  patient_id text NOT NULL,
  kind text NOT NULL
);

-- The links of the live resources stored so far, from their reference index rows: the same
-- pairs careLinkRows() derives on write.
INSERT INTO hale_care_link (resource_type, resource_id, actor_type, actor_id, patient_id, kind)
SELECT DISTINCT b.resource_type, b.resource_id, 'Practitioner', a.target_id, b.target_id, k.kind
FROM (VALUES ('CareTeam', 'subject', 'participant', 'care-team'),
             ('Encounter', 'subject', 'participant', 'encounter'),
             ('Appointment', 'actor', 'actor', 'appointment')) AS k(resource_type, patient_param, actor_param, kind)
JOIN sp_reference b ON b.resource_type = k.resource_type AND b.param = k.patient_param AND b.target_type = 'Patient'
JOIN sp_reference a ON a.resource_type = b.resource_type AND a.resource_id = b.resource_id
  AND a.param = k.actor_param AND a.target_type = 'Practitioner'
WHERE b.target_id IS NOT NULL AND a.target_id IS NOT NULL;

INSERT INTO hale_care_link (resource_type, resource_id, actor_type, actor_id, patient_id, kind)
SELECT DISTINCT 'Patient', g.resource_id, g.target_type, g.target_id, g.resource_id,
       CASE g.param WHEN 'general-practitioner' THEN 'care-team' ELSE 'organization' END
FROM sp_reference g
WHERE g.resource_type = 'Patient' AND g.target_id IS NOT NULL
  AND ((g.param = 'general-practitioner' AND g.target_type = 'Practitioner')
    OR (g.param = 'organization' AND g.target_type = 'Organization'));

-- Patient data that names no patient (src/access/care-link-rows.ts isPatientless): a
-- clinician's search that starts from their patients adds these, which the role table alone
-- governs. The types and parameters are the official R4 Patient CompartmentDefinition's
-- (src/access/compartment.ts; a test keeps the two the same).
CREATE TABLE hale_patientless (
  resource_type text NOT NULL,
  resource_id text NOT NULL
);

INSERT INTO hale_patientless (resource_type, resource_id)
SELECT r.resource_type, r.id
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
JOIN resource r ON r.resource_type = c.resource_type AND NOT r.deleted
WHERE NOT EXISTS (SELECT 1 FROM sp_reference x WHERE x.resource_type = r.resource_type AND x.resource_id = r.id
                    AND x.param = ANY(c.params) AND x.target_type = 'Patient' AND x.target_id IS NOT NULL);

CREATE INDEX hale_patientless_idx ON hale_patientless (resource_type, resource_id);
CREATE INDEX hale_care_link_actor_idx ON hale_care_link (actor_id, actor_type, patient_id, kind);
CREATE INDEX hale_care_link_resource_idx ON hale_care_link (resource_type, resource_id);
ANALYZE hale_care_link;
ANALYZE hale_patientless;
