//! Merchant category codes (ISO 18245, the card `payeeMCC`) to leaves (`data/mcc.json`).

use std::collections::HashMap;

use serde::Deserialize;

use super::taxonomy::{LeafId, Taxonomy};

/// The leaf of one MCC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct MccLeaf {
    pub leaf: LeafId,
    /// A catch-all code (5999 "miscellaneous retail"): the name's keywords are tried first.
    pub weak: bool,
}

#[derive(Clone, Debug)]
pub(super) struct MccTable {
    codes: HashMap<u32, MccLeaf>,
}

/// The highest code ISO 18245 defines room for.
const MAX_MCC: u32 = 9999;

impl MccTable {
    pub(super) fn parse(json: &str, taxonomy: &Taxonomy) -> Result<MccTable, String> {
        let file: MccFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut codes = HashMap::new();
        for (index, entry) in file.entries.iter().enumerate() {
            let at = |e: String| format!("entries[{index}] ({}): {e}", entry.label);
            let leaf =
                taxonomy.id(&entry.leaf).ok_or_else(|| at(format!("unknown leaf {:?}", entry.leaf)))?;
            for spec in &entry.codes {
                let (from, to) = parse_range(spec).ok_or_else(|| at(format!("bad code {spec:?}")))?;
                for code in from..=to {
                    if codes.insert(code, MccLeaf { leaf, weak: entry.weak }).is_some() {
                        return Err(at(format!("code {code} listed twice")));
                    }
                }
            }
        }
        Ok(MccTable { codes })
    }

    pub(super) fn get(&self, mcc: u32) -> Option<MccLeaf> {
        self.codes.get(&mcc).copied()
    }

    pub(super) fn len(&self) -> usize {
        self.codes.len()
    }
}

/// `"5411"` or `"3000-3299"`.
fn parse_range(spec: &str) -> Option<(u32, u32)> {
    let (from, to) = match spec.split_once('-') {
        Some((a, b)) => (a.parse().ok()?, b.parse().ok()?),
        None => {
            let code = spec.parse().ok()?;
            (code, code)
        }
    };
    (from <= to && to <= MAX_MCC).then_some((from, to))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MccFile {
    #[serde(default, rename = "comment")]
    _comment: Option<String>,
    entries: Vec<MccEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MccEntry {
    codes: Vec<String>,
    label: String,
    leaf: String,
    #[serde(default)]
    weak: bool,
}
