DELETE FROM mail_outbox WHERE kind IN ('agreement_sent', 'agreement_answered', 'no_show', 'week_reopened');
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (kind IN ('contract_sent', 'amendment_sent', 'changes_requested',
        'contract_accepted', 'contract_ending', 'contract_terminated', 'week_rejected',
        'week_submitted', 'moved_up', 'follow_up_due', 'referral_cancelled', 'week_reminder', 'invitation',
        'digest'));
DROP TABLE attendance;
DROP TABLE agreement_versions;
DROP TABLE placement_agreements;
