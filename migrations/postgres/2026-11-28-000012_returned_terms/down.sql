ALTER TABLE contract_versions DROP COLUMN returned_terms;
