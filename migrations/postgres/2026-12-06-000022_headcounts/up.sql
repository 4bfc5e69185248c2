-- The rimelighedskrav (#18.1) is judged on a worksite's ordinary employees as declared, with
-- the date the value is in force from. The history is kept: a new declaration adds a row.
-- p_number '' is the company as a whole (a company without worksites).
CREATE TABLE headcounts (
    company_id TEXT NOT NULL REFERENCES companies (id),
    p_number TEXT NOT NULL,
    effective_from DATE NOT NULL,
    ordinary_employees INTEGER NOT NULL CHECK (ordinary_employees >= 0),
    declared_by TEXT,
    declared_at TIMESTAMP NOT NULL,
    PRIMARY KEY (company_id, p_number, effective_from)
);

-- What is declared today, in force since always (the date it was declared was not kept).
INSERT INTO headcounts (company_id, p_number, effective_from, ordinary_employees, declared_by, declared_at)
SELECT id, '', DATE '1900-01-01', ordinary_employees, NULL, created_at FROM companies;
INSERT INTO headcounts (company_id, p_number, effective_from, ordinary_employees, declared_by, declared_at)
SELECT company_id, p_number, DATE '1900-01-01', ordinary_employees, NULL, created_at FROM worksites;

-- The ratio's numbers (BEK § 65, today's form): max(1, floor(min(E,50)/5)) + floor(max(E-50,0)/10).
INSERT INTO rule_params (key, effective_from, value) VALUES
    ('ratio_minimum', '2009-01-01', 1),
    ('ratio_first_employees', '2009-01-01', 50),
    ('ratio_first_per', '2009-01-01', 5),
    ('ratio_beyond_per', '2009-01-01', 10);
