//! Which leaf a rule gives, by the transaction's direction and whose data it is. Keyword rules
//! and merchant kinds share this shape in the data files.

use ponte_domain::Audience;
use ponte_domain::finance::Direction;
use serde::Deserialize;

use super::taxonomy::{LeafId, Taxonomy};

/// The leaf fields as the data files write them: `leaf` (either direction) or `debit`/`credit`,
/// and `business_debit`/`business_credit` to replace them when the data is a company's.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LeafFields {
    #[serde(default)]
    pub leaf: Option<String>,
    #[serde(default)]
    pub debit: Option<String>,
    #[serde(default)]
    pub credit: Option<String>,
    #[serde(default)]
    pub business_debit: Option<String>,
    #[serde(default)]
    pub business_credit: Option<String>,
}

/// [`LeafFields`] resolved against the taxonomy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct LeafChoice {
    debit: Option<LeafId>,
    credit: Option<LeafId>,
    business_debit: Option<LeafId>,
    business_credit: Option<LeafId>,
}

impl LeafChoice {
    pub(super) fn resolve(fields: &LeafFields, taxonomy: &Taxonomy) -> Result<LeafChoice, String> {
        let id = |code: &Option<String>| -> Result<Option<LeafId>, String> {
            code.as_deref()
                .map(|c| taxonomy.id(c).ok_or_else(|| format!("unknown leaf code {c:?}")))
                .transpose()
        };
        if fields.leaf.is_some() && (fields.debit.is_some() || fields.credit.is_some()) {
            return Err("`leaf` excludes `debit` and `credit`".to_owned());
        }
        let leaf = id(&fields.leaf)?;
        let choice = LeafChoice {
            debit: leaf.or(id(&fields.debit)?),
            credit: leaf.or(id(&fields.credit)?),
            business_debit: id(&fields.business_debit)?,
            business_credit: id(&fields.business_credit)?,
        };
        if choice == LeafChoice::default() {
            return Err("no leaf: give `leaf`, `debit`, `credit` or a `business_` one".to_owned());
        }
        Ok(choice)
    }

    /// The leaf for this direction and audience, if the rule has one.
    pub(super) fn pick(&self, direction: Direction, audience: Audience) -> Option<LeafId> {
        let business = audience == Audience::Business;
        match direction {
            Direction::Debit if business => self.business_debit.or(self.debit),
            Direction::Credit if business => self.business_credit.or(self.credit),
            Direction::Debit => self.debit,
            Direction::Credit => self.credit,
        }
    }
}
