//! Documents (#22): what kinds there are, which files are taken (PDF, PNG and JPEG, recognised
//! by their content), how big they may be, and the clean name a file is stored and offered
//! under. Pure: no actix, no diesel.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::error::FieldErrors;
use crate::ids::{ContractId, PlacementId};
use crate::texts::documents as t;

/// The largest file taken: 10 MiB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// What a request may carry in all (the file, its few small fields and the multipart framing)
/// before the server stops reading and answers 413. Up to this, a file over [`MAX_BYTES`] is read
/// to its end and thrown away (never kept: at most `MAX_BYTES` are held), so the person gets
/// the form back with the message on the `file` field (422) rather than a broken connection.
pub const MAX_REQUEST_BYTES: usize = 3 * MAX_BYTES;

/// The longest name a file is stored under, in characters.
const MAX_NAME_CHARS: usize = 120;

/// The kinds of document the parties attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// The contract as signed on paper and scanned.
    SignedContract,
    /// The employee representative's statement the law requires before a placement starts.
    RepresentativeStatement,
    /// A praktikerklæring.
    InternshipStatement,
    Cv,
    Other,
}

coded_enum!(DocumentKind {
    SignedContract => "signed_contract", t::KIND_SIGNED_CONTRACT;
    RepresentativeStatement => "representative_statement", t::KIND_REPRESENTATIVE_STATEMENT;
    InternshipStatement => "internship_statement", t::KIND_INTERNSHIP_STATEMENT;
    Cv => "cv", t::KIND_CV;
    Other => "other", t::KIND_OTHER;
});

/// The file types taken, as their content shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
}

impl FileType {
    /// What the file's first bytes say it is (the `infer` crate's signatures), whatever its name
    /// or declared type; `None` for anything but PDF, PNG and JPEG.
    pub fn sniff(bytes: &[u8]) -> Option<FileType> {
        match infer::get(bytes)?.mime_type() {
            "application/pdf" => Some(FileType::Pdf),
            "image/png" => Some(FileType::Png),
            "image/jpeg" => Some(FileType::Jpeg),
            _ => None,
        }
    }

    /// The media type it is stored and served with.
    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
        }
    }

    /// The extensions a name of this type may end with; the first is added when it has none.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Png => &["png"],
            FileType::Jpeg => &["jpg", "jpeg"],
        }
    }
}

/// What a document is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parent {
    Contract(ContractId),
    Placement(PlacementId),
}

impl Parent {
    /// The parent's page ("/contracts/{id}"), and the documents page under it.
    pub fn path(&self) -> String {
        match self {
            Parent::Contract(id) => format!("/contracts/{id}"),
            Parent::Placement(id) => format!("/placements/{id}"),
        }
    }

    pub fn documents_path(&self) -> String {
        format!("{}/documents", self.path())
    }
}

/// An upload as the request carried it: the `file` part's name and bytes (at most
/// [`MAX_BYTES`]: a larger file is not kept, `too_large` says so) and the `kind` part.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    /// Whether a part named `file` came at all.
    pub has_file: bool,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub too_large: bool,
    /// A kind's code; empty for "other".
    pub kind: String,
}

/// A checked upload, ready to store.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub kind: DocumentKind,
    pub file_name: String,
    pub file_type: FileType,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Shared, so a transaction that runs again copies no file.
    pub bytes: Arc<Vec<u8>>,
}

impl NewDocument {
    /// Checks an upload: a file that is there, not empty, at most [`MAX_BYTES`], and a PDF, PNG
    /// or JPEG by its content; a known kind (none given: other). Errors name `file` and `kind`.
    pub fn parse(upload: Upload) -> Result<NewDocument, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = match upload.kind.trim() {
            "" => Some(DocumentKind::Other),
            code => DocumentKind::parse(code),
        };
        if kind.is_none() {
            errors.add("kind", t::KIND_UNKNOWN);
        }
        let file_type = if upload.too_large {
            errors.add("file", t::TOO_LARGE);
            None
        } else if !upload.has_file || upload.bytes.is_empty() {
            errors.add("file", t::NO_FILE);
            None
        } else if upload.bytes.len() > MAX_BYTES {
            errors.add("file", t::TOO_LARGE);
            None
        } else {
            let sniffed = FileType::sniff(&upload.bytes);
            if sniffed.is_none() {
                errors.add("file", t::WRONG_TYPE);
            }
            sniffed
        };
        match (kind, file_type) {
            (Some(kind), Some(file_type)) if errors.is_empty() => Ok(NewDocument {
                kind,
                file_name: clean_file_name(&upload.file_name, file_type),
                file_type,
                sha256: sha256_hex(&upload.bytes),
                bytes: Arc::new(upload.bytes),
            }),
            _ => Err(errors),
        }
    }
}

/// SHA-256 in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The name a file is stored and offered under: the last part of what the browser sent (no
/// folders), letters (æ, ø, å and others, with combining accents), digits and `. - _ ( ) ,`
/// kept and everything else (control characters, quotes, slashes, semicolons) made `_`, no
/// leading or trailing dots or spaces, at most 120 characters, ending in the extension of what
/// the content is (a PDF called `x.png` is offered as `x.png.pdf`).
pub fn clean_file_name(raw: &str, file_type: FileType) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = base
        .chars()
        .map(|c| {
            let combining = ('\u{300}'..='\u{36f}').contains(&c);
            if c.is_alphanumeric() || combining || matches!(c, '.' | '-' | '_' | '(' | ')' | ',') {
                c
            } else if c == ' ' {
                ' '
            } else {
                '_'
            }
        })
        .collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    let joined = words.join(" ");
    let trimmed = joined.trim_matches(|c: char| c == '.' || c == ' ');
    let mut name: String = if trimmed.is_empty() {
        t::DEFAULT_FILE_NAME.to_string()
    } else {
        trimmed.to_string()
    };
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    let wanted = file_type.extensions();
    let suffix = if wanted.contains(&ext.as_str()) {
        String::new()
    } else {
        format!(".{}", wanted[0])
    };
    let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
    if name.chars().count() > room {
        // Keep the name's end (its extension) when it already has the right one.
        if suffix.is_empty() {
            let tail = format!(".{ext}");
            let head: String = name.chars().take(room - tail.chars().count()).collect();
            name = format!("{head}{tail}");
        } else {
            name = name.chars().take(room).collect();
        }
    }
    name.push_str(&suffix);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] =
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
    ];
    const JPEG: &[u8] = &[0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F', 0];

    fn upload(name: &str, bytes: &[u8]) -> Upload {
        Upload {
            has_file: true,
            file_name: name.into(),
            bytes: bytes.to_vec(),
            too_large: false,
            kind: String::new(),
        }
    }

    #[test]
    fn the_content_decides_the_type_not_the_name() {
        assert_eq!(FileType::sniff(PDF), Some(FileType::Pdf));
        assert_eq!(FileType::sniff(PNG), Some(FileType::Png));
        assert_eq!(FileType::sniff(JPEG), Some(FileType::Jpeg));
        assert_eq!(FileType::sniff(b"hello, I am text"), None);
        assert_eq!(
            FileType::sniff(b"GIF89a\x01\x00\x01\x00"),
            None,
            "a GIF is refused"
        );
        let err = NewDocument::parse(upload("x.pdf", b"just text")).expect_err("text");
        assert_eq!(err.get("file"), [t::WRONG_TYPE]);
        let ok = NewDocument::parse(upload("scan.png", PDF)).expect("a PDF named .png");
        assert_eq!(ok.file_type, FileType::Pdf);
        assert_eq!(ok.file_name, "scan.png.pdf");
        assert_eq!(ok.kind, DocumentKind::Other);
        assert_eq!(ok.sha256, sha256_hex(PDF));
        assert_eq!(ok.sha256.len(), 64);
    }

    #[test]
    fn empty_missing_large_and_unknown_kinds_are_named() {
        let mut none = upload("", b"");
        none.has_file = false;
        assert_eq!(
            NewDocument::parse(none).expect_err("none").get("file"),
            [t::NO_FILE]
        );
        let mut big = upload("big.pdf", b"");
        big.too_large = true;
        assert_eq!(
            NewDocument::parse(big).expect_err("big").get("file"),
            [t::TOO_LARGE]
        );
        let mut odd = upload("cv.pdf", PDF);
        odd.kind = "passport".into();
        assert_eq!(
            NewDocument::parse(odd).expect_err("kind").get("kind"),
            [t::KIND_UNKNOWN]
        );
        let mut cv = upload("cv.pdf", PDF);
        cv.kind = "cv".into();
        assert_eq!(NewDocument::parse(cv).expect("cv").kind, DocumentKind::Cv);
    }

    #[test]
    fn names_are_cleaned_and_keep_danish_letters() {
        let pdf = FileType::Pdf;
        assert_eq!(
            clean_file_name("C:\\Users\\x\\Kontrakt Ærø.pdf", pdf),
            "Kontrakt Ærø.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd", pdf), "passwd.pdf");
        assert_eq!(clean_file_name("a\"b;c\r\nd.PDF", pdf), "a_b_c__d.PDF");
        assert_eq!(clean_file_name("...", pdf), "dokument.pdf");
        assert_eq!(clean_file_name("", FileType::Jpeg), "dokument.jpg");
        assert_eq!(clean_file_name("foto.jpeg", FileType::Jpeg), "foto.jpeg");
        let long = format!("{}.pdf", "x".repeat(300));
        let cleaned = clean_file_name(&long, pdf);
        assert_eq!(cleaned.chars().count(), 120);
        assert!(cleaned.ends_with(".pdf"));
        let long = "y".repeat(300);
        let cleaned = clean_file_name(&long, pdf);
        assert_eq!(cleaned.chars().count(), 120);
        assert!(cleaned.ends_with(".pdf"));
    }
}
