//! The categoriser: places every transaction in the three-level pt-BR taxonomy
//! (`data/taxonomy.json`, versioned) by rules on the OFB `type`, the card `payeeMCC`, the
//! counterparty's CNPJ (`data/merchants.json`: known merchants, card acquirers, betting
//! operators, public bodies) and normalised keywords of `transactionName`
//! (`data/keywords.json`), after the app's own override rules.
//!
//! The contract the products rely on is [`Categorisation`]: the leaf's three names and its
//! [`Role`] (what the income, insight and risk products need to know about a transaction),
//! plus the brand when a merchant is recognised. `docs/categories.md` lists the taxonomy, the
//! rule order and how to extend the data files.

mod by_type;
mod keywords;
mod leaf_choice;
mod mcc;
mod merchants;
mod normalise;
mod overrides;
mod patterns;
mod standard;
mod taxonomy;
#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::Arc;

pub use normalise::normalise;
pub use overrides::{
    MAX_BRAND_CHARS, MAX_KEYWORD_CHARS, MAX_KEYWORDS_PER_RULE, MAX_OVERRIDE_RULES, OverrideError,
    OverrideMatch, OverrideProblem, OverrideRule, OverrideRules,
};
pub use taxonomy::{Category, FALLBACK_CODE, Subcategory, Taxonomy, taxonomy};

use normalise::Normalised;
use overrides::Overrides;
use standard::{StandardRules, standard_rules};

use ponte_domain::Audience;
use ponte_domain::finance::{CardTransactionType, Direction, PersonType, TransactionType};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the products need to know about a transaction beyond its category's names. A leaf of
/// the taxonomy has at most one role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Wages and salary (`FOLHA_PAGAMENTO`, payroll credits from an employer).
    Salary,
    /// Social security and other benefits (INSS, Bolsa Família, FGTS, seguro-desemprego).
    Benefit,
    /// Self-employed and platform income (ride-hailing, delivery, marketplaces, freelance PIX).
    SelfEmployment,
    /// Interest, dividends, rent received.
    PassiveIncome,
    /// Other money received that counts as income.
    OtherIncome,
    /// Money moved between the customer's own accounts (never income, never spending).
    OwnTransfer,
    /// Refunds and chargebacks (estornos, devoluções).
    Refund,
    /// A loan or financing paid out to the customer.
    LoanDisbursement,
    /// Money back from an investment (resgate).
    InvestmentRedemption,
    /// Money into an investment (aplicação).
    InvestmentApplication,
    /// Bets and betting operators.
    Betting,
    /// Bank fees and service packages (tarifas, anuidade).
    BankFee,
    /// Overdraft (cheque especial) interest and charges.
    OverdraftInterest,
    /// Late-payment interest, fines and charges (card or bills).
    LateCharge,
    /// Taxes (DARF, DAS, IPVA, IPTU, IOF).
    Tax,
    /// A company paying its employees (business).
    Payroll,
    /// Card-acquirer settlements received (Cielo, Rede, Stone, GetNet, PagSeguro…) (business).
    CardAcquirer,
    /// Sales and client payments received (business).
    Revenue,
    /// Payments to suppliers (business).
    Supplier,
    /// Paying a credit card bill.
    CardBillPayment,
    /// Paying a loan or financing instalment.
    LoanPayment,
    /// Cashback and rewards credited.
    Cashback,
}

/// A leaf of the taxonomy: its stable code and its three names as reports show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaf {
    /// Stable code, `level1.level2.level3` in ASCII snake case (`renda.renda_ativa.salario`).
    pub code: String,
    /// `category` (level 1), `subcategory` (level 2), `thirdCategory` (level 3), in pt-BR.
    pub names: [String; 3],
    pub role: Option<Role>,
}

/// Where a transaction comes from, with the fields of that source the rules read.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    Account {
        kind: &'a TransactionType,
    },
    Card {
        kind: &'a CardTransactionType,
        fee_type: Option<&'a str>,
        other_credits_type: Option<&'a str>,
        mcc: Option<u32>,
    },
}

/// Everything the rules may look at for one transaction.
#[derive(Clone, Copy, Debug)]
pub struct TxnFacts<'a> {
    /// `transactionName` as the bank printed it.
    pub name: &'a str,
    pub direction: Direction,
    pub source: Source<'a>,
    /// Counterparty CPF/CNPJ (digits or alphanumeric CNPJ), when the bank gave one.
    pub counterparty_tax_id: Option<&'a str>,
    pub counterparty_person: Option<PersonType>,
    /// The counterparty is the customer themself (same tax id, or one of their accounts).
    pub own_account: bool,
    /// Whose data this is: a person or a company (some rules differ, e.g. PIX from a company
    /// is revenue for a business and may be salary for a person).
    pub audience: Audience,
    /// Always positive.
    pub amount: Decimal,
}

/// A transaction's place in the taxonomy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Categorisation<'c> {
    pub leaf: &'c Leaf,
    /// The merchant's brand, when one is recognised (`Netflix`, `iFood`).
    pub brand: Option<&'c str>,
}

impl<'c> Categorisation<'c> {
    pub fn category(&self) -> &'c str {
        &self.leaf.names[0]
    }
    pub fn subcategory(&self) -> &'c str {
        &self.leaf.names[1]
    }
    pub fn third_category(&self) -> &'c str {
        &self.leaf.names[2]
    }
    pub fn role(&self) -> Option<Role> {
        self.leaf.role
    }
    pub fn code(&self) -> &'c str {
        &self.leaf.code
    }
}

/// The categoriser: the shipped rules, plus an app's overrides. Cheap to clone (the shipped
/// rules are compiled once per process and shared; overrides sit behind an `Arc`).
#[derive(Clone)]
pub struct Categoriser {
    standard: &'static StandardRules,
    overrides: Option<Arc<Overrides>>,
}

impl Categoriser {
    /// The shipped taxonomy and rules, without overrides. The first call compiles the data
    /// files; later calls only copy a reference.
    pub fn standard() -> Categoriser {
        Categoriser { standard: standard_rules(), overrides: None }
    }

    /// The shipped rules after an app's `rules`, which are tried first, in order. Refuses
    /// invalid rules, naming the rule and the field at fault.
    pub fn with_overrides(rules: &[OverrideRule]) -> Result<Categoriser, OverrideError> {
        let standard = standard_rules();
        let overrides = Overrides::compile(rules, standard.taxonomy)?;
        Ok(Categoriser { standard, overrides: (overrides.len() > 0).then(|| Arc::new(overrides)) })
    }

    /// The taxonomy this categoriser places transactions in.
    pub fn taxonomy(&self) -> &'static Taxonomy {
        self.standard.taxonomy
    }

    pub fn categorise(&self, facts: &TxnFacts<'_>) -> Categorisation<'_> {
        let text = Normalised::new(facts.name);
        let taxonomy = self.standard.taxonomy;
        if let Some((leaf, brand)) = self.overrides.as_ref().and_then(|o| o.find(facts, &text)) {
            return Categorisation { leaf: taxonomy.get(leaf), brand };
        }
        let (leaf, brand) = self.standard.categorise(facts, &text);
        Categorisation { leaf: taxonomy.get(leaf), brand }
    }
}

impl fmt::Debug for Categoriser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (merchants, mcc_codes, keyword_rules) = self.standard.sizes();
        f.debug_struct("Categoriser")
            .field("taxonomy_version", &self.standard.taxonomy.version)
            .field("merchants", &merchants)
            .field("mcc_codes", &mcc_codes)
            .field("keyword_rules", &keyword_rules)
            .field("override_rules", &self.overrides.as_ref().map_or(0, |o| o.len()))
            .finish()
    }
}
