DELETE FROM rule_params WHERE key IN ('praktik_max_weeks_matchgroup_2_3',
    'praktik_max_weeks_with_assessment', 'loentilskud_max_weeks_private',
    'loentilskud_max_weeks_public', 'same_stay_gap_weeks');
INSERT INTO rule_params (key, effective_from, value) VALUES
    ('praktik_max_weeks_kontanthjaelp', '2009-01-01', 13),
    ('loentilskud_max_weeks', '2009-01-01', 52);
ALTER TABLE campaigns DROP COLUMN target_match_group;
ALTER TABLE campaigns DROP COLUMN target_benefits;
DROP INDEX placement_months_target_idx;
ALTER TABLE placement_months DROP COLUMN match_group;
ALTER TABLE placement_months DROP COLUMN benefit;
ALTER TABLE placements DROP COLUMN match_group_at_referral;
ALTER TABLE placements DROP COLUMN benefit_at_referral;
ALTER TABLE hour_weeks DROP COLUMN approved_amount_ore;
ALTER TABLE hour_weeks DROP COLUMN approved_minutes;
ALTER TABLE hour_entries DROP COLUMN rate_ore;
ALTER TABLE campaigns ADD COLUMN followup_weeks INTEGER NOT NULL DEFAULT 4;
