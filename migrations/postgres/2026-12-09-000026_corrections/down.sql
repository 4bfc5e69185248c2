DROP TABLE payment_export_lines;
DROP TABLE payment_exports;
DELETE FROM hour_week_events WHERE action = 'reopened';
ALTER TABLE hour_week_events DROP CONSTRAINT hour_week_events_action_check;
ALTER TABLE hour_week_events ADD CONSTRAINT hour_week_events_action_check
    CHECK (action IN ('submit', 'approved', 'rejected'));
