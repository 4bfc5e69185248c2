-- The rules as the law and the campaign define them (#18).

-- When the self-support follow-up may be recorded is one rule parameter,
-- follow_up_weeks_after_end, read by the placement and the due list; the campaign's own
-- copy had no effect (#18.5).
ALTER TABLE campaigns DROP COLUMN followup_weeks;

-- Approved weeks are frozen (#18.11): approving a week stores the rate of each of its entries
-- and the week's minutes and amount; payments read what was stored, so nothing approved
-- changes price. NULL on rows approved before this migration (they are read at the rate of
-- their day, which no later amendment can change: an amendment cannot take effect on or
-- before the last approved week).
ALTER TABLE hour_entries ADD COLUMN rate_ore INTEGER;
ALTER TABLE hour_weeks ADD COLUMN approved_minutes INTEGER;
ALTER TABLE hour_weeks ADD COLUMN approved_amount_ore INTEGER;

-- Mål 1 counts the target group as it was at referral (#18.8): the placement keeps the person's
-- benefit and match group as they were when referred, and so do its months, so a later
-- reassessment does not change what a month counted. The campaign says which benefits and
-- match group make its target group.
ALTER TABLE placements ADD COLUMN benefit_at_referral TEXT NOT NULL DEFAULT '';
ALTER TABLE placements ADD COLUMN match_group_at_referral INTEGER NOT NULL DEFAULT 0;
UPDATE placements SET
    benefit_at_referral = (SELECT c.benefit FROM candidates c WHERE c.id = placements.candidate_id),
    match_group_at_referral = (SELECT c.match_group FROM candidates c WHERE c.id = placements.candidate_id);
ALTER TABLE placement_months ADD COLUMN benefit TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_months ADD COLUMN match_group INTEGER NOT NULL DEFAULT 0;
UPDATE placement_months SET
    benefit = (SELECT p.benefit_at_referral FROM placements p WHERE p.id = placement_months.placement_id),
    match_group = (SELECT p.match_group_at_referral FROM placements p WHERE p.id = placement_months.placement_id);
CREATE INDEX placement_months_target_idx
    ON placement_months (month, match_group, benefit, jobcenter_id, candidate_id);
ALTER TABLE campaigns ADD COLUMN target_benefits TEXT NOT NULL DEFAULT 'kontanthjaelp,starthjaelp';
ALTER TABLE campaigns ADD COLUMN target_match_group INTEGER NOT NULL DEFAULT 2;

-- Durations by the person's situation (#18.2, LAB § 44 as in 2009–2011): virksomhedspraktik
-- 4 weeks, 13 for kontant- and starthjælp recipients in match group 2 or 3; beyond that only by
-- an extension with a recorded concrete assessment, up to 26 weeks in all. Løntilskud by the
-- employer's sector. Stays of one person at one company with less than 4 weeks between them
-- count as one.
DELETE FROM rule_params WHERE key IN ('praktik_max_weeks_kontanthjaelp', 'loentilskud_max_weeks');
INSERT INTO rule_params (key, effective_from, value) VALUES
    ('praktik_max_weeks_matchgroup_2_3', '2009-01-01', 13),
    ('praktik_max_weeks_with_assessment', '2009-01-01', 26),
    ('loentilskud_max_weeks_private', '2009-01-01', 52),
    ('loentilskud_max_weeks_public', '2009-01-01', 26),
    ('same_stay_gap_weeks', '2009-01-01', 4);
