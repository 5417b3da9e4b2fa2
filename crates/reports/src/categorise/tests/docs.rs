//! docs/categories.md lists the taxonomy; it must not drift from the data file.

use super::super::taxonomy::taxonomy;

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/categories.md");

#[test]
fn the_documentation_lists_every_leaf_and_the_version() {
    let doc = std::fs::read_to_string(DOC).unwrap_or_else(|e| panic!("{DOC}: {e}"));
    let t = taxonomy();
    assert!(
        doc.contains(&format!("`{}`", t.version)),
        "docs/categories.md does not name version {}",
        t.version
    );
    let missing: Vec<&str> =
        t.leaves.iter().map(|l| l.code.as_str()).filter(|code| !doc.contains(&format!("`{code}`"))).collect();
    assert!(missing.is_empty(), "docs/categories.md misses these leaves: {missing:?}");
    for leaf in &t.leaves {
        let role = leaf.role.map(|r| serde_json::to_string(&r).unwrap_or_default().replace('"', ""));
        if let Some(role) = role {
            let row = doc.lines().find(|l| l.contains(&format!("`{}`", leaf.code))).unwrap_or_default();
            assert!(row.contains(&role), "the row of {} does not give its role {role}", leaf.code);
        }
    }
}
