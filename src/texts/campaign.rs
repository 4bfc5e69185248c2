//! The campaign pages.

pub const TITLE: &str = "Kampagner";
pub const IMPORT_MONTH: &str = "Skriv måneden som 2011-03, 03-2011, mar-11 eller marts 2011";
pub const UNKNOWN_JOBCENTER: &str =
    "Jobcenteret findes ikke: skriv jobcentrets navn, kommunekode eller id";

/// A header the import does not know, named by its place (not its text).
pub fn unknown_column(n: usize) -> String {
    format!("Kolonne {n} har en overskrift, som importen ikke kender")
}

/// A column named twice, by its place.
pub fn repeated_column(n: usize) -> String {
    format!("Kolonne {n} er en kolonne, der allerede står tidligere i filen")
}
pub const NONE_YET: &str = "Der er ingen kampagner endnu.";
pub const NONE_YET_ADMIN: &str = "Der er ingen kampagner endnu. Opret den første nedenfor.";
pub const NEW: &str = "Ny kampagne";
pub const NAME: &str = "Navn";
pub const BASELINE_MONTH: &str = "Udgangspunkt (ÅÅÅÅ-MM)";
pub const END_MONTH: &str = "Slutmåned (ÅÅÅÅ-MM)";
pub const DEFAULTS_HINT: &str = "Målparametrene er kampagnen 2009–2011's: 16 pct. af målgruppen, mindst 15 personer flere, 20 pct. selvforsørgende efter 4 uger, 9.000 personer nationalt. De kan ændres bagefter.";
pub const CREATE: &str = "Opret kampagne";
pub const EDIT: &str = "Ret kampagnen";
pub const SAVE: &str = "Gem kampagnen";
pub const SHARE_TARGET: &str = "Andel af målgruppen i aktivering (pct.)";
pub const MIN_INCREASE: &str = "Mindst flere personer end udgangspunktet";
pub const SELFSUPPORT: &str = "Andel selvforsørgende (pct.)";
pub const NATIONAL_TARGET: &str = "Nationalt måltal pr. måned (personer)";
pub const PARAMS_HINT: &str =
    "Allerede indtastede tal bevares; målene regnes om med de nye parametre.";
pub const PERCENT_FORMAT: &str = "Skriv en procent, fx 16 eller 16,5";
pub const MONTH: &str = "Måned (ÅÅÅÅ-MM)";
pub const JOBCENTER: &str = "Jobcenter";
pub const REGION: &str = "Beskæftigelsesregion";
pub const SHOW: &str = "Vis";
pub const CHOOSE_JOBCENTER: &str = "Vælg et jobcenter for at se dets tal og graf.";
pub const N: &str = "Målgruppe (N)";
pub const NOT_ENTERED: &str = "ikke indtastet";
/// N carried forward from an earlier month: "(fra 2011-01)".
pub fn carried_from(month: &str) -> String {
    format!("(fra {month}, seneste indtastede)")
}
/// Mål 2's share with its base: "22,8 pct. af 57".
pub fn share_of(share: &str, base: &str) -> String {
    format!("{share} af {base}")
}
pub const TARGET_BENEFITS: &str = "Mål 1 tæller personer på";
pub const TARGET_MATCH_GROUP: &str = "i matchgruppe";
pub const MATCH_GROUP: &str = "Matchgruppe";
pub const TARGET_GROUP: &str = "Mål 1 tæller";
pub const TARGET_GROUP_HINT: &str = "som de var ved visitationen";
pub const UNRANKED_HINT: &str = "Jobcentre uden indtastet målgruppe (N) har intet måltal og rangeres ikke; de tæller ikke med i regionens måltal.";
pub const NATIONAL_GOAL2: &str = "Mål 2 nationalt:";
pub const A: &str = "I virksomhedsrettet aktivering (A)";
pub const OF_TARGET_GROUP: &str = "af målgruppen";
pub const T: &str = "Måltal (T)";
pub const GOAL1: &str = "Målopfyldelse, mål 1";
pub const GROWTH: &str = "Vækst siden udgangspunktet";
pub const GOAL2: &str = "Mål 2: selvforsørgende efter opfølgningen";
pub const AGAINST: &str = "mod";
pub const ATTAINMENT: &str = "målopfyldelse";
pub const CHART_LABEL: &str =
    "Personer i virksomhedsrettet aktivering (A) mod måltallet (T) pr. måned";
/// The chart's text alternative: what it shows and where its numbers are.
pub fn chart_description(first: &str, last: &str) -> String {
    format!(
        "Linjer for A og T pr. måned fra {first} til {last}. Tallene står i tabellen under grafen."
    )
}
/// A point's tooltip: "marts 2011: A 102, T 44".
pub fn point_title(month: &str, a: &str, t: &str) -> String {
    format!("{month}: A {a}, T {t}")
}
pub const CHART_GAPS: &str = "Måneder uden tal er et hul i linjen, ikke et nul.";
pub const CHART_TABLE: &str = "Tallene i grafen, måned for måned";
pub const COL_MONTH: &str = "Måned";
pub const COL_B: &str = "B";
pub const MONTH_FILTER: &str = "Måned";
/// How T is computed, with this month's numbers when there is an N: "T er det største af 16
/// pct. af målgruppen N og udgangspunktet B plus 15 personer: …".
pub fn t_explained(
    share: &str,
    increase: &str,
    numbers: Option<(&str, &str, &str, &str)>,
) -> String {
    let rule = format!(
        "T er det største af {share} af målgruppen (N) og udgangspunktet (B) plus {increase} personer"
    );
    match numbers {
        Some((n, b, t, shown)) => format!(
            "{rule}: det største af {share} × {n} og {b} + {increase} er {t}, vist som {shown} personer."
        ),
        None => format!("{rule}; uden N kendes T ikke."),
    }
}
/// What Mål 2 rests on: "Beregnet på 57 opfølgninger fire uger efter forløb, der sluttede i
/// marts 2011."
pub fn goal2_base(count: i64, n: &str, month: &str) -> String {
    match count {
        0 => format!("Ingen opfølgninger endnu af forløb, der sluttede i {month}."),
        1 => format!("Beregnet på 1 opfølgning fire uger efter forløb, der sluttede i {month}."),
        _ => {
            format!("Beregnet på {n} opfølgninger fire uger efter forløb, der sluttede i {month}.")
        }
    }
}
pub const KEY_A: &str = "A: i aktivering";
pub const KEY_T: &str = "T: måltal";
pub const RANKING: &str = "Rangliste";
pub const COL_JOBCENTER: &str = "Jobcenter";
pub const COL_A: &str = "A";
pub const COL_T: &str = "T";
pub const COL_GOAL1: &str = "Mål 1";
pub const COL_GOAL2: &str = "Mål 2";
pub const COL_BOTH: &str = "Begge mål";
pub const BOTH_REACHED: &str = "✓ nået";
pub const NO_JOBCENTERS: &str = "Regionen har ingen jobcentre.";
pub const REGION_TOTAL: &str = "Regionen i alt";
pub const NATIONAL: &str = "Nationalt:";
pub const PERSONS_AGAINST: &str = "personer mod";
pub const EXPORT: &str = "Hent tabellen som CSV (Excel)";
pub const ENTER_FIGURES: &str = "Indtast tal";
pub const TARGET_GROUP_FIELD: &str = "Personer i målgruppen (N)";
pub const OUTSIDE_FIELD: &str = "Aktivering uden for virksomhedscentre";
pub const SAVE_FIGURES: &str = "Gem tal";
pub const IMPORT: &str = "Indlæs tal fra CSV";
pub const IMPORT_FILE: &str = "CSV-fil";
pub const IMPORT_HINT: &str = "Én linje pr. jobcenter og måned. Kolonner: jobcenter (navn, kommunekode eller id), måned (ÅÅÅÅ-MM), målgruppe, aktivering uden for virksomhedscentre og – kun for udgangspunktets måned – udgangspunkt. Semikolon som i Excel; tomme felter ændrer intet. Hele filen gemmes, eller intet.";
pub const IMPORT_TEMPLATE: &str = "Hent en skabelon med jeres jobcentre";
pub const IMPORT_START: &str = "Indlæs filen";
pub const IMPORT_NO_FILE: &str = "Vælg en CSV-fil";
pub const IMPORT_TOO_LARGE: &str = "Filen kan ikke læses eller er større end 8 MB";
pub const IMPORT_ERRORS: &str = "Filen blev ikke indlæst. Ret disse linjer og prøv igen:";
pub const IMPORT_LINE: &str = "Linje";
pub const IMPORT_RUNNING: &str = "Indlæser";
pub const IMPORT_ROWS_OF: &str = "af";
pub const IMPORT_ROWS: &str = "linjer";
pub const IMPORT_DONE: &str = "Indlæsningen er færdig:";
pub const IMPORT_SAVED: &str = "linjer er gemt.";
pub const IMPORT_FAILED: &str = "Indlæsningen mislykkedes, og intet er gemt.";
pub const IMPORT_UNKNOWN: &str = "Denne indlæsning kendes ikke her. Den kan være afsluttet for længe siden eller kørt på en anden server; se tallene på kampagnesiden.";
pub const BACK_TO_CAMPAIGN: &str = "Tilbage til kampagnen";
pub const FILE_FIELD: &str = "Filen";
pub const HEADER_LINE: &str = "overskriften";

pub const NAME_TOO_LONG: &str = "Højst 200 tegn";
pub const END_AFTER_BASELINE: &str = "Slutmåneden skal ligge efter udgangspunktet";
pub const TOO_MANY_ROWS: &str = "Højst 100.000 rækker ad gangen";
pub const FIGURES_UNKNOWN_JOBCENTER: &str = "Jobcenteret findes ikke";
pub const OWN_JOBCENTER_ONLY: &str = "Kun jeres eget jobcenter";
pub const PERMILLE_RANGE: &str = "En promille mellem 0 og 1.000";
pub const MIN_INCREASE_RANGE: &str = "Et antal mellem 0 og 100.000";
pub const COUNT_RANGE_TEN_MILLION: &str = "Et antal mellem 0 og 10.000.000";

/// The figures hold a baseline only in the campaign's baseline month ("2011-03").
pub fn baseline_belongs_to(month: &str) -> String {
    format!("Udgangspunktet hører til {month}")
}

// The goal parameters' target group
pub const PICK_BENEFIT: &str = "Vælg mindst én ydelse";
pub const MATCH_GROUP_RANGE: &str = "Matchgruppe 1, 2 eller 3";

pub fn unknown_benefit(code: &str) -> String {
    format!("Ukendt ydelse: {code}")
}

/// "kontanthjælp og starthjælp, matchgruppe 2", from the benefits' labels.
pub fn target_group_label(benefits: &[&str], match_group: i32) -> String {
    super::target_group(&benefits.join(" og ").to_lowercase(), match_group)
}

// The CSV import of figures
pub const COUNT_RANGE: &str = "Skal være et helt tal mellem 0 og 10.000.000";
pub const FILE_TOO_LARGE: &str = "Filen er større end 8 MB";
pub const NOT_CSV: &str = "Filen er ikke en CSV-fil i UTF-8";
pub const LINE_UNREADABLE: &str = "Linjen kan ikke læses";
pub const NO_ROWS: &str = "Filen har ingen linjer med tal";
/// The names of the columns an import must have, as the error about a missing one gives them.
pub const COLUMN_JOBCENTER: &str = "jobcenter";
pub const COLUMN_MONTH: &str = "måned";

pub fn missing_column(name: &str) -> String {
    format!("Kolonnen «{name}» mangler")
}

pub fn too_many_lines(max: usize) -> String {
    format!("Højst {max} linjer i én import")
}

/// A line repeating the jobcenter and month of an earlier one.
pub fn same_as_line(first: u64) -> String {
    format!("Samme jobcenter og måned som linje {first}")
}

/// How many errors past the shown ones.
pub fn more_errors(n: usize) -> String {
    format!("{n} fejl mere er ikke vist")
}
