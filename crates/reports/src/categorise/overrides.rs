//! An app's own rules (`PUT /data/v1/categories/rules`), tried before the shipped ones, in
//! order. Each rule matches on any of: keywords of the normalised name, the counterparty's tax
//! id, the card MCC, the direction, the OFB type; every field given must hold.

use std::fmt;
use std::str::FromStr;

use ponte_domain::TaxId;
use ponte_domain::finance::{CardTransactionType, Direction, TransactionType};
use serde::{Deserialize, Serialize};

use super::normalise::Normalised;
use super::patterns::{PatternSet, pattern_of};
use super::taxonomy::{LeafId, Taxonomy};
use super::{Source, TxnFacts};

/// At most this many rules per app.
pub const MAX_OVERRIDE_RULES: usize = 500;
/// At most this many keywords per rule.
pub const MAX_KEYWORDS_PER_RULE: usize = 20;
/// A keyword's maximum length, in characters.
pub const MAX_KEYWORD_CHARS: usize = 64;
/// A brand's maximum length, in characters.
pub const MAX_BRAND_CHARS: usize = 80;

/// The body of `PUT /data/v1/categories/rules`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideRules {
    pub rules: Vec<OverrideRule>,
}

/// One rule: when `match` holds, the transaction goes to the leaf `category`, with `brand`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideRule {
    #[serde(rename = "match")]
    pub matcher: OverrideMatch,
    /// A leaf code of the taxonomy (`lazer.entretenimento.jogos`).
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
}

/// What a rule matches on. Every field is optional, but at least one must be given; all the
/// fields given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OverrideMatch {
    /// Any of these words or phrases in the normalised name; a trailing `*` matches a word
    /// prefix (`"academia fit*"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The counterparty's CPF or CNPJ (punctuation allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterparty_tax_id: Option<String>,
    /// The card's merchant category code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcc: Option<u32>,
    /// `CREDITO` or `DEBITO`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// An OFB account transaction `type` (`PIX`) or card `transactionType` (`PAGAMENTO`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
}

/// Why a set of override rules was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverrideError {
    /// Not JSON of the expected shape; `index` is the rule concerned when there is one.
    Malformed {
        index: Option<usize>,
        message: String,
    },
    TooManyRules {
        count: usize,
    },
    /// Rule `index` is invalid in `field` (`category`, `match.keywords[2]`, `brand`…).
    Invalid {
        index: usize,
        field: String,
        problem: OverrideProblem,
    },
}

/// What is wrong with one field of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverrideProblem {
    UnknownCategory(String),
    EmptyMatcher,
    TooManyKeywords(usize),
    EmptyKeyword,
    KeywordTooLong(usize),
    InvalidTaxId(String),
    InvalidMcc(u32),
    UnknownType(String),
    EmptyBrand,
    BrandTooLong(usize),
}

impl OverrideError {
    /// The index of the rule at fault, when one is.
    pub fn index(&self) -> Option<usize> {
        match self {
            OverrideError::Malformed { index, .. } => *index,
            OverrideError::TooManyRules { .. } => None,
            OverrideError::Invalid { index, .. } => Some(*index),
        }
    }
}

impl fmt::Display for OverrideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OverrideError::Malformed { index: Some(i), message } => write!(f, "rules[{i}]: {message}"),
            OverrideError::Malformed { index: None, message } => {
                write!(f, "expected {{\"rules\": [...]}}: {message}")
            }
            OverrideError::TooManyRules { count } => {
                write!(f, "rules: {count} rules given, at most {MAX_OVERRIDE_RULES} are allowed")
            }
            OverrideError::Invalid { index, field, problem } => {
                write!(f, "rules[{index}].{field}: {problem}")
            }
        }
    }
}

impl fmt::Display for OverrideProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OverrideProblem::UnknownCategory(code) => write!(f, "unknown leaf code {code:?}"),
            OverrideProblem::EmptyMatcher => {
                f.write_str("give at least one of keywords, counterpartyTaxId, mcc, direction, type")
            }
            OverrideProblem::TooManyKeywords(n) => {
                write!(f, "{n} keywords given, at most {MAX_KEYWORDS_PER_RULE} are allowed")
            }
            OverrideProblem::EmptyKeyword => f.write_str("the keyword has no letters"),
            OverrideProblem::KeywordTooLong(n) => {
                write!(f, "the keyword has {n} characters, at most {MAX_KEYWORD_CHARS} are allowed")
            }
            OverrideProblem::InvalidTaxId(why) => write!(f, "not a valid CPF or CNPJ: {why}"),
            OverrideProblem::InvalidMcc(mcc) => write!(f, "{mcc} is not a merchant category code (1-9999)"),
            OverrideProblem::UnknownType(t) => write!(f, "{t:?} is not an OFB transaction type"),
            OverrideProblem::EmptyBrand => f.write_str("the brand is empty"),
            OverrideProblem::BrandTooLong(n) => {
                write!(f, "the brand has {n} characters, at most {MAX_BRAND_CHARS} are allowed")
            }
        }
    }
}

impl std::error::Error for OverrideError {}

impl OverrideRules {
    /// Parses a request body, naming the rule at fault when one is malformed. The rules are
    /// validated when a categoriser is built from them ([`super::Categoriser::with_overrides`]).
    pub fn from_json(body: &str) -> Result<OverrideRules, OverrideError> {
        let malformed =
            |index, e: serde_json::Error| OverrideError::Malformed { index, message: e.to_string() };
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Body {
            rules: Vec<serde_json::Value>,
        }
        let body: Body = serde_json::from_str(body).map_err(|e| malformed(None, e))?;
        // Refuse an oversized list before looking at its rules.
        if body.rules.len() > MAX_OVERRIDE_RULES {
            return Err(OverrideError::TooManyRules { count: body.rules.len() });
        }
        let rules = body
            .rules
            .into_iter()
            .enumerate()
            .map(|(i, value)| serde_json::from_value(value).map_err(|e| malformed(Some(i), e)))
            .collect::<Result<_, _>>()?;
        Ok(OverrideRules { rules })
    }
}

/// Validated, compiled override rules.
#[derive(Clone, Debug)]
pub(super) struct Overrides {
    rules: Vec<Compiled>,
    /// Keyword patterns → rule index.
    patterns: Option<PatternSet<u16>>,
}

#[derive(Clone, Debug)]
struct Compiled {
    leaf: LeafId,
    brand: Option<String>,
    has_keywords: bool,
    tax_id: Option<String>,
    mcc: Option<u32>,
    direction: Option<Direction>,
    transaction_type: Option<String>,
}

impl Overrides {
    pub(super) fn compile(rules: &[OverrideRule], taxonomy: &Taxonomy) -> Result<Overrides, OverrideError> {
        if rules.len() > MAX_OVERRIDE_RULES {
            return Err(OverrideError::TooManyRules { count: rules.len() });
        }
        let mut compiled = Vec::with_capacity(rules.len());
        let mut patterns = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let invalid = |field: String, problem| OverrideError::Invalid { index, field, problem };
            let leaf = taxonomy.id(&rule.category).ok_or_else(|| {
                invalid("category".into(), OverrideProblem::UnknownCategory(rule.category.clone()))
            })?;
            let m = &rule.matcher;
            if m.keywords.is_empty()
                && m.counterparty_tax_id.is_none()
                && m.mcc.is_none()
                && m.direction.is_none()
                && m.transaction_type.is_none()
            {
                return Err(invalid("match".into(), OverrideProblem::EmptyMatcher));
            }
            if m.keywords.len() > MAX_KEYWORDS_PER_RULE {
                return Err(invalid(
                    "match.keywords".into(),
                    OverrideProblem::TooManyKeywords(m.keywords.len()),
                ));
            }
            // `index` < MAX_OVERRIDE_RULES, which fits a u16.
            let id = u16::try_from(index).unwrap_or(u16::MAX);
            for (k, keyword) in m.keywords.iter().enumerate() {
                let field = || format!("match.keywords[{k}]");
                let chars = keyword.chars().count();
                if chars > MAX_KEYWORD_CHARS {
                    return Err(invalid(field(), OverrideProblem::KeywordTooLong(chars)));
                }
                let pattern =
                    pattern_of(keyword).map_err(|_| invalid(field(), OverrideProblem::EmptyKeyword))?;
                patterns.push((pattern, id));
            }
            let tax_id = m
                .counterparty_tax_id
                .as_deref()
                .map(|raw| {
                    TaxId::from_str(raw).map(|t| t.as_str().to_owned()).map_err(|e| {
                        invalid(
                            "match.counterpartyTaxId".into(),
                            OverrideProblem::InvalidTaxId(e.to_string()),
                        )
                    })
                })
                .transpose()?;
            if let Some(mcc) = m.mcc.filter(|mcc| !(1..=9999).contains(mcc)) {
                return Err(invalid("match.mcc".into(), OverrideProblem::InvalidMcc(mcc)));
            }
            if let Some(t) = m.transaction_type.as_deref().filter(|t| !is_ofb_type(t)) {
                return Err(invalid("match.type".into(), OverrideProblem::UnknownType(t.to_owned())));
            }
            if let Some(brand) = &rule.brand {
                let chars = brand.trim().chars().count();
                if chars == 0 {
                    return Err(invalid("brand".into(), OverrideProblem::EmptyBrand));
                }
                if chars > MAX_BRAND_CHARS {
                    return Err(invalid("brand".into(), OverrideProblem::BrandTooLong(chars)));
                }
            }
            compiled.push(Compiled {
                leaf,
                brand: rule.brand.as_ref().map(|b| b.trim().to_owned()),
                has_keywords: !m.keywords.is_empty(),
                tax_id,
                mcc: m.mcc,
                direction: m.direction,
                transaction_type: m.transaction_type.clone(),
            });
        }
        let patterns = if patterns.is_empty() {
            None
        } else {
            // Validated keywords are short and few; should the automaton still be refused, say
            // so about the rules rather than fail the app's reports later.
            Some(PatternSet::build(patterns, false).map_err(|e| OverrideError::Malformed {
                index: None,
                message: format!("the keywords could not be compiled: {e}"),
            })?)
        };
        Ok(Overrides { rules: compiled, patterns })
    }

    /// The first rule, in order, that matches: its leaf and brand.
    pub(super) fn find(&self, facts: &TxnFacts<'_>, text: &Normalised) -> Option<(LeafId, Option<&str>)> {
        // Parsed once here rather than once per rule naming a tax id.
        let tax_id = facts.counterparty_tax_id.and_then(|id| id.parse::<TaxId>().ok());
        let tax_id = tax_id.as_ref().map(TaxId::as_str);
        // The lowest-numbered rule whose keywords matched and whose other fields hold…
        let mut best: Option<usize> = None;
        if let Some(patterns) = &self.patterns {
            patterns.for_each_match(text, |id| {
                let index = usize::from(id);
                if best.is_none_or(|b| index < b)
                    && self.rules.get(index).is_some_and(|r| r.holds_besides_keywords(facts, tax_id))
                {
                    best = Some(index);
                }
            });
        }
        // …or an earlier rule without keywords whose fields hold.
        let limit = best.unwrap_or(self.rules.len());
        let first_plain = self
            .rules
            .iter()
            .take(limit)
            .position(|r| !r.has_keywords && r.holds_besides_keywords(facts, tax_id));
        let rule = self.rules.get(first_plain.or(best)?)?;
        Some((rule.leaf, rule.brand.as_deref()))
    }

    pub(super) fn len(&self) -> usize {
        self.rules.len()
    }
}

impl Compiled {
    /// `tax_id`: the counterparty's, validated and without punctuation.
    fn holds_besides_keywords(&self, facts: &TxnFacts<'_>, tax_id: Option<&str>) -> bool {
        if self.direction.is_some_and(|d| d != facts.direction) {
            return false;
        }
        if self.tax_id.is_some() && self.tax_id.as_deref() != tax_id {
            return false;
        }
        let (kind, mcc) = match facts.source {
            Source::Account { kind } => (kind.as_ofb(), None),
            Source::Card { kind, mcc, .. } => (kind.as_ofb(), mcc),
        };
        if self.mcc.is_some() && self.mcc != mcc {
            return false;
        }
        self.transaction_type.as_deref().is_none_or(|t| t == kind)
    }
}

/// An OFB account `type` or card `transactionType` this version knows.
fn is_ofb_type(value: &str) -> bool {
    TransactionType::KNOWN.iter().any(|t| t.as_ofb() == value)
        || !matches!(CardTransactionType::from_ofb(value), CardTransactionType::Other(_))
}
