//! Embeds every routine under `assets/routines/` into the binary: generates a list of
//! `(relative path, bytes)` pairs, so adding a routine file needs no code change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(std::io::Error::other)?);
    let routines = root.join("assets").join("routines");
    println!("cargo:rerun-if-changed={}", routines.display());
    let mut files = Vec::new();
    collect(&routines, &mut files)?;
    files.sort();
    let mut code = String::from(
        "/// Every bundled routine file: (path under assets/routines, contents).\npub static BUILTIN_ROUTINES: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let relative = file
            .strip_prefix(&routines)
            .map_err(std::io::Error::other)?;
        let name = relative.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            file.display().to_string()
        )
        .map_err(std::io::Error::other)?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(std::io::Error::other)?);
    std::fs::write(out.join("builtin_routines.rs"), code)
}
