//! The house as drawn (#19): reads `src/` with `syn` and builds the graph of which file (module)
//! refers to which, through `use` and through `crate::`/`super::` paths anywhere in the code
//! (test modules left out). It fails on an import cycle between files (a strongly connected
//! component of that graph), listing the references that close it, and on a reference against
//! the layers drawn in docs/architecture.md, naming the offending pair. It also fails on a string
//! literal with æ, ø or å outside `src/texts` (the Danish words live there).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::visit::Visit;

/// Every `.rs` file under `dir`, in path order.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every `.rs` file under `src/` with its module path (`crate::seats::service`).
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut files = Vec::new();
    walk(src, &mut files);
    let mut out = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).expect("under src");
        let mut parts: Vec<String> = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.last().map(String::as_str) {
            Some("lib") if parts.len() == 1 => parts.clear(),
            Some("main") if parts.len() == 1 => continue,
            Some("mod") => {
                parts.pop();
            }
            _ => {}
        }
        let mut name = String::from("crate");
        for p in parts {
            name.push_str("::");
            name.push_str(&p);
        }
        out.insert(name, f);
    }
    out
}

/// Collects the paths a file names: `use` trees and paths, outside `#[cfg(test)]` modules.
#[derive(Default)]
struct Refs {
    paths: Vec<Vec<String>>,
}

impl Refs {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                full.push(n.ident.to_string());
                self.paths.push(full);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                full.push(r.ident.to_string());
                self.paths.push(full);
            }
            syn::UseTree::Glob(_) => self.paths.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Refs {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !test_only(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if segs.first().is_some_and(|s| s == "crate" || s == "super") {
            self.paths.push(segs);
        }
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // Paths inside macro calls (maud's html!, format!): read the tokens for `crate :: a :: b`.
        let tokens: Vec<String> = m
            .tokens
            .clone()
            .into_iter()
            .map(|t| t.to_string())
            .collect();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i] == "crate" {
                let mut segs = vec!["crate".to_string()];
                let mut j = i + 1;
                while j + 2 < tokens.len() + 1
                    && tokens.get(j).is_some_and(|t| t == ":")
                    && tokens.get(j + 1).is_some_and(|t| t == ":")
                {
                    match tokens.get(j + 2) {
                        Some(id) if id.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                            segs.push(id.clone());
                            j += 3;
                        }
                        _ => break,
                    }
                }
                self.paths.push(segs);
                i = j;
            } else {
                i += 1;
            }
        }
        syn::visit::visit_macro(self, m);
    }
}

/// The module a path refers to: its longest prefix that is a file of the crate.
fn target(
    path: &[String],
    from: &str,
    known: &BTreeMap<String, PathBuf>,
    from_is_dir: bool,
) -> Option<String> {
    let (segs, rest): (Vec<String>, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (vec!["crate".into()], &path[1..]),
        Some("super") => {
            // `super` of a file module is its parent; of a `mod.rs` module, the grandparent's
            // child, i.e. the module's own parent as well.
            let mut base: Vec<String> = from.split("::").map(String::from).collect();
            let mut r = path;
            while r.first().is_some_and(|s| s == "super") {
                base.pop();
                r = &r[1..];
            }
            let _ = from_is_dir;
            (base, r)
        }
        _ => return None,
    };
    let mut best = None;
    let mut cur = segs.join("::");
    if known.contains_key(&cur) {
        best = Some(cur.clone());
    }
    for s in rest {
        cur.push_str("::");
        cur.push_str(s);
        if known.contains_key(&cur) {
            best = Some(cur.clone());
        }
    }
    best
}

/// Tarjan's strongly connected components, the cycles among them.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(edges) = s.graph.get(v) {
            for w in edges {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(lw));
                } else if s.on_stack.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(iw));
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

/// The graph of file-to-file references in `src/`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&src);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &known {
        let text = std::fs::read_to_string(file).expect("read");
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut refs = Refs::default();
        refs.visit_file(&ast);
        let is_dir = file.ends_with("mod.rs") || file.ends_with("lib.rs");
        let edges = graph.entry(module.clone()).or_default();
        for p in &refs.paths {
            if let Some(t) = target(p, module, &known, is_dir) {
                // A module naming its own children (`pub mod x;`, `crate::x` from lib.rs) is
                // structure, not a dependency.
                if t != *module && t != "crate" && !t.starts_with(&format!("{module}::")) {
                    edges.insert(t);
                }
            }
        }
    }
    graph
}

#[test]
fn no_import_cycles() {
    let g = graph();
    assert!(
        g.contains_key("crate::seats::service") && g.len() > 40,
        "the crate was read: {} modules",
        g.len()
    );
    let mut problems = Vec::new();
    for cycle in cycles(&g) {
        let edges: Vec<String> = cycle
            .iter()
            .flat_map(|a| {
                g[a].iter()
                    .filter(|b| cycle.contains(*b))
                    .map(move |b| format!("  {a} → {b}"))
            })
            .collect();
        problems.push(format!(
            "an import cycle of {} modules:\n{}",
            cycle.len(),
            edges.join("\n")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let edge = |g: &mut BTreeMap<String, BTreeSet<String>>, a: &str, b: &str| {
        g.entry(a.into()).or_default().insert(b.into());
    };
    edge(&mut g, "a", "b");
    edge(&mut g, "b", "c");
    edge(&mut g, "c", "a");
    edge(&mut g, "c", "d");
    let found = cycles(&g);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0],
        ["a", "b", "c"].iter().map(|s| s.to_string()).collect()
    );
}

/// The layers of the house, bottom (0) to top, as docs/architecture.md draws them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    /// `db`, `clock`, `error`, `ui`, `extract`, `state`, `auth::policy` and the actor it decides for.
    Infrastructure,
    /// Types and rules: no actix, no diesel.
    Model,
    /// All SQL of an area.
    Store,
    /// Policy → parse → store, in one transaction; and the request's user (`auth::session`).
    Service,
    /// Pages and API handlers.
    Door,
    /// Know every area; nothing imports them.
    Top,
}

/// The areas: each has the rooms model, store, service, pages and api.
const AREAS: &[&str] = &[
    "agreements",
    "attendance",
    "audit",
    "auth",
    "campaign",
    "contracts",
    "directory",
    "documents",
    "hours",
    "mail",
    "seats",
    "tasks",
    "visits",
];

/// The one documented exception (docs/architecture.md): contracts check and apply seat capacity
/// inside the contract's own transaction through seats' small, named `capacity` module.
const EXCEPTIONS: &[(&str, &str)] = &[("crate::contracts::service", "crate::seats::capacity")];

/// A module's area (`seats`) and layer; `None` for structure (`lib.rs`, an area's `mod.rs`).
fn place(module: &str) -> Option<(Option<&str>, Layer)> {
    let parts: Vec<&str> = module.split("::").skip(1).collect();
    let first = *parts.first()?;
    if !AREAS.contains(&first) {
        let layer = match first {
            "cli" | "startup" | "openapi" | "home" | "demo" | "national" | "config" => Layer::Top,
            "health" | "accessibility" => Layer::Door,
            "db" | "clock" | "error" | "ui" | "extract" | "state" | "telemetry" | "texts"
            | "ids" => Layer::Infrastructure,
            other => panic!("{other}: not placed in a layer; add it to place()"),
        };
        return Some((None, layer));
    }
    let room = *parts.get(1)?;
    let layer = match (first, room) {
        ("auth", "policy" | "model") => Layer::Infrastructure,
        (
            _,
            "model" | "book" | "cpr" | "workflow" | "import" | "mfa" | "password" | "token"
            | "compose",
        ) => Layer::Model,
        (_, "store" | "view" | "ratio") => Layer::Store,
        (_, "service" | "session" | "capacity" | "retention" | "economy" | "jobs" | "sender") => {
            Layer::Service
        }
        (_, "pages" | "api") => Layer::Door,
        (area, other) => panic!("{area}::{other}: not placed in a layer; add it to place()"),
    };
    Some((Some(first), layer))
}

/// A reference against the direction: a module naming one above it, or another area's
/// service, pages or api (an area uses another area's model and store only).
fn against_direction(from: &str, to: &str) -> Option<&'static str> {
    let (Some((from_area, from_layer)), Some((to_area, to_layer))) = (place(from), place(to))
    else {
        return None;
    };
    if EXCEPTIONS.contains(&(from, to)) {
        return None;
    }
    if to_layer > from_layer {
        return Some("imports a layer above it");
    }
    if from_layer != Layer::Top
        && to_area.is_some()
        && from_area != to_area
        && matches!(to_layer, Layer::Service | Layer::Door)
        && !to.ends_with("::session")
    {
        return Some("reaches into another area's service, pages or api");
    }
    None
}

#[test]
fn every_import_points_down() {
    let g = graph();
    let mut problems = Vec::new();
    for (from, tos) in &g {
        for to in tos {
            if let Some(why) = against_direction(from, to) {
                problems.push(format!("  {from} → {to}: {why}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} references against the direction in docs/architecture.md:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn sql_lives_in_the_stores() {
    // `db` itself, the stores and read sides, and the demo loaders (bulk inserts of made-up
    // data) name the schema; every other module asks a store.
    let g = graph();
    let mut offenders: Vec<&str> = g
        .iter()
        .filter(|(_, to)| to.contains("crate::db::schema"))
        .map(|(m, _)| m.as_str())
        .filter(|m| !m.starts_with("crate::db") && !m.starts_with("crate::demo"))
        .filter(|m| !matches!(place(m), Some((_, Layer::Store))))
        .collect();
    offenders.sort();
    assert!(
        offenders.is_empty(),
        "SQL outside the store layer (move the queries into the area's store): {offenders:?}"
    );
}

#[test]
fn texts_and_the_clock_are_leaves() {
    // The words and the time are at the very bottom: an English translation swaps `texts`, a
    // test moves the clock, and neither drags anything of the crate along.
    let g = graph();
    for leaf in ["crate::texts", "crate::clock"] {
        let mut used: Vec<&String> = g
            .iter()
            .filter(|(m, _)| *m == leaf || m.starts_with(&format!("{leaf}::")))
            .flat_map(|(_, to)| to.iter())
            .filter(|t| !t.starts_with(leaf))
            .collect();
        used.sort();
        assert!(used.is_empty(), "{leaf} imports {used:?}");
    }
}

#[test]
fn the_direction_rule_catches_what_it_should() {
    assert!(against_direction("crate::seats::store", "crate::seats::service").is_some());
    assert!(against_direction("crate::contracts::model", "crate::contracts::store").is_some());
    assert!(against_direction("crate::ui", "crate::auth::session").is_some());
    assert!(against_direction("crate::contracts::pages", "crate::hours::service").is_some());
    assert!(against_direction("crate::hours::service", "crate::contracts::service").is_some());
    assert!(against_direction("crate::seats::api", "crate::home").is_some());
    assert!(against_direction("crate::tasks::store", "crate::seats::capacity").is_some());
    assert!(against_direction("crate::hours::service", "crate::contracts::store").is_none());
    assert!(against_direction("crate::seats::pages", "crate::seats::service").is_none());
    assert!(against_direction("crate::contracts::service", "crate::seats::capacity").is_none());
    assert!(against_direction("crate::home", "crate::contracts::service").is_none());
}

/// Literals with æ, ø or å outside `src/texts` that are not texts, each by file and exact value.
const NOT_TEXTS: &[(&str, &str)] = &[
    // The sort key reads "aa" as the old spelling of å (Aabenraa sorts as Åbenrå).
    ("src/ui/format.rs", "å"),
    // The CSV import matches the headers people write: "aa" as å, then Danish header names
    // (input it recognises, not words it shows).
    ("src/campaign/import.rs", "å"),
    ("src/campaign/import.rs", "måned"),
    ("src/campaign/import.rs", "målgruppe"),
    // A region's name is its value in the API (a serde rename, which must be a literal), and the
    // name of a Danish authority rather than a translatable word.
    ("src/directory/model.rs", "Hovedstaden & Sjælland"),
];

/// The string literals with æ, ø or å of a file, with their lines, outside `#[cfg(test)]` and
/// `#[test]` items and doc comments. Literals inside macro calls (`html!`, `format!`,
/// `coded_enum!`) and attributes (`#[validate(… message = "…")]`) count too.
#[derive(Default)]
struct Danish {
    found: Vec<(usize, String)>,
}

impl Danish {
    fn literal(&mut self, line: usize, value: String) {
        if value.chars().any(|c| "æøåÆØÅ".contains(c)) {
            self.found.push((line, value));
        }
    }

    fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Group(g) => self.tokens(g.stream()),
                proc_macro2::TokenTree::Literal(l) => {
                    let line = l.span().start().line;
                    if let syn::Lit::Str(s) = syn::Lit::new(l) {
                        self.literal(line, s.value());
                    }
                }
                _ => {}
            }
        }
    }
}

fn test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg")
                && a.parse_args::<syn::Meta>()
                    .is_ok_and(|meta| meta.path().is_ident("test")))
    })
}

impl<'ast> Visit<'ast> for Danish {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Const(i) => &i.attrs,
            syn::Item::Enum(i) => &i.attrs,
            syn::Item::Fn(i) => &i.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Macro(i) => &i.attrs,
            syn::Item::Mod(i) => &i.attrs,
            syn::Item::Static(i) => &i.attrs,
            syn::Item::Struct(i) => &i.attrs,
            syn::Item::Trait(i) => &i.attrs,
            syn::Item::Use(i) => &i.attrs,
            _ => &[],
        };
        if !test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !test_only(&f.attrs) {
            syn::visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_attribute(&mut self, a: &'ast syn::Attribute) {
        if a.path().is_ident("doc") {
            return;
        }
        if let syn::Meta::List(list) = &a.meta {
            self.tokens(list.tokens.clone());
        }
        syn::visit::visit_attribute(self, a);
    }

    fn visit_lit_str(&mut self, s: &'ast syn::LitStr) {
        self.literal(s.span().start().line, s.value());
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        syn::visit::visit_macro(self, m);
    }
}

fn danish_literals(source: &str) -> syn::Result<Vec<(usize, String)>> {
    let ast = syn::parse_file(source)?;
    let mut d = Danish::default();
    d.visit_file(&ast);
    Ok(d.found)
}

#[test]
fn danish_texts_live_in_the_texts_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    assert!(files.len() > 40, "src was read: {} files", files.len());
    let mut problems = Vec::new();
    let mut allowed_used = BTreeSet::new();
    for file in &files {
        let rel = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("src/texts/") || rel.starts_with("src/demo/") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("read");
        let found = danish_literals(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        for (line, value) in found {
            match NOT_TEXTS.iter().position(|(f, v)| *f == rel && *v == value) {
                Some(i) => {
                    allowed_used.insert(i);
                }
                None => problems.push(format!("  {rel}:{line}: {value:?}")),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} Danish texts outside src/texts (move each into its area's texts module; a literal \
         that is not a text goes into NOT_TEXTS with the reason):\n{}",
        problems.len(),
        problems.join("\n")
    );
    let stale: Vec<_> = NOT_TEXTS
        .iter()
        .enumerate()
        .filter(|(i, _)| !allowed_used.contains(i))
        .map(|(_, entry)| entry)
        .collect();
    assert!(
        stale.is_empty(),
        "NOT_TEXTS names literals no longer there: {stale:?}"
    );
}

#[test]
fn the_danish_finder_finds_danish() {
    let source = r#"
        //! Modulets beskrivelse på dansk er ikke en tekst.
        /// Heller ikke en doc-kommentar: "på".
        pub const A: &str = "Vælg en";
        coded_enum!(X { Y => "y", "Løntilskud"; });
        #[derive(Validate)]
        struct S {
            #[validate(length(max = 2, message = "Højst 2 tegn"))]
            name: String,
        }
        fn f(n: i32) -> String {
            let _ = html! { p { "Gem ændringer" } };
            format!("{n} år")
        }
        #[cfg(test)]
        mod tests {
            fn g() -> &'static str { "prøve" }
        }
        #[test]
        fn h() { assert_eq!("ø", "ø"); }
        const PLAIN: &str = "no letters of note";
    "#;
    let found = danish_literals(source).expect("parses");
    let (lines, values): (Vec<usize>, Vec<String>) = found.into_iter().unzip();
    assert_eq!(
        values,
        [
            "Vælg en",
            "Løntilskud",
            "Højst 2 tegn",
            "Gem ændringer",
            "{n} år"
        ]
    );
    assert_eq!(lines, [4, 5, 8, 12, 13], "the lines in the file");
}

/// Finds parameters named like an id (`id`, `contract_id`, `only_id`) whose type is a bare string.
#[derive(Default)]
struct BareIds {
    found: Vec<String>,
}

impl BareIds {
    fn check(&mut self, sig: &syn::Signature) {
        for input in &sig.inputs {
            let syn::FnArg::Typed(arg) = input else {
                continue;
            };
            let syn::Pat::Ident(name) = &*arg.pat else {
                continue;
            };
            let name = name.ident.to_string();
            if name != "id" && !name.ends_with("_id") {
                continue;
            }
            let ty = arg.ty.to_token_stream().to_string().replace(' ', "");
            if [
                "&str",
                "String",
                "&String",
                "Option<&str>",
                "Option<String>",
            ]
            .contains(&ty.as_str())
            {
                self.found.push(format!("{}({name}: {ty})", sig.ident));
            }
        }
    }
}

impl<'ast> Visit<'ast> for BareIds {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !test_only(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        self.check(sig);
    }
}

#[test]
fn ids_are_typed_in_service_and_store_signatures() {
    // `choices(&jobcenter, &company)` must not compile with the two swapped: a service or store
    // takes `&ContractId`, `CompanyId`… (src/ids.rs), never a bare `&str`/`String` id.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for (module, file) in modules(&src) {
        if !matches!(place(&module), Some((_, Layer::Service | Layer::Store))) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read");
        let ast = syn::parse_file(&text).expect("parse");
        let mut v = BareIds::default();
        v.visit_file(&ast);
        problems.extend(v.found.into_iter().map(|f| format!("  {module}: {f}")));
    }
    assert!(
        problems.is_empty(),
        "{} bare string ids in service/store signatures (use the types in src/ids.rs):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
