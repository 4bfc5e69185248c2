-- The terms as the company saw them when it last asked for changes, so the resent version can
-- show what the consultant changed since.
ALTER TABLE contract_versions ADD COLUMN returned_terms TEXT;
