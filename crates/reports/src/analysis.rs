//! The input of every product: the consents in scope, whose data it is, the report date, and
//! every transaction's category, computed once and shared by all the products of a request.

use ponte_domain::Audience;
use ponte_domain::finance::{Account, Card, CardTransaction, ConsentData, Transaction};
use time::Date;

use crate::categorise::{Categorisation, Categoriser, Source, TxnFacts};

/// Whose data a report is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// The CPF (personal) or CNPJ (business) the report was asked for, digits (or the
    /// alphanumeric CNPJ) without punctuation.
    pub tax_id: String,
    pub audience: Audience,
}

/// An account transaction with where it is and its category.
#[derive(Clone, Copy, Debug)]
pub struct AccountEntry<'a> {
    pub consent: &'a ConsentData,
    pub account: &'a Account,
    pub transaction: &'a Transaction,
    pub category: Categorisation<'a>,
}

/// A card transaction with where it is and its category.
#[derive(Clone, Copy, Debug)]
pub struct CardEntry<'a> {
    pub consent: &'a ConsentData,
    pub card: &'a Card,
    pub transaction: &'a CardTransaction,
    pub category: Categorisation<'a>,
}

/// The consents in scope and their categorised transactions.
#[derive(Debug)]
pub struct Analysis<'a> {
    pub consents: &'a [ConsentData],
    pub holder: Holder,
    /// The report date: "today" for the report. Windows such as "the last 6 full months" are
    /// counted back from it.
    pub today: Date,
    /// `[consent][account][transaction]`.
    account_categories: Vec<Vec<Vec<Categorisation<'a>>>>,
    /// `[consent][card][index in Card::all_transactions()]`.
    card_categories: Vec<Vec<Vec<Categorisation<'a>>>>,
}

impl<'a> Analysis<'a> {
    /// Categorises every transaction with `categoriser`.
    pub fn new(
        consents: &'a [ConsentData],
        holder: Holder,
        today: Date,
        categoriser: &'a Categoriser,
    ) -> Self {
        Self::with_categories(consents, holder, today, |facts| categoriser.categorise(facts))
    }

    /// With categories from any function (tests give fixed categories this way).
    pub fn with_categories(
        consents: &'a [ConsentData],
        holder: Holder,
        today: Date,
        mut categorise: impl FnMut(&TxnFacts<'_>) -> Categorisation<'a>,
    ) -> Self {
        let own = OwnAccounts::of(consents, &holder);
        let account_categories = consents
            .iter()
            .map(|consent| {
                consent
                    .accounts
                    .iter()
                    .map(|account| {
                        account
                            .transactions
                            .iter()
                            .map(|t| categorise(&account_facts(t, &holder, &own)))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let card_categories = consents
            .iter()
            .map(|consent| {
                consent
                    .cards
                    .iter()
                    .map(|card| {
                        card.all_transactions().map(|t| categorise(&card_facts(t, &holder))).collect()
                    })
                    .collect()
            })
            .collect();
        Analysis { consents, holder, today, account_categories, card_categories }
    }

    /// Every account transaction of every consent, with its category.
    pub fn account_entries(&self) -> impl Iterator<Item = AccountEntry<'a>> + '_ {
        self.consents.iter().zip(&self.account_categories).flat_map(|(consent, accounts)| {
            consent.accounts.iter().zip(accounts).flat_map(move |(account, categories)| {
                account.transactions.iter().zip(categories).map(move |(transaction, category)| AccountEntry {
                    consent,
                    account,
                    transaction,
                    category: *category,
                })
            })
        })
    }

    /// The transactions of one account (by its position), with their categories.
    pub fn entries_of_account(
        &self,
        consent: usize,
        account: usize,
    ) -> impl Iterator<Item = AccountEntry<'a>> + '_ {
        let data = &self.consents[consent];
        let acc = &data.accounts[account];
        acc.transactions
            .iter()
            .zip(&self.account_categories[consent][account])
            .map(move |(t, c)| AccountEntry { consent: data, account: acc, transaction: t, category: *c })
    }

    /// Every card transaction of every consent (billed, then unbilled), with its category.
    pub fn card_entries(&self) -> impl Iterator<Item = CardEntry<'a>> + '_ {
        self.consents.iter().zip(&self.card_categories).flat_map(|(consent, cards)| {
            consent.cards.iter().zip(cards).flat_map(move |(card, categories)| {
                card.all_transactions().zip(categories).map(move |(transaction, category)| CardEntry {
                    consent,
                    card,
                    transaction,
                    category: *category,
                })
            })
        })
    }

    /// The category of the `index`-th transaction of `Card::all_transactions()` of a card.
    pub fn card_category(&self, consent: usize, card: usize, index: usize) -> Categorisation<'a> {
        self.card_categories[consent][card][index]
    }

    /// The category of one account transaction, by positions.
    pub fn account_category(&self, consent: usize, account: usize, index: usize) -> Categorisation<'a> {
        self.account_categories[consent][account][index]
    }
}

/// The holder's own accounts, to recognise transfers between them.
struct OwnAccounts {
    /// (branch, number) of every account in scope.
    numbers: Vec<(Option<String>, String)>,
}

impl OwnAccounts {
    fn of(consents: &[ConsentData], _holder: &Holder) -> Self {
        let numbers = consents
            .iter()
            .flat_map(|c| c.accounts.iter())
            .map(|a| (a.branch_code.clone(), a.number.clone()))
            .collect();
        OwnAccounts { numbers }
    }

    fn contains(&self, branch: Option<&str>, number: Option<&str>) -> bool {
        let Some(number) = number else { return false };
        self.numbers.iter().any(|(b, n)| n == number && (branch.is_none() || b.as_deref() == branch))
    }
}

fn account_facts<'t>(t: &'t Transaction, holder: &Holder, own: &OwnAccounts) -> TxnFacts<'t> {
    let party = t.counterparty.as_ref();
    let tax_id = party.and_then(|p| p.tax_id.as_deref());
    let own_account = tax_id.is_some_and(|id| id == holder.tax_id)
        || party.is_some_and(|p| own.contains(p.branch_code.as_deref(), p.number.as_deref()));
    TxnFacts {
        name: &t.name,
        direction: t.direction,
        source: Source::Account { kind: &t.kind },
        counterparty_tax_id: tax_id,
        counterparty_person: party.and_then(|p| p.person_type),
        own_account,
        audience: holder.audience,
        amount: t.amount.amount.decimal(),
    }
}

fn card_facts<'t>(t: &'t CardTransaction, holder: &Holder) -> TxnFacts<'t> {
    TxnFacts {
        name: &t.name,
        direction: t.direction,
        source: Source::Card {
            kind: &t.kind,
            fee_type: t.fee_type.as_deref(),
            other_credits_type: t.other_credits_type.as_deref(),
            mcc: t.payee_mcc,
        },
        counterparty_tax_id: None,
        counterparty_person: None,
        own_account: false,
        audience: holder.audience,
        amount: t.amount.amount.decimal(),
    }
}
