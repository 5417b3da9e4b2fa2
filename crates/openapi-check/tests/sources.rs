//! The vendored specs are the upstream bytes: each file matches the sha256 prefix recorded in
//! specs/ofb/SOURCES.md, and every file is recorded there. An editor that strips the BOM or
//! re-indents a file fails this test (the checksum covers the BOM).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/ofb")
}

#[test]
fn vendored_files_match_sources_md() {
    let sources = std::fs::read_to_string(specs_dir().join("SOURCES.md")).unwrap_or_else(|e| panic!("{e}"));
    let mut listed = BTreeSet::new();
    for row in sources.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // | `file` | version | upstream path | commit | sha256 prefix | licence |
        let file = cells[1].trim_matches('`');
        let prefix = cells[5];
        let bytes = std::fs::read(specs_dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let digest: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert!(
            prefix.len() >= 12 && digest.starts_with(prefix),
            "{file}: sha256 {digest}, SOURCES.md says {prefix}"
        );
        listed.insert(file.to_owned());
    }
    let mut present = BTreeSet::new();
    for api in std::fs::read_dir(specs_dir()).unwrap_or_else(|e| panic!("{e}")).flatten() {
        if api.path().is_dir() {
            for file in std::fs::read_dir(api.path()).unwrap_or_else(|e| panic!("{e}")).flatten() {
                present.insert(format!(
                    "{}/{}",
                    api.file_name().to_string_lossy(),
                    file.file_name().to_string_lossy()
                ));
            }
        }
    }
    assert_eq!(present, listed, "files in specs/ofb and rows in SOURCES.md differ");
    assert_eq!(listed.len(), 13);
}
