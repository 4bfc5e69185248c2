//! Documents attached to a contract or a placement (#22).

pub const TITLE: &str = "Dokumenter";
pub const LINK: &str = "Dokumenter";
pub const LINK_HINT: &str =
    "Underskrevne kontrakter, udtalelser, praktikerklæringer og CV'er, der hører til.";

// The kinds of document.
pub const KIND_SIGNED_CONTRACT: &str = "Underskrevet kontrakt (scannet)";
pub const KIND_REPRESENTATIVE_STATEMENT: &str = "Udtalelse fra medarbejderrepræsentant";
pub const KIND_INTERNSHIP_STATEMENT: &str = "Praktikerklæring";
pub const KIND_CV: &str = "CV";
pub const KIND_OTHER: &str = "Andet";

// The list.
pub const FILE: &str = "Fil";
pub const KIND: &str = "Slags dokument";
pub const SIZE: &str = "Størrelse";
pub const ADDED_BY: &str = "Tilføjet af";
pub const ADDED_AT: &str = "Tilføjet";
pub const EMPTY: &str = "Der er ingen dokumenter endnu.";
pub const REMOVE: &str = "Fjern";
/// The heading of the column with the removal button (read by screen readers only).
pub const ACTIONS: &str = "Handlinger";
pub const CONFIRM_REMOVE: &str =
    "Vil du fjerne dokumentet? Det forsvinder fra listen, men gemmes i opbevaringsperioden.";
pub const DOWNLOAD: &str = "Hent";

// The upload form.
pub const ADD_TITLE: &str = "Tilføj et dokument";
pub const ADD_HINT: &str = "PDF, PNG eller JPEG, højst 10 MB.";
pub const ADD_BUTTON: &str = "Tilføj dokument";
pub const MAY_NOT_ADD: &str = "Du kan se dokumenterne, men ikke tilføje nye.";

// Field errors.
pub const NO_FILE: &str = "Vælg en fil.";
pub const TOO_LARGE: &str = "Filen er for stor: den må højst fylde 10 MB.";
pub const WRONG_TYPE: &str =
    "Filen er ikke en PDF, PNG eller JPEG. Kun de tre filtyper kan vedhæftes.";
pub const KIND_UNKNOWN: &str = "Vælg en slags dokument fra listen.";
pub const UNREADABLE: &str = "Formularen kunne ikke læses. Vælg filen igen og prøv en gang til.";

// Where the page came from.
pub const BACK_TO_CONTRACT: &str = "Tilbage til kontrakten";
pub const BACK_TO_PLACEMENT: &str = "Tilbage til forløbet";
pub const OF_CONTRACT: &str = "Kontrakt med";
pub const OF_PLACEMENT: &str = "Forløb for";

// Confirmations after an action.
pub const ADDED: &str = "Dokumentet er tilføjet.";
pub const REMOVED: &str = "Dokumentet er fjernet fra listen.";

/// The name a file gets when its own name has nothing left after cleaning.
pub const DEFAULT_FILE_NAME: &str = "dokument";

/// A file's size: "512 kB", "1,4 MB" (the number already formatted).
pub fn size_kb(kb: &str) -> String {
    format!("{kb} kB")
}

pub fn size_mb(mb: &str) -> String {
    format!("{mb} MB")
}

/// An upload to the API that is not `multipart/form-data` (415).
pub const NOT_MULTIPART: &str = "Send filen som multipart/form-data med filen i feltet \"file\".";
