//! The versioned three-level taxonomy, parsed once from `data/taxonomy.json` (embedded in the
//! binary, so a report always names the version it was categorised with).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use serde::Deserialize;

use super::{Leaf, Role};

/// The code of the leaf every rule falls back to.
pub const FALLBACK_CODE: &str = "outros.outros.nao_categorizado";

const TAXONOMY_JSON: &str = include_str!("../../data/taxonomy.json");

static TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(|| {
    // The file is part of the program, not input: `taxonomy_data_is_valid` parses it in the unit
    // tests, so a broken file fails the build's tests instead of a report.
    Taxonomy::parse(TAXONOMY_JSON).unwrap_or_else(|e| panic!("data/taxonomy.json: {e}"))
});

/// The shipped taxonomy.
pub fn taxonomy() -> &'static Taxonomy {
    &TAXONOMY
}

/// Every leaf of the taxonomy, in the data file's order, and its version.
#[derive(Debug)]
pub struct Taxonomy {
    /// `YYYY.MM` of the taxonomy's last change, shown in reports.
    pub version: String,
    pub leaves: Vec<Leaf>,
    categories: Vec<Category>,
    by_code: HashMap<String, LeafId>,
    /// For each leaf (same index as `leaves`), the indexes of its level 1 and level 2.
    paths: Vec<(u16, u16)>,
}

/// A first-level category and its subcategories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub code: String,
    pub name: String,
    pub subcategories: Vec<Subcategory>,
}

/// A second-level category; its leaves are [`Taxonomy::leaves_of`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subcategory {
    /// `level1.level2`.
    pub code: String,
    pub name: String,
    leaves: Range<usize>,
}

/// A leaf's position in [`Taxonomy::leaves`]; the rules refer to leaves by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct LeafId(u16);

/// What a rule may refine within: keywords may replace a rule's leaf only by a leaf of the same
/// level 1 or level 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Category(u16),
    Subcategory(u16),
}

impl Taxonomy {
    /// The leaf with this code (`renda.renda_ativa.salario`).
    pub fn leaf(&self, code: &str) -> Option<&Leaf> {
        self.by_code.get(code).map(|id| self.get(*id))
    }

    /// The first-level categories, each with its subcategories, in the data file's order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The leaves of a subcategory.
    pub fn leaves_of(&self, subcategory: &Subcategory) -> &[Leaf] {
        self.leaves.get(subcategory.leaves.clone()).unwrap_or(&[])
    }

    /// `outros.outros.nao_categorizado`.
    pub fn fallback(&self) -> &Leaf {
        self.get(self.fallback_id())
    }

    pub(crate) fn id(&self, code: &str) -> Option<LeafId> {
        self.by_code.get(code).copied()
    }

    pub(crate) fn get(&self, id: LeafId) -> &Leaf {
        &self.leaves[usize::from(id.0)]
    }

    pub(crate) fn fallback_id(&self) -> LeafId {
        // `parse` refuses a taxonomy without the fallback leaf.
        self.by_code.get(FALLBACK_CODE).copied().unwrap_or(LeafId(0))
    }

    /// The first-level category a leaf belongs to.
    pub(crate) fn category_of(&self, id: LeafId) -> Scope {
        Scope::Category(self.paths[usize::from(id.0)].0)
    }

    /// The subcategory a leaf belongs to.
    pub(crate) fn subcategory_of(&self, id: LeafId) -> Scope {
        Scope::Subcategory(self.paths[usize::from(id.0)].1)
    }

    pub(crate) fn in_scope(&self, id: LeafId, scope: Scope) -> bool {
        let (l1, l2) = self.paths[usize::from(id.0)];
        match scope {
            Scope::Category(c) => l1 == c,
            Scope::Subcategory(s) => l2 == s,
        }
    }

    fn parse(json: &str) -> Result<Taxonomy, String> {
        let file: TaxonomyFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut taxonomy = Taxonomy {
            version: file.version,
            leaves: Vec::new(),
            categories: Vec::new(),
            by_code: HashMap::new(),
            paths: Vec::new(),
        };
        let mut subcategory_count = 0u16;
        for (l1, category) in file.categories.into_iter().enumerate() {
            let l1 = u16::try_from(l1).map_err(|_| "too many categories")?;
            check_code_part(&category.code)?;
            let mut subcategories = Vec::new();
            for subcategory in category.subcategories {
                check_code_part(&subcategory.code)?;
                let start = taxonomy.leaves.len();
                for leaf in subcategory.leaves {
                    check_code_part(&leaf.code)?;
                    let code = format!("{}.{}.{}", category.code, subcategory.code, leaf.code);
                    let id = LeafId(u16::try_from(taxonomy.leaves.len()).map_err(|_| "too many leaves")?);
                    if taxonomy.by_code.insert(code.clone(), id).is_some() {
                        return Err(format!("leaf code {code} appears twice"));
                    }
                    taxonomy.leaves.push(Leaf {
                        code,
                        names: [category.name.clone(), subcategory.name.clone(), leaf.name],
                        role: leaf.role,
                    });
                    taxonomy.paths.push((l1, subcategory_count));
                }
                if start == taxonomy.leaves.len() {
                    return Err(format!("{}.{} has no leaves", category.code, subcategory.code));
                }
                subcategories.push(Subcategory {
                    code: format!("{}.{}", category.code, subcategory.code),
                    name: subcategory.name,
                    leaves: start..taxonomy.leaves.len(),
                });
                subcategory_count = subcategory_count.checked_add(1).ok_or("too many subcategories")?;
            }
            taxonomy.categories.push(Category { code: category.code, name: category.name, subcategories });
        }
        if !taxonomy.by_code.contains_key(FALLBACK_CODE) {
            return Err(format!("the fallback leaf {FALLBACK_CODE} is missing"));
        }
        Ok(taxonomy)
    }
}

/// One part of a leaf code: lowercase ASCII snake case, so codes are stable identifiers.
fn check_code_part(part: &str) -> Result<(), String> {
    let valid = !part.is_empty()
        && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && part.as_bytes()[0].is_ascii_lowercase();
    if valid { Ok(()) } else { Err(format!("code part {part:?} is not lowercase ASCII snake case")) }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    version: String,
    categories: Vec<CategoryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    code: String,
    name: String,
    subcategories: Vec<SubcategoryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubcategoryEntry {
    code: String,
    name: String,
    leaves: Vec<LeafEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeafEntry {
    code: String,
    name: String,
    #[serde(default)]
    role: Option<Role>,
}

#[cfg(test)]
pub(crate) fn parse_for_tests(json: &str) -> Result<Taxonomy, String> {
    Taxonomy::parse(json)
}
