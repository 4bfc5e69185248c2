//! The accessibility statement (`/tilgaengelighed`), which Danish public sites must have: what
//! is and is not met of WCAG 2.1 AA, how it was tested, and where to report a problem.

pub const LINK: &str = "Tilgængelighedserklæring";
pub const TITLE: &str = "Tilgængelighedserklæring";
/// The date of the statement (dd-mm-åååå).
pub const DATE: &str = "07-12-2026";
pub const INTRO: &str = "Virksomhedscenter skal kunne bruges af alle. Her står, hvordan systemet lever op til de tekniske krav i WCAG 2.1 på niveau AA, som lov om tilgængelighed af offentlige organers websteder og mobilapplikationer henviser til, hvad der er testet, og hvad der ikke er.";

pub const STATUS_TITLE: &str = "Overholdelse";
pub const STATUS: &str = "Systemet overholder delvist WCAG 2.1 AA. Det, der ikke er opfyldt eller ikke er testet, står nedenfor.";

pub const TESTED_TITLE: &str = "Det er testet";
pub const TESTED: &[&str] = &[
    "Automatisk test med axe-core (reglerne for WCAG 2.1 A og AA) i Chromium af hver side i de fem gennemgange, som testene følger: en ny virksomhed og kontrakt, virksomhedens gennemsyn og accept af kontrakten, visitation med venteliste, mentorens timer med godkendelse og kampagnens måltal, og desuden invitationen af en mentor, opfølgningsbesøg og kalenderen (flyt, registrér, ugen og kalender-abonnementet) og denne erklæring. Hver side testes i to størrelser: 1280 × 720 (bærbar) og 390 × 844 (telefon). Kravet er 0 fejl af alvorlighed \"serious\" eller \"critical\"; mindre fejl tælles.",
    "Tastatur: gennemgangene bruger tastaturet, hvor folk gør det. Mentoren udfylder ugens timer alene med tastaturet, fokus vender tilbage til skemaet efter gem, og fejloversigten øverst får fokus og linker til felterne.",
    "Uden JavaScript: alle formularer, fejloversigter og handlinger virker uden JavaScript (en test kører siderne med JavaScript slået fra).",
    "Siderne er på dansk (lang=\"da\"), felter har synlige ledetekster, fejl står både ved feltet og i en oversigt, og der er et link til at springe til indholdet.",
];

pub const NOT_MET_TITLE: &str = "Ikke opfyldt eller ikke testet";
pub const NOT_MET: &[&str] = &[
    "Systemet er ikke testet manuelt med en skærmlæser (fx NVDA, JAWS eller VoiceOver).",
    "Automatisk test finder kun en del af de mulige fejl. Krav, der kræver et menneskes vurdering (forståelige tekster, meningsfuld læse- og fokusrækkefølge, beskrivende overskrifter), er ikke gennemgået systematisk.",
    "Sider uden for de fem gennemgange (fx brugeradministration, revisionsspor, CPR-adgangslog, import af tal) er ikke dækket af den automatiske test.",
    "Grafen over kampagnens måltal (SVG) kan ikke læses som graf af en skærmlæser: de samme tal står i tabellen under grafen.",
    "Udskriften af en kontrakt og en PDF gemt fra browseren er ikke testet for tilgængelighed; en sådan PDF har ikke tags.",
    "Forstørrelse til 200 pct. og øget tekstafstand (WCAG 1.4.4 og 1.4.12) er kun testet indirekte gennem telefonens bredde.",
    "Efter 30 minutter uden aktivitet bliver man logget ud uden forudgående advarsel (WCAG 2.2.1, justerbar tidsbegrænsning). Det der var skrevet i en formular, der ikke var gemt, går tabt.",
];

pub const CONTACT_TITLE: &str = "Fortæl os om et problem";
pub const CONTACT_BEFORE: &str = "Oplever du problemer med at bruge systemet, så skriv til";
pub const CONTACT_AFTER: &str = "Skriv, hvilken side det gælder, og hvad der ikke virker for dig. Du får svar så hurtigt som muligt.";
pub const COMPLAINT: &str = "Får du ikke et svar, du er tilfreds med, kan du klage til Digitaliseringsstyrelsen, som fører tilsyn med offentlige organers webtilgængelighed.";

pub const ABOUT_TITLE: &str = "Om erklæringen";
/// "Erklæringen er udarbejdet den 07-12-2026 …"
pub fn made_on(date: &str) -> String {
    format!("Erklæringen er udarbejdet den {date} og bygger på systemets egne automatiske test. Den opdateres, når testene eller siderne ændres.")
}
