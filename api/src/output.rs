//! What the console commands share about their output: usage errors found after parsing, and
//! files that are never replaced without `--force`.

use std::fmt;
use std::path::Path;

/// A usage error found after clap's parsing (a file already there without `--force`, a
/// missing option): `sapat` prints it as any error but exits 2, as for clap's own.
#[derive(Debug)]
pub struct Usage(pub String);

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// The refusal to replace `out` (exit 2).
pub fn exists(out: &Path) -> anyhow::Error {
    Usage(format!(
        "{} already exists; give --force to replace it, or another --out",
        out.display()
    ))
    .into()
}

/// Creates `out` for writing. A file already there is replaced only with `force`: `--out`
/// once wrote a CSV over a 106 MB database file without a word. Checked as the file is
/// opened (`create_new`), so nothing can appear in between.
pub fn create(out: &Path, force: bool) -> anyhow::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(out).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => exists(out),
        _ => anyhow::Error::new(e).context(format!("while creating {}", out.display())),
    })
}
