//! The seat book of one contract: capacity per day (from the accepted versions in force), the
//! placements on their seats and the waiting list. Pure and deterministic, so the service applies
//! every change through it and a property test can compare it with a day-by-day model.
//!
//! Invariant: no two occupying placements share a seat on a day, and every occupying placement's
//! seat number is within the capacity of every day of its period.

use chrono::{Duration, NaiveDate};

/// Seats from a date on (the accepted version in force from `from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub from: NaiveDate,
    pub seats: i32,
}

/// Capacity per day: the steps (sorted by date) inside the contract's period; 0 outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capacity {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub steps: Vec<Step>,
}

impl Capacity {
    pub fn on(&self, day: NaiveDate) -> i32 {
        if day < self.start || day > self.end {
            return 0;
        }
        self.steps
            .iter()
            .rev()
            .find(|s| s.from <= day)
            .map(|s| s.seats)
            .unwrap_or(0)
    }

    /// The smallest capacity on any day of [from, to].
    pub fn min_over(&self, from: NaiveDate, to: NaiveDate) -> i32 {
        if from < self.start || to > self.end || from > to {
            return 0;
        }
        let mut min = self.on(from);
        for s in &self.steps {
            if s.from > from && s.from <= to {
                min = min.min(s.seats);
            }
        }
        min
    }

    /// The first day of [from, to] whose capacity is below `seat`.
    pub fn first_day_below(&self, seat: i32, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
        if from > to {
            return None;
        }
        if self.on(from) < seat {
            return Some(from);
        }
        for s in &self.steps {
            if s.from > from && s.from <= to && s.seats < seat {
                return Some(s.from);
            }
        }
        if to > self.end {
            return Some((self.end + Duration::days(1)).max(from));
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingState {
    Placed,
    Waiting,
    Ended,
    Cancelled,
}

coded_enum!(BookingState {
    Placed => "placed", crate::texts::seats::STATUS_PLACED;
    Waiting => "waiting", crate::texts::seats::STATUS_WAITING;
    Ended => "ended", crate::texts::seats::STATUS_ENDED;
    Cancelled => "cancelled", crate::texts::seats::STATUS_CANCELLED;
});

impl BookingState {
    /// Placed and ended placements hold their seat for their period.
    pub fn occupies(self) -> bool {
        matches!(self, BookingState::Placed | BookingState::Ended)
    }
}

/// One referral in the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: String,
    pub state: BookingState,
    pub seat_no: Option<i32>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// First come, first served: the order the referrals arrived in.
    pub queue_no: i64,
}

fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// What a referral became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    Seat(i32),
    /// Position on the waiting list, from 1.
    Waiting(i64),
}

/// Why a change to the book is refused: the first day it would overbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overbooked(pub NaiveDate);

#[derive(Debug, Clone)]
pub struct SeatBook {
    pub capacity: Capacity,
    pub bookings: Vec<Booking>,
    /// Today: a waiting referral whose period has begun (starts on or before today) is never
    /// moved onto a seat by itself; the consultant is offered the remaining days instead
    /// (#18.4, [`SeatBook::take_remaining`]).
    pub today: NaiveDate,
}

impl SeatBook {
    fn seat_free(&self, seat: i32, from: NaiveDate, to: NaiveDate, except: Option<&str>) -> bool {
        !self.bookings.iter().any(|b| {
            b.state.occupies()
                && b.seat_no == Some(seat)
                && Some(b.id.as_str()) != except
                && overlaps((b.start, b.end), (from, to))
        })
    }

    /// The lowest seat free on every day of [from, to], if any.
    pub fn free_seat(&self, from: NaiveDate, to: NaiveDate) -> Option<i32> {
        let max = self.capacity.min_over(from, to);
        (1..=max).find(|&s| self.seat_free(s, from, to, None))
    }

    #[cfg(test)] // the tests' model of what the service and the store do
    /// Adds a referral: on the lowest free seat, else at the end of the waiting list.
    pub fn refer(&mut self, id: &str, from: NaiveDate, to: NaiveDate, queue_no: i64) -> Placed {
        let (state, seat) = match self.free_seat(from, to) {
            Some(s) => (BookingState::Placed, Some(s)),
            None => (BookingState::Waiting, None),
        };
        self.bookings.push(Booking {
            id: id.to_string(),
            state,
            seat_no: seat,
            start: from,
            end: to,
            queue_no,
        });
        match seat {
            Some(s) => Placed::Seat(s),
            None => Placed::Waiting(self.position(id).unwrap_or(1)),
        }
    }

    /// Position on the waiting list (1 is next).
    pub fn position(&self, id: &str) -> Option<i64> {
        let mut waiting: Vec<&Booking> = self
            .bookings
            .iter()
            .filter(|b| b.state == BookingState::Waiting)
            .collect();
        waiting.sort_by_key(|b| b.queue_no);
        waiting
            .iter()
            .position(|b| b.id == id)
            .map(|p| p as i64 + 1)
    }

    /// Moves waiting referrals whose whole period now fits onto seats, first come first served;
    /// never one whose period has begun. Returns the ids placed, with their seats.
    pub fn promote(&mut self) -> Vec<(String, i32)> {
        let today = self.today;
        let mut order: Vec<usize> = (0..self.bookings.len())
            .filter(|&i| self.bookings[i].state == BookingState::Waiting)
            .filter(|&i| self.bookings[i].start > today)
            .collect();
        order.sort_by_key(|&i| self.bookings[i].queue_no);
        let mut moved = Vec::new();
        for i in order {
            let (from, to) = (self.bookings[i].start, self.bookings[i].end);
            if let Some(seat) = self.free_seat(from, to) {
                self.bookings[i].state = BookingState::Placed;
                self.bookings[i].seat_no = Some(seat);
                moved.push((self.bookings[i].id.clone(), seat));
            }
        }
        moved
    }

    /// Whether a waiting referral whose period has begun could have a seat for its remaining
    /// days (from `from` to its end): the seat it would get.
    pub fn seat_for_remaining(&self, id: &str, from: NaiveDate) -> Option<i32> {
        let b = self.bookings.iter().find(|b| b.id == id)?;
        if b.state != BookingState::Waiting || b.start > self.today || from > b.end {
            return None;
        }
        self.free_seat(from.max(b.start), b.end)
    }

    /// Places a waiting referral whose period has begun for its remaining days, from `from`
    /// (today): its start moves to `from`. Refused (`None`) when no seat is free for them.
    pub fn take_remaining(&mut self, id: &str, from: NaiveDate) -> Option<i32> {
        let seat = self.seat_for_remaining(id, from)?;
        let i = self.index(id)?;
        let b = &mut self.bookings[i];
        b.start = from.max(b.start);
        b.state = BookingState::Placed;
        b.seat_no = Some(seat);
        Some(seat)
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.bookings.iter().position(|b| b.id == id)
    }

    /// Ends a placement on `date` (within its period): the seat frees from the next day.
    pub fn end(&mut self, id: &str, date: NaiveDate) -> Vec<(String, i32)> {
        if let Some(i) = self.index(id) {
            let b = &mut self.bookings[i];
            if date < b.end {
                b.end = date.max(b.start);
            }
            b.state = BookingState::Ended;
        }
        self.promote()
    }

    /// Cancels a referral (placed or waiting): it frees its whole period.
    pub fn cancel(&mut self, id: &str) -> Vec<(String, i32)> {
        if let Some(i) = self.index(id) {
            self.bookings[i].state = BookingState::Cancelled;
            self.bookings[i].seat_no = None;
        }
        self.promote()
    }

    /// Extends a placement to `new_end` on its seat; refused with the first day that has no room.
    pub fn extend(&mut self, id: &str, new_end: NaiveDate) -> Result<(), Overbooked> {
        let i = self.index(id).ok_or(Overbooked(new_end))?;
        let b = self.bookings[i].clone();
        if new_end <= b.end {
            return Ok(());
        }
        let seat = b.seat_no.unwrap_or(0);
        let from = b.end + Duration::days(1);
        if let Some(day) = self.capacity.first_day_below(seat, from, new_end) {
            return Err(Overbooked(day));
        }
        if !self.seat_free(seat, from, new_end, Some(&b.id)) {
            // The first day someone else holds the seat.
            let day = self
                .bookings
                .iter()
                .filter(|o| o.state.occupies() && o.seat_no == Some(seat) && o.id != b.id)
                .filter(|o| overlaps((o.start, o.end), (from, new_end)))
                .map(|o| o.start.max(from))
                .min()
                .unwrap_or(from);
            return Err(Overbooked(day));
        }
        self.bookings[i].end = new_end;
        Ok(())
    }

    /// Replaces the capacity (an accepted amendment, a termination): refused, naming the first
    /// day, when a placement would lose its seat; otherwise waiting referrals move up.
    pub fn set_capacity(&mut self, capacity: Capacity) -> Result<Vec<(String, i32)>, Overbooked> {
        let mut first: Option<NaiveDate> = None;
        for b in self.bookings.iter().filter(|b| b.state.occupies()) {
            if let Some(day) = capacity.first_day_below(b.seat_no.unwrap_or(0), b.start, b.end) {
                first = Some(first.map_or(day, |f| f.min(day)));
            }
        }
        if let Some(day) = first {
            return Err(Overbooked(day));
        }
        self.capacity = capacity;
        Ok(self.promote())
    }

    #[cfg(test)] // the tests' model of what the service and the store do
    /// The people on seats on a day.
    pub fn occupancy_on(&self, day: NaiveDate) -> Vec<i32> {
        self.bookings
            .iter()
            .filter(|b| b.state.occupies() && b.start <= day && day <= b.end)
            .filter_map(|b| b.seat_no)
            .collect()
    }

    #[cfg(test)] // the tests' model of what the service and the store do
    /// Checks the invariant on every day of the period (for tests and debug assertions).
    pub fn is_consistent(&self) -> bool {
        let mut day = self.capacity.start;
        while day <= self.capacity.end {
            let mut seats = self.occupancy_on(day);
            let cap = self.capacity.on(day);
            if seats.iter().any(|&s| s < 1 || s > cap) {
                return false;
            }
            let n = seats.len();
            seats.sort_unstable();
            seats.dedup();
            if seats.len() != n {
                return false;
            }
            day += Duration::days(1);
        }
        // Nothing occupies outside the period.
        self.bookings
            .iter()
            .filter(|b| b.state.occupies())
            .all(|b| b.start >= self.capacity.start && b.end <= self.capacity.end)
    }
}

#[cfg(test)] // the tests' model of what the service and the store do
/// Whether a booking can decide where a referral for [from, to] goes: it holds a seat on one
/// of those days. The store loads only these (and counts the waiting list) for a referral.
pub fn holds_seat_within(b: &Booking, from: NaiveDate, to: NaiveDate) -> bool {
    b.state.occupies() && overlaps((b.start, b.end), (from, to))
}

/// A referral judged on a window of the book: `seated` are the bookings that hold a seat on a
/// day of [from, to] ([`holds_seat_within`]; no other booking can change the answer) and
/// `waiting` how many already wait (all with an earlier `queue_no`). The same answer as
/// [`SeatBook::refer`] on the whole book, without loading it: a contract's book grows with
/// every referral ever made, the window with those at the same time (and
/// `placements_contract_end_idx` lets the store skip the ones that ended before).
pub fn place_referral(
    capacity: Capacity,
    seated: Vec<Booking>,
    waiting: i64,
    id: &str,
    from: NaiveDate,
    to: NaiveDate,
    queue_no: i64,
) -> (Booking, Placed) {
    let window = SeatBook {
        capacity,
        bookings: seated,
        // A new referral is placed by the consultant who makes it, whatever its start.
        today: NaiveDate::MIN,
    };
    let seat = window.free_seat(from, to);
    let booking = Booking {
        id: id.to_string(),
        state: if seat.is_some() {
            BookingState::Placed
        } else {
            BookingState::Waiting
        },
        seat_no: seat,
        start: from,
        end: to,
        queue_no,
    };
    let placed = match seat {
        Some(s) => Placed::Seat(s),
        None => Placed::Waiting(waiting + 1),
    };
    (booking, placed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 1, 1).expect("date") + Duration::days(n)
    }

    fn book(seats: i32) -> SeatBook {
        SeatBook {
            capacity: Capacity {
                start: d(0),
                end: d(99),
                steps: vec![Step { from: d(0), seats }],
            },
            bookings: Vec::new(),
            // Before every period: nothing has begun, so promotion is never held back.
            today: d(-1),
        }
    }

    #[test]
    fn a_begun_period_is_offered_its_remaining_days_not_placed() {
        let mut b = book(1);
        b.refer("a", d(0), d(30), 1);
        assert_eq!(b.refer("w", d(5), d(40), 2), Placed::Waiting(1));
        // Day 10: the first placement ends; the waiting one began on day 5.
        b.today = d(10);
        assert!(
            b.end("a", d(10)).is_empty(),
            "not moved into a begun period"
        );
        assert_eq!(b.position("w"), Some(1));
        assert_eq!(b.seat_for_remaining("w", d(11)), Some(1));
        assert_eq!(b.take_remaining("w", d(11)), Some(1));
        let w = b.bookings.iter().find(|x| x.id == "w").expect("w");
        assert_eq!(
            (w.state, w.start, w.end),
            (BookingState::Placed, d(11), d(40))
        );
        assert!(b.is_consistent());
    }

    #[test]
    fn lowest_free_seat_then_the_waiting_list_then_moving_up() {
        let mut b = book(2);
        assert_eq!(b.refer("a", d(0), d(30), 1), Placed::Seat(1));
        assert_eq!(b.refer("b", d(10), d(40), 2), Placed::Seat(2));
        assert_eq!(b.refer("c", d(20), d(25), 3), Placed::Waiting(1));
        assert_eq!(
            b.refer("d", d(31), d(50), 4),
            Placed::Seat(1),
            "seat 1 is free after a"
        );
        assert_eq!(b.refer("e", d(12), d(18), 5), Placed::Waiting(2));
        assert_eq!(b.position("e"), Some(2));
        // a ends early: seat 1 frees from day 16; c (20–25) fits, e (12–18) does not.
        let moved = b.end("a", d(15));
        assert_eq!(moved, vec![("c".to_string(), 1)]);
        assert_eq!(b.position("e"), Some(1));
        let moved = b.cancel("b");
        assert_eq!(moved, vec![("e".to_string(), 2)]);
        assert!(b.is_consistent());
    }

    #[test]
    fn capacity_follows_the_version_in_force() {
        let mut b = book(1);
        b.capacity.steps.push(Step {
            from: d(50),
            seats: 3,
        });
        assert_eq!(b.refer("a", d(0), d(99), 1), Placed::Seat(1));
        assert_eq!(
            b.refer("b", d(40), d(60), 2),
            Placed::Waiting(1),
            "only 1 seat before day 50"
        );
        assert_eq!(b.refer("c", d(50), d(60), 3), Placed::Seat(2));
        // An amendment that adds seats from day 40 moves b up.
        let mut cap = b.capacity.clone();
        cap.steps = vec![
            Step {
                from: d(0),
                seats: 1,
            },
            Step {
                from: d(40),
                seats: 3,
            },
        ];
        assert_eq!(b.set_capacity(cap), Ok(vec![("b".to_string(), 3)]));
        // Reducing to 2 seats from day 45 would unseat b: refused naming day 50? b holds seat 3
        // from day 40, so the first day below is 45.
        let mut cap = b.capacity.clone();
        cap.steps.push(Step {
            from: d(45),
            seats: 2,
        });
        assert_eq!(b.set_capacity(cap), Err(Overbooked(d(45))));
        assert!(b.is_consistent());
    }

    #[test]
    fn extensions_are_checked_against_seat_and_capacity() {
        let mut b = book(1);
        b.refer("a", d(0), d(10), 1);
        b.refer("b", d(20), d(30), 2);
        assert_eq!(b.extend("a", d(15)), Ok(()));
        assert_eq!(b.extend("a", d(25)), Err(Overbooked(d(20))));
        assert_eq!(
            b.extend("b", d(120)),
            Err(Overbooked(d(100))),
            "past the contract"
        );
        assert!(b.is_consistent());
    }

    #[derive(Debug, Clone)]
    enum Op {
        Refer(i64, i64),
        End(usize, i64),
        Cancel(usize),
        Extend(usize, i64),
        Seats(i64, i32),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0i64..90, 0i64..40).prop_map(|(s, len)| Op::Refer(s, len)),
            1 => (0usize..40, 0i64..30).prop_map(|(i, back)| Op::End(i, back)),
            1 => (0usize..40).prop_map(Op::Cancel),
            1 => (0usize..40, 1i64..30).prop_map(|(i, more)| Op::Extend(i, more)),
            1 => (0i64..99, 0i32..6).prop_map(|(from, seats)| Op::Seats(from, seats)),
        ]
    }

    /// The day-by-day model: who sits where each day, computed without the book's shortcuts.
    fn model_ok(book: &SeatBook) -> bool {
        for day in 0..100 {
            let day = d(day);
            let cap = book.capacity.on(day);
            let mut used = std::collections::HashSet::new();
            for b in &book.bookings {
                if b.state.occupies() && b.start <= day && day <= b.end {
                    let s = b.seat_no.unwrap_or(0);
                    if s < 1 || s > cap || !used.insert(s) {
                        return false;
                    }
                }
            }
        }
        true
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn random_sequences_never_overbook(ops in proptest::collection::vec(op(), 1..60)) {
            let mut b = book(3);
            let mut ids: Vec<String> = Vec::new();
            let mut queue = 0;
            for op in ops {
                match op {
                    Op::Refer(s, len) => {
                        queue += 1;
                        let id = format!("r{queue}");
                        let to = (s + len).min(99);
                        let before_free = b.free_seat(d(s), d(to));
                        // The window the store loads gives the same answer as the whole book.
                        let seated: Vec<Booking> = b
                            .bookings
                            .iter()
                            .filter(|x| holds_seat_within(x, d(s), d(to)))
                            .cloned()
                            .collect();
                        let waiting = b
                            .bookings
                            .iter()
                            .filter(|x| x.state == BookingState::Waiting)
                            .count() as i64;
                        let (booking, windowed) =
                            place_referral(b.capacity.clone(), seated, waiting, &id, d(s), d(to), queue);
                        let placed = b.refer(&id, d(s), d(to), queue);
                        prop_assert_eq!(windowed, placed);
                        prop_assert_eq!(Some(&booking), b.bookings.iter().find(|x| x.id == id));
                        // A referral is placed exactly when a seat is free for the whole period,
                        // and on the lowest such seat.
                        match (before_free, placed) {
                            (Some(f), Placed::Seat(p)) => prop_assert_eq!(f, p),
                            (None, Placed::Waiting(_)) => {}
                            other => prop_assert!(false, "unexpected {:?}", other),
                        }
                        ids.push(id);
                    }
                    Op::End(i, back) => if let Some(id) = ids.get(i % ids.len().max(1)).cloned() {
                        let bk = b.bookings.iter().find(|x| x.id == id).cloned();
                        if let Some(bk) = bk {
                            if bk.state == BookingState::Placed {
                                let date = (bk.end - Duration::days(back)).max(bk.start);
                                b.end(&id, date);
                            }
                        }
                    },
                    Op::Cancel(i) => if let Some(id) = ids.get(i % ids.len().max(1)).cloned() {
                        b.cancel(&id);
                    },
                    Op::Extend(i, more) => if let Some(id) = ids.get(i % ids.len().max(1)).cloned() {
                        let bk = b.bookings.iter().find(|x| x.id == id).cloned();
                        if let Some(bk) = bk {
                            if bk.state == BookingState::Placed {
                                let before = b.clone();
                                if b.extend(&id, bk.end + Duration::days(more)).is_err() {
                                    prop_assert_eq!(before.bookings, b.bookings.clone(), "a refused extension changes nothing");
                                }
                            }
                        }
                    },
                    Op::Seats(from, seats) => {
                        let mut cap = b.capacity.clone();
                        cap.steps.retain(|s| s.from < d(from));
                        cap.steps.push(Step { from: d(from), seats });
                        let before = b.clone();
                        if b.set_capacity(cap).is_err() {
                            prop_assert_eq!(before.bookings, b.bookings.clone());
                            prop_assert_eq!(before.capacity, b.capacity.clone());
                        }
                    }
                }
                prop_assert!(model_ok(&b), "overbooked after a step");
                prop_assert!(b.is_consistent());
                // Nobody waits who would fit: promotion is complete after every step.
                for w in b.bookings.iter().filter(|x| x.state == BookingState::Waiting) {
                    prop_assert!(b.free_seat(w.start, w.end).is_none(), "{} could be placed", w.id);
                }
            }
        }
    }
}
