//! The keyword rules of `data/keywords.json`: words of the normalised `transactionName` that
//! name a category (`"netflix"`, `"aluguel"`, `"das mei"`), and words that only name the
//! payment channel (`"pix"`, `"boleto"`), used when the OFB type is `OUTROS`.
//!
//! When several rules match, the one written first in the file wins: the file lists specific
//! rules before general ones.

use std::collections::HashMap;

use ponte_domain::Audience;
use ponte_domain::finance::Direction;
use serde::Deserialize;

use super::leaf_choice::{LeafChoice, LeafFields};
use super::normalise::Normalised;
use super::patterns::{PatternSet, pattern_of};
use super::taxonomy::{LeafId, Scope, Taxonomy};

/// How a transaction was paid, from its OFB type or from the words of its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum Channel {
    Pix,
    Ted,
    Doc,
    TransferenciaMesmaInstituicao,
    Boleto,
    ConvenioArrecadacao,
    Cartao,
    Deposito,
}

/// Which statement a rule is limited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum SourceKind {
    Account,
    Card,
}

/// What a transaction is, as far as the keyword rules' conditions go.
#[derive(Clone, Copy, Debug)]
pub(super) struct RuleContext {
    pub direction: Direction,
    pub audience: Audience,
    pub source: SourceKind,
    /// The counterparty is known to be a natural person.
    pub to_person: bool,
}

#[derive(Clone, Debug)]
struct KeywordRule {
    leaves: LeafChoice,
    source: Option<SourceKind>,
    /// The keywords name shops or brands, which a natural person is not (`PIX ENVIADO ANA
    /// MERCADO` is a transfer, not groceries).
    merchant: bool,
    /// Common words (`tarifa`, `parcela`, `clinica`): they may place a transaction nothing else
    /// placed, but never replace a leaf a CNPJ, type or MCC gave.
    generic: bool,
    brand: Option<String>,
}

impl KeywordRule {
    fn leaf_for(&self, ctx: &RuleContext) -> Option<LeafId> {
        if self.source.is_some_and(|s| s != ctx.source) || (self.merchant && ctx.to_person) {
            return None;
        }
        self.leaves.pick(ctx.direction, ctx.audience)
    }
}

#[derive(Clone, Copy, Debug)]
enum Target {
    Rule(u16),
    Channel(u8),
}

/// The compiled keyword rules and channel words.
#[derive(Clone, Debug)]
pub(super) struct KeywordRules {
    patterns: PatternSet<Target>,
    rules: Vec<KeywordRule>,
    channels: Vec<Channel>,
    /// Leaves a company's transaction is moved to (`Aluguel` → `Aluguel e condomínio
    /// comercial`).
    business_equivalents: HashMap<LeafId, LeafId>,
}

/// What the keyword rules found in one name.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Hits<'r> {
    /// The leaf of the first matching rule.
    pub first: Option<LeafId>,
    /// The leaf of the first matching rule, not a generic one, whose leaf lies in the scope asked
    /// for.
    pub first_in_scope: Option<LeafId>,
    /// The brand of the first matching rule that names one.
    pub brand: Option<&'r str>,
    /// The first channel word found (in the file's order of channels).
    pub channel: Option<Channel>,
}

impl KeywordRules {
    pub(super) fn parse(json: &str, taxonomy: &Taxonomy) -> Result<KeywordRules, String> {
        let file: KeywordsFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut entries = Vec::new();
        let mut rules = Vec::with_capacity(file.rules.len());
        for (index, entry) in file.rules.into_iter().enumerate() {
            let at = |e: String| format!("rules[{index}]: {e}");
            let id = u16::try_from(index).map_err(|_| "too many rules".to_owned())?;
            if entry.keywords.is_empty() {
                return Err(at("no keywords".to_owned()));
            }
            for keyword in &entry.keywords {
                let pattern = pattern_of(keyword).map_err(|_| at(format!("keyword {keyword:?} is empty")))?;
                entries.push((pattern, Target::Rule(id)));
            }
            let leaves = LeafChoice::resolve(&entry.leaves(), taxonomy).map_err(at)?;
            rules.push(KeywordRule {
                leaves,
                source: entry.source,
                merchant: entry.merchant,
                generic: entry.generic,
                brand: entry.brand,
            });
        }
        let mut channels = Vec::with_capacity(file.channels.len());
        for (index, entry) in file.channels.into_iter().enumerate() {
            let id = u8::try_from(index).map_err(|_| "too many channels".to_owned())?;
            for keyword in &entry.keywords {
                let pattern = pattern_of(keyword)
                    .map_err(|_| format!("channels[{index}]: keyword {keyword:?} is empty"))?;
                entries.push((pattern, Target::Channel(id)));
            }
            channels.push(entry.kind);
        }
        let mut business_equivalents = HashMap::new();
        for (from, to) in &file.business_equivalents {
            let resolve = |code: &str| taxonomy.id(code).ok_or_else(|| format!("unknown leaf code {code:?}"));
            business_equivalents.insert(resolve(from)?, resolve(to)?);
        }
        let patterns = PatternSet::build(entries, true).map_err(|e| e.to_string())?;
        Ok(KeywordRules { patterns, rules, channels, business_equivalents })
    }

    /// Runs every keyword over `text` once.
    pub(super) fn scan(
        &self,
        text: &Normalised,
        ctx: &RuleContext,
        scope: Option<Scope>,
        taxonomy: &Taxonomy,
    ) -> Hits<'_> {
        // The lowest rule index wins, whatever order the automaton reports matches in.
        let mut first: Option<(u16, LeafId)> = None;
        let mut in_scope: Option<(u16, LeafId)> = None;
        let mut branded: Option<u16> = None;
        let mut channel: Option<u8> = None;
        self.patterns.for_each_match(text, |target| match target {
            Target::Rule(index) => {
                let beats = |best: Option<u16>| best.is_none_or(|b| index < b);
                if !(beats(first.map(|f| f.0)) || beats(in_scope.map(|s| s.0)) || beats(branded)) {
                    return;
                }
                let Some(rule) = self.rules.get(usize::from(index)) else { return };
                let Some(leaf) = rule.leaf_for(ctx) else { return };
                if beats(first.map(|f| f.0)) {
                    first = Some((index, leaf));
                }
                if !rule.generic
                    && beats(in_scope.map(|s| s.0))
                    && scope.is_some_and(|s| taxonomy.in_scope(leaf, s))
                {
                    in_scope = Some((index, leaf));
                }
                if rule.brand.is_some() && beats(branded) {
                    branded = Some(index);
                }
            }
            Target::Channel(index) => {
                if channel.is_none_or(|c| index < c) {
                    channel = Some(index);
                }
            }
        });
        Hits {
            first: first.map(|f| f.1),
            first_in_scope: in_scope.map(|s| s.1),
            brand: branded.and_then(|i| self.rules.get(usize::from(i))).and_then(|r| r.brand.as_deref()),
            channel: channel.and_then(|i| self.channels.get(usize::from(i)).copied()),
        }
    }

    /// The leaf a company's transaction gets instead of `leaf` (itself when none is set).
    pub(super) fn business_equivalent(&self, leaf: LeafId) -> LeafId {
        self.business_equivalents.get(&leaf).copied().unwrap_or(leaf)
    }

    pub(super) fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Heap bytes of the compiled keywords.
    #[cfg(test)]
    pub(super) fn automaton_bytes(&self) -> usize {
        self.patterns.memory_usage()
    }

    /// Every leaf any rule can give (for the taxonomy coverage test).
    #[cfg(test)]
    pub(super) fn leaves(&self) -> impl Iterator<Item = LeafId> + '_ {
        use ponte_domain::Audience::{Business, Personal};
        const CASES: [(Direction, Audience); 4] = [
            (Direction::Debit, Personal),
            (Direction::Credit, Personal),
            (Direction::Debit, Business),
            (Direction::Credit, Business),
        ];
        self.rules.iter().flat_map(|r| CASES.into_iter().filter_map(|(d, a)| r.leaves.pick(d, a)))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordsFile {
    #[serde(default, rename = "comment")]
    _comment: Option<String>,
    rules: Vec<KeywordRuleEntry>,
    channels: Vec<ChannelEntry>,
    business_equivalents: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordRuleEntry {
    keywords: Vec<String>,
    #[serde(default)]
    leaf: Option<String>,
    #[serde(default)]
    debit: Option<String>,
    #[serde(default)]
    credit: Option<String>,
    #[serde(default)]
    business_debit: Option<String>,
    #[serde(default)]
    business_credit: Option<String>,
    #[serde(default)]
    source: Option<SourceKind>,
    #[serde(default)]
    merchant: bool,
    #[serde(default)]
    generic: bool,
    #[serde(default)]
    brand: Option<String>,
}

impl KeywordRuleEntry {
    fn leaves(&self) -> LeafFields {
        LeafFields {
            leaf: self.leaf.clone(),
            debit: self.debit.clone(),
            credit: self.credit.clone(),
            business_debit: self.business_debit.clone(),
            business_credit: self.business_credit.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelEntry {
    #[serde(rename = "type")]
    kind: Channel,
    keywords: Vec<String>,
}
