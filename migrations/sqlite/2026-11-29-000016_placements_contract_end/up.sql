-- A referral reads the bookings of its contract that hold a seat during its period
-- (seats::store::seated_within: end_date >= from, start_date <= to). With only
-- placements_contract_idx (contract, status, start) the whole past of the contract was read to
-- filter on end_date; this index starts at the period.
CREATE INDEX placements_contract_end_idx ON placements (contract_id, end_date);
