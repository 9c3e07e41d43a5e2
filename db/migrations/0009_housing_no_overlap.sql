-- A unit (or one bed of a shared room) is never occupied twice on one day: live leases, services'
-- short stays and maintenance blocks share this table, and their day ranges may not overlap per
-- unit and bed. Half-open ranges, so a lease may start the day the previous one ends.
ALTER TABLE housing_occupancies
  ADD CONSTRAINT housing_occupancies_no_overlap
  EXCLUDE USING gist (unit_id WITH =, bed_no WITH =, during WITH &&)
  WHERE (status IN ('held', 'active'));
