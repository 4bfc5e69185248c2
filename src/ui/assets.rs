//! Det Fælles Designsystem's files (static/dkfds: stylesheet, fonts, icons, licences), embedded
//! in the binary and served at `/static/dkfds/...`. scripts/vendor-dfds.sh vendors them from the
//! npm package `dkfds`; docs/design-system.md says which parts the pages use.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "static/dkfds/"]
struct Dkfds;

/// Where the files are served.
pub const PREFIX: &str = "/static/dkfds/";

/// The stylesheet's address, with a hash of its content so browsers fetch a new version at once
/// (the files are cached for a year).
pub fn dkfds_stylesheet_href() -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let hash = Dkfds::get("css/dkfds-virkdk.min.css")
            .map(|f| hex::encode(f.metadata.sha256_hash()))
            .unwrap_or_default();
        format!(
            "{PREFIX}css/dkfds-virkdk.min.css?v={}",
            &hash[..hash.len().min(12)]
        )
    })
}

/// One embedded file with its media type; 404 for any other path. The stylesheet names fonts
/// and icons by relative URL without a version, so every file is cached for a day and
/// revalidated by its ETag (a content hash) after that; a new vendored version changes the
/// stylesheet's URL, and the stylesheet's own long cache is safe because of that.
pub async fn serve(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let path = path.into_inner();
    let Some(file) = Dkfds::get(&path) else {
        return crate::ui::error_page(
            actix_web::http::StatusCode::NOT_FOUND,
            crate::texts::ERR_NOT_FOUND,
        );
    };
    let etag = format!("\"{}\"", hex::encode(&file.metadata.sha256_hash()[..16]));
    let versioned = req.query_string().starts_with("v=");
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=86400"
    };
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if fresh {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
    }
    // mime_guess still names the old `application/font-woff`; RFC 8081 registered font/woff.
    let mime = if path.ends_with(".woff") {
        "font/woff"
    } else {
        file.metadata.mimetype()
    };
    // Text files say their character set; fonts and images are bytes.
    let content_type = if mime.starts_with("text/") || mime == "image/svg+xml" {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(file.data.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_the_stylesheet_names_is_embedded() {
        let css = Dkfds::get("css/dkfds-virkdk.min.css").expect("stylesheet embedded");
        let css = String::from_utf8_lossy(&css.data);
        let mut named = 0;
        for part in css.split("url(../").skip(1) {
            let file = part.split(')').next().unwrap_or("");
            assert!(
                Dkfds::get(file).is_some(),
                "{file} is named but not vendored"
            );
            named += 1;
        }
        assert!(named > 100, "only {named} files named");
        assert!(!css.contains(".eot)") && !css.contains(".ttf)"));
    }

    #[test]
    fn fonts_and_icons_have_their_media_types() {
        let woff2 = Dkfds::get("fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2")
            .expect("font embedded");
        assert_eq!(woff2.metadata.mimetype(), "font/woff2");
        let svg = Dkfds::get("img/svg-icons/check.svg").expect("icon embedded");
        assert_eq!(svg.metadata.mimetype(), "image/svg+xml");
        assert!(dkfds_stylesheet_href().starts_with("/static/dkfds/css/dkfds-virkdk.min.css?v="));
    }
}
