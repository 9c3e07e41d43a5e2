-- A whole resource (a stage, the LED volume, a camera kit) can never be booked twice for
-- overlapping time: live bookings' ranges, buffers included, may not overlap per resource.
-- Half-open ranges, so back-to-back bookings are fine.
ALTER TABLE service_bookings
  ADD CONSTRAINT service_bookings_no_overlap
  EXCLUDE USING gist (resource_id WITH =, during WITH &&)
  WHERE (status IN ('held', 'confirmed'));
