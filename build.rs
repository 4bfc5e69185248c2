// Rebuild when a migration changes: embed_migrations! does not notice changed SQL files.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
