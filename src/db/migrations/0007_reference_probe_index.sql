-- Care-relationship checks join two references of one resource (a CareTeam's subject and
-- its participant). With the resource id as the index's last column, the second probe is
-- one index lookup instead of a scan of every CareTeam the practitioner is on.
DROP INDEX IF EXISTS sp_reference_target_idx;
CREATE INDEX sp_reference_target_idx ON sp_reference (resource_type, param, target_id, target_type, resource_id);
