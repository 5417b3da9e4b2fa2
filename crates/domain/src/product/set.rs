use std::collections::BTreeSet;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{ProductCode, ProductCodeError};

/// The products an app (or a link) has enabled: never empty, no duplicates, no unknown codes.
///
/// Parsed from the partner's list of strings, where `["all"]` (Klavi's "onboarding range")
/// means every product. Always serialised as the explicit, alphabetically sorted list of codes,
/// so a stored setting shows exactly what is enabled; note that this means an app saved as
/// `["all"]` does not automatically gain products added in later Ponte versions unless the
/// caller keeps the original `["all"]` (see [`ProductSet::is_all`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductSet(BTreeSet<ProductCode>);

/// Why a list of product codes is not a valid product set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductSetError {
    #[error("products must list at least one product code, or be [\"all\"]")]
    Empty,
    #[error("\"all\" must be the only entry of products; remove it or remove the other codes")]
    AllMixedWithCodes,
    #[error(transparent)]
    UnknownCode(#[from] ProductCodeError),
}

/// The keyword that expands to every product.
const ALL_KEYWORD: &str = "all";

impl ProductSet {
    /// Every product.
    pub fn all() -> ProductSet {
        ProductSet(ProductCode::ALL.into_iter().collect())
    }

    /// Parses the wire form: `["all"]`, or a non-empty list of product codes. Duplicates are
    /// harmless and collapse.
    pub fn parse<I, S>(items: I) -> Result<ProductSet, ProductSetError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut codes = BTreeSet::new();
        let mut saw_all = false;
        let mut saw_code = false;
        for item in items {
            let item = item.as_ref();
            if item == ALL_KEYWORD {
                saw_all = true;
            } else {
                codes.insert(item.parse::<ProductCode>()?);
                saw_code = true;
            }
            if saw_all && saw_code {
                return Err(ProductSetError::AllMixedWithCodes);
            }
        }
        if saw_all { Ok(ProductSet::all()) } else { ProductSet::new(codes) }
    }

    /// Builds a set from already-typed codes; fails only if there are none.
    pub fn new(codes: impl IntoIterator<Item = ProductCode>) -> Result<ProductSet, ProductSetError> {
        let codes: BTreeSet<_> = codes.into_iter().collect();
        if codes.is_empty() { Err(ProductSetError::Empty) } else { Ok(ProductSet(codes)) }
    }

    pub fn contains(&self, code: ProductCode) -> bool {
        self.0.contains(&code)
    }

    /// Codes in alphabetical order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = ProductCode> + '_ {
        self.0.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: a product set is never empty. Present for API symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether every product is enabled.
    pub fn is_all(&self) -> bool {
        self.0.len() == ProductCode::ALL.len()
    }

    /// Whether every product of `self` is also in `other` (e.g. a link's products within its
    /// app's enabled products).
    pub fn is_subset(&self, other: &ProductSet) -> bool {
        self.0.is_subset(&other.0)
    }
}

impl<'a> IntoIterator for &'a ProductSet {
    type Item = ProductCode;
    type IntoIter = std::iter::Copied<std::collections::btree_set::Iter<'a, ProductCode>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().copied()
    }
}

impl Serialize for ProductSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl<'de> Deserialize<'de> for ProductSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<String>::deserialize(deserializer)?;
        ProductSet::parse(items).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_expands_to_every_product() {
        let set = ProductSet::parse(["all"]).unwrap();
        assert!(set.is_all());
        assert_eq!(set.len(), 23);
        assert!(ProductCode::ALL.iter().all(|p| set.contains(*p)));
        assert_eq!(set, ProductSet::all());
        assert_eq!(ProductSet::parse(["all", "all"]).unwrap(), ProductSet::all());
    }

    #[test]
    fn explicit_codes_are_sorted_and_deduplicated() {
        let set = ProductSet::parse(["pj_identity", "pf_balance", "pf_balance"]).unwrap();
        let codes: Vec<_> = set.iter().collect();
        assert_eq!(codes, [ProductCode::PfBalance, ProductCode::PjIdentity]);
        assert!(!set.is_all() && !set.is_empty());
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"["pf_balance","pj_identity"]"#);
        assert!(set.is_subset(&ProductSet::all()));
        assert!(!ProductSet::all().is_subset(&set));
        assert_eq!((&set).into_iter().count(), 2);
    }

    #[test]
    fn rejects_invalid_lists() {
        assert_eq!(ProductSet::parse(Vec::<String>::new()), Err(ProductSetError::Empty));
        assert_eq!(ProductSet::parse(["all", "pf_balance"]), Err(ProductSetError::AllMixedWithCodes));
        assert_eq!(ProductSet::parse(["pf_balance", "all"]), Err(ProductSetError::AllMixedWithCodes));
        let err = ProductSet::parse(["pf_balance", "pf_nope"]).unwrap_err();
        assert_eq!(err, ProductSetError::UnknownCode(ProductCodeError { code: "pf_nope".into() }));
        assert!(err.to_string().contains("\"pf_nope\""));
        assert!(ProductSet::parse(["ALL"]).is_err());
        assert_eq!(ProductSet::new([]), Err(ProductSetError::Empty));
    }

    #[test]
    fn serde() {
        let set: ProductSet = serde_json::from_str(r#"["all"]"#).unwrap();
        assert!(set.is_all());
        let json = serde_json::to_string(&set).unwrap();
        assert!(json.starts_with(r#"["pf_balance","pf_categorized_checking_l2""#), "{json}");
        assert_eq!(serde_json::from_str::<ProductSet>(&json).unwrap(), set);
        let err = serde_json::from_str::<ProductSet>(r#"["all","pf_income"]"#).unwrap_err();
        assert!(err.to_string().contains("\"all\" must be the only entry"), "{err}");
        assert!(serde_json::from_str::<ProductSet>("[]").is_err());
        assert!(serde_json::from_str::<ProductSet>(r#""all""#).is_err());
    }
}
