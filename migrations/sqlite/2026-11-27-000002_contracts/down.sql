DROP TABLE contract_events;
DROP TABLE contract_versions;
DROP TABLE contracts;
