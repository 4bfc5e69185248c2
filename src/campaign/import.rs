//! Import of campaign figures from CSV (as Danish Excel writes it: `;`, UTF-8 with or without a
//! byte-order mark; `,` and tab are recognised too). Pure: the caller passes the jobcenters it
//! knows. Every error names its line (`line[7].month`), counting the header as line 1.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::campaign::model::parse_import_month;
use crate::campaign::model::FigureInput;
use crate::error::FieldErrors;
use crate::texts;
use crate::texts::campaign as t;
use crate::ui::format::search_norm;

/// At most this many data lines in one import.
pub const MAX_ROWS: usize = 100_000;
/// At most this many bytes in one import file.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// At most this many errors are reported; the rest are counted.
const MAX_ERRORS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Jobcenter,
    Month,
    TargetGroup,
    Outside,
    Baseline,
}

fn column(header: &str) -> Option<Column> {
    let h = search_norm(header.trim_start_matches('\u{feff}'));
    let h = h.replace("aa", "å");
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| h.starts_with(p));
    if starts(&["jobcenter", "kommune"]) {
        Some(Column::Jobcenter)
    } else if starts(&["måned", "month"]) {
        Some(Column::Month)
    } else if starts(&["målgruppe", "target"]) || h == "n" {
        Some(Column::TargetGroup)
    } else if starts(&["aktivering", "outside"]) {
        Some(Column::Outside)
    } else if starts(&["udgangspunkt", "baseline"]) || h == "b" {
        Some(Column::Baseline)
    } else {
        None
    }
}

/// The jobcenters an import may name: by id, by name (any case) or by a kommunekode of theirs.
#[derive(Debug, Default, Clone)]
pub struct JobcenterIndex {
    by_key: HashMap<String, String>,
}

impl JobcenterIndex {
    /// `jobcenters`: (id, name); `municipalities`: (kommunekode, jobcenter id).
    pub fn new(jobcenters: &[(String, String)], municipalities: &[(i32, String)]) -> Self {
        let mut by_key = HashMap::new();
        for (id, name) in jobcenters {
            by_key.insert(id.clone(), id.clone());
            by_key.insert(search_norm(name), id.clone());
        }
        for (code, id) in municipalities {
            by_key.insert(code.to_string(), id.clone());
            by_key.insert(format!("{code:03}"), id.clone());
        }
        JobcenterIndex { by_key }
    }

    fn resolve(&self, s: &str) -> Option<&String> {
        self.by_key
            .get(s.trim())
            .or_else(|| self.by_key.get(&search_norm(s)))
    }
}

/// A count as typed in Danish: "1.234", "1 234" or "1234"; empty is `None`.
pub fn parse_count(s: &str) -> Result<Option<i64>, String> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=10_000_000).contains(&n) => Ok(Some(n)),
        _ => Err(t::COUNT_RANGE.into()),
    }
}

fn delimiter(data: &[u8]) -> u8 {
    let first = data.split(|b| *b == b'\n').next().unwrap_or_default();
    [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.iter().filter(|b| *b == d).count())
        .filter(|d| first.contains(d))
        .unwrap_or(b';')
}

/// The line of a record that starts at a byte offset, counting from 1. After a CRLF line end
/// the reader's offset (and its own line count) points at the LF before the record, which is
/// why the byte at the offset is counted too.
fn line_at(data: &[u8], byte: u64) -> u64 {
    let end = usize::try_from(byte)
        .unwrap_or(usize::MAX)
        .saturating_add(1)
        .min(data.len());
    1 + data[..end].iter().filter(|b| **b == b'\n').count() as u64
}

fn key(line: u64, field: &str) -> String {
    format!("line[{line}].{field}")
}

/// Parses an import. On success the rows carry their line numbers; on failure the errors name
/// the line and the column.
pub fn parse(data: &[u8], jobcenters: &JobcenterIndex) -> Result<Vec<FigureInput>, FieldErrors> {
    let mut e = FieldErrors::new();
    if data.len() > MAX_BYTES {
        e.add("file", t::FILE_TOO_LARGE);
        return Err(e);
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(data))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(data);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(_) => {
            e.add("file", t::NOT_CSV);
            return Err(e);
        }
    };
    // Errors name the column by its place and the line, never repeat what is written in a
    // cell: a file may hold a CPR number in the wrong place.
    let mut cols: Vec<Option<Column>> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let c = column(h);
        if c.is_none() && !h.trim().is_empty() {
            e.add(&key(1, "header"), t::unknown_column(i + 1));
        }
        if c.is_some() && cols.contains(&c) {
            e.add(&key(1, "header"), t::repeated_column(i + 1));
        }
        cols.push(c);
    }
    for (need, name) in [
        (Column::Jobcenter, t::COLUMN_JOBCENTER),
        (Column::Month, t::COLUMN_MONTH),
    ] {
        if !cols.contains(&Some(need)) {
            e.add(&key(1, "header"), t::missing_column(name));
        }
    }
    if !e.is_empty() {
        return Err(e);
    }
    let mut rows = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut errs = Errors { e, n: 0 };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                let line = err.position().map(|p| line_at(data, p.byte())).unwrap_or(0);
                errs.add(key(line, "line"), t::LINE_UNREADABLE.into());
                continue;
            }
        };
        let line = record
            .position()
            .map(|p| line_at(data, p.byte()))
            .unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            errs.add(key(line, "line"), t::too_many_lines(MAX_ROWS));
            break;
        }
        let mut row = FigureInput {
            line: Some(line),
            ..Default::default()
        };
        for (c, value) in cols.iter().zip(record.iter()) {
            let Some(c) = c else { continue };
            let mut count = |f: &str| match parse_count(value) {
                Ok(n) => n,
                Err(m) => {
                    errs.add(key(line, f), m);
                    None
                }
            };
            match c {
                Column::TargetGroup => row.target_group = count("target_group"),
                Column::Outside => row.outside_activation = count("outside_activation"),
                Column::Baseline => row.baseline = count("baseline"),
                Column::Jobcenter => match jobcenters.resolve(value) {
                    Some(id) => row.jobcenter_id = id.clone(),
                    None if value.is_empty() => {
                        errs.add(key(line, "jobcenter_id"), texts::REQUIRED.into())
                    }
                    None => errs.add(key(line, "jobcenter_id"), t::UNKNOWN_JOBCENTER.into()),
                },
                Column::Month => match parse_import_month(value) {
                    Ok((y, m)) => row.month = format!("{y}-{m:02}"),
                    Err(msg) => errs.add(key(line, "month"), msg),
                },
            }
        }
        if !row.jobcenter_id.is_empty() && !row.month.is_empty() {
            let k = (row.jobcenter_id.clone(), row.month.clone());
            if let Some(first) = seen.get(&k) {
                errs.add(key(line, "month"), t::same_as_line(*first));
            } else {
                seen.insert(k, line);
            }
        }
        rows.push(row);
    }
    let mut e = errs.e;
    if errs.n > MAX_ERRORS {
        e.add("file", t::more_errors(errs.n - MAX_ERRORS));
    }
    if rows.is_empty() && e.is_empty() {
        e.add("file", t::NO_ROWS);
    }
    if e.is_empty() {
        Ok(rows)
    } else {
        Err(e)
    }
}

struct Errors {
    e: FieldErrors,
    n: usize,
}

impl Errors {
    fn add(&mut self, key: String, message: String) {
        self.n += 1;
        if self.n <= MAX_ERRORS {
            self.e.add(&key, message);
        }
    }
}

/// The line number of an error key (`line[7].month` → 7), for showing errors in line order.
pub fn line_of(key: &str) -> Option<u64> {
    key.strip_prefix("line[")?.split(']').next()?.parse().ok()
}

/// The progress of an import running in the background, shared with its status page.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: usize,
    pub done: AtomicUsize,
    pub outcome: Mutex<Option<Result<usize, FieldErrors>>>,
}

impl Progress {
    pub fn new(total: usize) -> Self {
        Progress {
            total,
            ..Default::default()
        }
    }

    pub fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed).min(self.total)
    }

    pub fn finish(&self, outcome: Result<usize, FieldErrors>) {
        if let Ok(mut o) = self.outcome.lock() {
            *o = Some(outcome);
        }
    }

    pub fn is_finished(&self) -> bool {
        self.outcome.lock().map(|o| o.is_some()).unwrap_or(true)
    }

    pub fn outcome(&self) -> Option<Result<usize, FieldErrors>> {
        self.outcome.lock().ok().and_then(|o| o.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> JobcenterIndex {
        JobcenterIndex::new(
            &[
                ("jc-1".into(), "Jobcenter Odense".into()),
                ("jc-2".into(), "Jobcenter Vejle".into()),
            ],
            &[(461, "jc-1".into()), (630, "jc-2".into())],
        )
    }

    #[test]
    fn reads_danish_excel_csv() {
        let data =
            "\u{feff}Jobcenter;Måned;Målgruppe (N);Aktivering uden for virksomhedscentre\r\n\
                    461;2011-03;1.272;4\r\n\
                    jobcenter vejle;2011-03;300;\r\n";
        let rows = parse(data.as_bytes(), &index()).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].jobcenter_id, "jc-1");
        assert_eq!(rows[0].target_group, Some(1272));
        assert_eq!(rows[0].outside_activation, Some(4));
        assert_eq!(rows[0].line, Some(2));
        assert_eq!(rows[1].jobcenter_id, "jc-2");
        assert_eq!(rows[1].outside_activation, None);
    }

    #[test]
    fn the_offered_template_reads_back() {
        let header = crate::texts::csv::FIGURES_TEMPLATE;
        let columns: Vec<Option<Column>> = header.iter().map(|h| column(h)).collect();
        assert_eq!(
            columns,
            vec![
                Some(Column::Jobcenter),
                Some(Column::Month),
                Some(Column::TargetGroup),
                Some(Column::Outside)
            ]
        );
    }

    #[test]
    fn commas_and_ids_work_too() {
        let data = "jobcenter_id,month,target_group,baseline\njc-2,2009-06,250,22\n";
        let rows = parse(data.as_bytes(), &index()).expect("valid");
        assert_eq!(rows[0].baseline, Some(22));
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let data = "jobcenter;måned;målgruppe\n461;2011-03;10\nOdder;2011-13;x\n461;2011-03;11\n";
        let e = parse(data.as_bytes(), &index()).expect_err("invalid");
        assert!(e.has("line[3].jobcenter_id"), "{e:?}");
        assert!(e.has("line[3].month"), "{e:?}");
        assert!(e.has("line[3].target_group"), "{e:?}");
        assert!(e.get("line[4].month")[0].contains("linje 2"), "{e:?}");
        assert!(!e.has("line[2].month"));
    }

    #[test]
    fn missing_columns_and_empty_files_are_named() {
        let e = parse(b"jobcenter;antal\n461;3\n", &index()).expect_err("invalid");
        assert!(e.get("line[1].header").len() == 2, "{e:?}");
        let e = parse(b"jobcenter;maaned\n", &index()).expect_err("empty");
        assert!(e.has("file"));
        let e = parse(&[0xff, 0xfe, 0x00], &index()).expect_err("not csv");
        assert!(!e.is_empty());
    }

    #[test]
    fn line_numbers_are_read_back() {
        assert_eq!(line_of("line[17].month"), Some(17));
        assert_eq!(line_of("file"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(data in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = parse(&data, &index());
        }

        #[test]
        fn counts_never_panic(s in "\\PC{0,20}") {
            let _ = parse_count(&s);
        }
    }
}
