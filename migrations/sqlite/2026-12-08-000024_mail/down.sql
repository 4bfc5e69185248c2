DROP TABLE mail_schedule_runs;
DROP TABLE mail_preferences;
DROP TABLE mail_outbox;
