-- SQLite's own guard against double booking (PostgreSQL has the exclusion constraint
-- placements_no_double_booking): no two occupying placements on the same seat of a contract on
-- overlapping days.
CREATE TRIGGER placements_no_double_booking_insert
BEFORE INSERT ON placements
WHEN NEW.status IN ('placed', 'ended')
BEGIN
    SELECT RAISE(ABORT, 'placements_no_double_booking: conflicting key value violates exclusion constraint')
    WHERE EXISTS (
        SELECT 1 FROM placements p
        WHERE p.contract_id = NEW.contract_id AND p.seat_no = NEW.seat_no AND p.id <> NEW.id
          AND p.status IN ('placed', 'ended')
          AND p.start_date <= NEW.end_date AND NEW.start_date <= p.end_date
    );
END;

CREATE TRIGGER placements_no_double_booking_update
BEFORE UPDATE OF status, seat_no, start_date, end_date ON placements
WHEN NEW.status IN ('placed', 'ended')
BEGIN
    SELECT RAISE(ABORT, 'placements_no_double_booking: conflicting key value violates exclusion constraint')
    WHERE EXISTS (
        SELECT 1 FROM placements p
        WHERE p.contract_id = NEW.contract_id AND p.seat_no = NEW.seat_no AND p.id <> NEW.id
          AND p.status IN ('placed', 'ended')
          AND p.start_date <= NEW.end_date AND NEW.start_date <= p.end_date
    );
END;
