-- The care-relationship check's second probe (is this practitioner a participant of this
-- CareTeam, Encounter or Appointment?) is planned once per connection for any practitioner
-- (a generic plan). That plan may take the reverse index, the smaller one, and with only
-- (target_type, target_id) in it, it read every reference to the practitioner (one per
-- patient on their care teams) on every read of a patient's record. With the resource id
-- as its last column, either index answers the probe with one lookup; lookups of what
-- references a resource use the first two columns as before.
DROP INDEX IF EXISTS sp_reference_reverse_idx;
CREATE INDEX sp_reference_reverse_idx ON sp_reference (target_type, target_id, resource_id);
