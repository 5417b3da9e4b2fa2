//! The shipped rules, compiled once, and the order they are tried in (after an app's
//! overrides, which live in [`super::overrides`]):
//!
//! 1. own account: a transfer between the customer's own accounts;
//! 2. the counterparty's CNPJ in `merchants.json`;
//! 3. the OFB type (and card fee / credit-operation kind) when it says what the transaction is;
//! 4. the card's MCC in `mcc.json`;
//! 5. keywords of the normalised name in `keywords.json`;
//! 6. the fallback by channel, direction and counterparty; then `outros.outros.nao_categorizado`.
//!
//! Keywords also refine steps 2–4: a CNPJ or type leaf is replaced by the first keyword leaf of
//! the same level 2 (`Receita Federal` + `"das mei"` → DAS instead of DARF), an MCC leaf by the
//! first of the same level 1 (MCC 5812 restaurant + `"ifood"` → delivery), and a weak MCC
//! (5999 "miscellaneous") by any keyword leaf.

use std::sync::LazyLock;

use ponte_domain::Audience;
use ponte_domain::finance::Direction;

use super::by_type::{KnownLeaves, Party};
use super::keywords::{KeywordRules, RuleContext, SourceKind};
use super::mcc::MccTable;
use super::merchants::Merchants;
use super::normalise::Normalised;
use super::taxonomy::{LeafId, Scope, Taxonomy, taxonomy};
use super::{Source, TxnFacts};

const MERCHANTS_JSON: &str = include_str!("../../data/merchants.json");
const MCC_JSON: &str = include_str!("../../data/mcc.json");
const KEYWORDS_JSON: &str = include_str!("../../data/keywords.json");

static STANDARD: LazyLock<StandardRules> = LazyLock::new(|| {
    // The data files are part of the program; `standard_rules_build` compiles them in the unit
    // tests, so a broken file fails the tests rather than a report.
    StandardRules::build().unwrap_or_else(|e| panic!("categoriser data: {e}"))
});

pub(super) fn standard_rules() -> &'static StandardRules {
    &STANDARD
}

#[derive(Debug)]
pub(super) struct StandardRules {
    pub taxonomy: &'static Taxonomy,
    merchants: Merchants,
    mcc: MccTable,
    keywords: KeywordRules,
    known: KnownLeaves,
}

/// A leaf a rule before the keywords gave, and how far the keywords may refine it.
struct Base {
    leaf: LeafId,
    /// `None`: any keyword leaf replaces it (a weak MCC).
    scope: Option<Scope>,
}

impl StandardRules {
    pub(super) fn build() -> Result<StandardRules, String> {
        let taxonomy = taxonomy();
        Ok(StandardRules {
            taxonomy,
            merchants: Merchants::parse(MERCHANTS_JSON, taxonomy)
                .map_err(|e| format!("merchants.json: {e}"))?,
            mcc: MccTable::parse(MCC_JSON, taxonomy).map_err(|e| format!("mcc.json: {e}"))?,
            keywords: KeywordRules::parse(KEYWORDS_JSON, taxonomy)
                .map_err(|e| format!("keywords.json: {e}"))?,
            known: KnownLeaves::resolve(taxonomy)?,
        })
    }

    /// The leaf and brand of a transaction by the shipped rules.
    pub(super) fn categorise(&self, facts: &TxnFacts<'_>, text: &Normalised) -> (LeafId, Option<&str>) {
        if facts.own_account {
            return (self.known.own_transfer(facts.direction), None);
        }
        let merchant = facts.counterparty_tax_id.and_then(|id| self.merchants.find(id));
        let base = merchant
            .and_then(|m| m.leaves.pick(facts.direction, facts.audience))
            .or_else(|| self.known.by_type(facts))
            .map(|leaf| Base { leaf, scope: Some(self.taxonomy.subcategory_of(leaf)) })
            .or_else(|| self.by_mcc(facts));
        let ctx = RuleContext {
            direction: facts.direction,
            audience: facts.audience,
            source: match facts.source {
                Source::Account { .. } => SourceKind::Account,
                Source::Card { .. } => SourceKind::Card,
            },
            to_person: Party::of(facts) == Party::Person,
        };
        let hits = self.keywords.scan(text, &ctx, base.as_ref().and_then(|b| b.scope), self.taxonomy);
        let leaf = match base {
            Some(Base { leaf, scope: Some(_) }) => hits.first_in_scope.unwrap_or(leaf),
            Some(Base { leaf, scope: None }) => hits.first.unwrap_or(leaf),
            None => hits.first.unwrap_or_else(|| self.known.fallback(facts, hits.channel)),
        };
        let leaf = match facts.audience {
            Audience::Business => self.keywords.business_equivalent(leaf),
            Audience::Personal => leaf,
        };
        let brand = merchant.and_then(|m| m.brand.as_deref()).or(hits.brand);
        (leaf, brand)
    }

    /// A card purchase's leaf by its MCC. Only debits: a credit carrying the purchase's MCC is
    /// money back, which the type or the fallback says.
    fn by_mcc(&self, facts: &TxnFacts<'_>) -> Option<Base> {
        let Source::Card { mcc: Some(mcc), .. } = facts.source else { return None };
        if facts.direction != Direction::Debit {
            return None;
        }
        let found = self.mcc.get(mcc)?;
        let scope = (!found.weak).then(|| self.taxonomy.category_of(found.leaf));
        Some(Base { leaf: found.leaf, scope })
    }

    /// Sizes of the compiled tables (for diagnostics).
    pub(super) fn sizes(&self) -> (usize, usize, usize) {
        (self.merchants.len(), self.mcc.len(), self.keywords.rule_count())
    }

    #[cfg(test)]
    pub(super) fn automaton_bytes(&self) -> usize {
        self.keywords.automaton_bytes()
    }

    #[cfg(test)]
    pub(super) fn keyword_rules(&self) -> &KeywordRules {
        &self.keywords
    }

    #[cfg(test)]
    pub(super) fn merchants(&self) -> &Merchants {
        &self.merchants
    }
}
