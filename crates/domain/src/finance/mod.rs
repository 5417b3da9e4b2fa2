//! Ponte's normalised model of the data an institution shares (spec §7): what the OFB fetcher
//! produces from the bank's JSON and what every report is computed from.
//!
//! The model keeps the OFB vocabulary (so a field can be traced back to the bank's answer) but
//! only in checked types: amounts are [`Money`] (never floating point), dates are dates, and the
//! enums the reports branch on are closed Rust enums with an explicit `Other` where OFB lets
//! banks send values Ponte does not know. Everything else the reports merely echo (a card's
//! product type, a contract's sub-type) stays a string.
//!
//! One [`ConsentData`] holds everything fetched under one consent; a report over several
//! consents (a user-level request) receives several.

mod accounts;
mod cards;
mod credit;
mod identity;
mod investments;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

pub use accounts::{
    Account, AccountKind, Balances, Counterparty, Direction, EntryStatus, OverdraftLimits, PersonType,
    Transaction, TransactionType,
};
pub use cards::{Bill, BillPayment, Card, CardLimit, CardTransaction, CardTransactionType, FinanceCharge};
pub use credit::{Contract, ContractPayment, CreditFamily, Instalments, InterestRate, Warranty};
pub use identity::{
    Address, BusinessIdentity, Document, EconomicActivity, InformedAmount, Party, PersonalIdentity,
    PhoneNumber, Relationship,
};
pub use investments::{Investment, InvestmentKind, InvestmentMovement};

/// Everything fetched under one consent at one institution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentData {
    /// Ponte's consent id.
    pub consent_id: String,
    /// The institution's code in Ponte's registry (e.g. `"999"`).
    pub institution_code: String,
    /// The institution's display name, from the data itself (`brandName`) or the registry.
    pub institution_name: String,
    /// The permissions the customer granted, as OFB names them (`ACCOUNTS_READ`, …).
    pub permissions_granted: Vec<String>,
    /// When the fetch that produced this finished.
    #[serde(with = "time::serde::rfc3339")]
    pub fetched_at: OffsetDateTime,
    /// The history window asked for: 12 months back from `to`, inclusive.
    pub from: Date,
    pub to: Date,
    /// `GET /resources`, as the bank answered it.
    pub resources: Vec<ResourceRef>,
    pub accounts: Vec<Account>,
    pub cards: Vec<Card>,
    pub contracts: Vec<Contract>,
    pub investments: Vec<Investment>,
    pub personal: Option<PersonalIdentity>,
    pub business: Option<BusinessIdentity>,
    /// What could not be fetched (the report's `code` becomes 204 and names these).
    pub missing: Vec<MissingPart>,
}

/// One item of `GET /resources`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRef {
    pub id: String,
    /// OFB `type`: `ACCOUNT`, `CREDIT_CARD_ACCOUNT`, `LOAN`, …
    pub kind: String,
    /// OFB `status`: `AVAILABLE`, `UNAVAILABLE`, `TEMPORARILY_UNAVAILABLE`, `PENDING_AUTHORISATION`.
    pub status: String,
}

/// A part of the data the fetch could not get, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingPart {
    /// The API area: `resources`, `accounts`, `credit-cards-accounts`, `loans`, `financings`,
    /// `invoice-financings`, `unarranged-accounts-overdraft`, `customers`, `bank-fixed-incomes`.
    pub area: String,
    /// The endpoint, as a path template (`/accounts/{accountId}/transactions`).
    pub endpoint: String,
    /// The resource it was about, when it was about one.
    pub resource_id: Option<String>,
    /// Why, in words a partner can act on (`the institution answered 503 after 4 attempts`,
    /// `resource PENDING_AUTHORISATION`, `operational limit for the month reached`).
    pub reason: String,
}

impl ConsentData {
    /// Nothing fetched yet: the consent's identity and window, every list empty.
    pub fn empty(
        consent_id: String,
        institution_code: String,
        institution_name: String,
        permissions_granted: Vec<String>,
        window: (Date, Date),
        fetched_at: OffsetDateTime,
    ) -> ConsentData {
        ConsentData {
            consent_id,
            institution_code,
            institution_name,
            permissions_granted,
            fetched_at,
            from: window.0,
            to: window.1,
            resources: Vec::new(),
            accounts: Vec::new(),
            cards: Vec::new(),
            contracts: Vec::new(),
            investments: Vec::new(),
            personal: None,
            business: None,
            missing: Vec::new(),
        }
    }

    /// Every account transaction, with its account.
    pub fn account_transactions(&self) -> impl Iterator<Item = (&Account, &Transaction)> {
        self.accounts.iter().flat_map(|a| a.transactions.iter().map(move |t| (a, t)))
    }

    /// Every card transaction (billed and not yet billed), with its card.
    pub fn card_transactions(&self) -> impl Iterator<Item = (&Card, &CardTransaction)> {
        self.cards.iter().flat_map(|c| c.all_transactions().map(move |t| (c, t)))
    }

    /// Whether anything is missing from an API `area`.
    pub fn is_missing(&self, area: &str) -> bool {
        self.missing.iter().any(|m| m.area == area)
    }
}
