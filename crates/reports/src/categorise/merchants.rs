//! Known counterparties by CNPJ (`data/merchants.json`): merchants, employers, platforms, card
//! acquirers, betting operators and public bodies. An entry names one establishment (14
//! characters) or a whole company by its 8-character root.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::leaf_choice::{LeafChoice, LeafFields};
use super::taxonomy::Taxonomy;

#[derive(Clone, Debug)]
pub(super) struct Merchant {
    pub leaves: LeafChoice,
    pub brand: Option<String>,
}

#[derive(Clone, Debug)]
pub(super) struct Merchants {
    entries: Vec<Merchant>,
    exact: HashMap<[u8; 14], usize>,
    roots: HashMap<[u8; 8], usize>,
}

impl Merchants {
    pub(super) fn parse(json: &str, taxonomy: &Taxonomy) -> Result<Merchants, String> {
        let file: MerchantsFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut kinds = HashMap::new();
        for (name, fields) in &file.kinds {
            let choice = LeafChoice::resolve(fields, taxonomy).map_err(|e| format!("kinds.{name}: {e}"))?;
            kinds.insert(name.as_str(), choice);
        }
        let mut merchants = Merchants {
            entries: Vec::with_capacity(file.merchants.len()),
            exact: HashMap::new(),
            roots: HashMap::new(),
        };
        for (index, entry) in file.merchants.iter().enumerate() {
            let at = |e: &str| format!("merchants[{index}] ({}): {e}", entry.name);
            let leaves = *kinds.get(entry.kind.as_str()).ok_or_else(|| at("unknown kind"))?;
            let repeated = match cnpj_key::<14>(&entry.cnpj) {
                Some(key) => merchants.exact.insert(key, index).is_some(),
                None => {
                    let key = cnpj_key::<8>(&entry.cnpj)
                        .ok_or_else(|| at("cnpj is neither 14 nor 8 characters"))?;
                    merchants.roots.insert(key, index).is_some()
                }
            };
            if repeated {
                return Err(at("cnpj listed twice"));
            }
            merchants.entries.push(Merchant { leaves, brand: entry.brand.clone() });
        }
        Ok(merchants)
    }

    /// The entry of a counterparty's CNPJ (punctuation allowed): the establishment's own entry
    /// first, then its company's root.
    pub(super) fn find(&self, tax_id: &str) -> Option<&Merchant> {
        let key = cnpj_key::<14>(tax_id)?;
        let index = self.exact.get(&key).or_else(|| {
            let mut root = [0u8; 8];
            root.copy_from_slice(&key[..8]);
            self.roots.get(&root)
        })?;
        self.entries.get(*index)
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The `N` alphanumeric characters of a CNPJ (or of its root), uppercased, punctuation
/// skipped; `None` for any other length (a CPF, garbage).
fn cnpj_key<const N: usize>(raw: &str) -> Option<[u8; N]> {
    let mut key = [0u8; N];
    let mut len = 0;
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() {
            *key.get_mut(len)? = b.to_ascii_uppercase();
            len += 1;
        } else if !matches!(b, b'.' | b'/' | b'-' | b' ') {
            return None;
        }
    }
    (len == N).then_some(key)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MerchantsFile {
    #[serde(default, rename = "comment")]
    _comment: Option<String>,
    kinds: BTreeMap<String, LeafFields>,
    merchants: Vec<MerchantEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MerchantEntry {
    cnpj: String,
    name: String,
    #[serde(default)]
    brand: Option<String>,
    kind: String,
    #[serde(rename = "origin")]
    _origin: Origin,
}

/// Where an entry's CNPJ comes from (documentation only; see the file's comment).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Origin {
    Sandbox,
    Public,
    Illustrative,
}

#[cfg(test)]
pub(super) fn entries_for_tests(json: &str) -> Vec<(String, String)> {
    serde_json::from_str::<MerchantsFile>(json)
        .map(|f| f.merchants.into_iter().map(|m| (m.cnpj, m.kind)).collect())
        .unwrap_or_default()
}
