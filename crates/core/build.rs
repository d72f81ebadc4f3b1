//! Embeds the default theme (`themes/default/`) into the binary as one table
//! of (path, bytes), so `congkhai build` works on a site without a themes
//! folder. Adding a file to the theme needs no code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: `env!` would freeze the folder this script was
    // first compiled in, and a moved checkout would embed stale files.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("../../themes/default");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<_> = walk(&root);
    files.sort();
    let mut out = String::from("/// The default theme's files: (path under themes/default, bytes).\npub(super) static FILES: &[(&str, &[u8])] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(dest, out).unwrap();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
