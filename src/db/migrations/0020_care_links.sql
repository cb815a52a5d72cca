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

CREATE INDEX hale_care_link_actor_idx ON hale_care_link (actor_id, actor_type, patient_id, kind);
CREATE INDEX hale_care_link_resource_idx ON hale_care_link (resource_type, resource_id);
ANALYZE hale_care_link;
