//! The input of every product: the consents in scope, whose data it is, the report date, and
//! every transaction's category, computed once and shared by all the products of a request.

use ponte_domain::Audience;
use std::collections::{HashMap, HashSet};

use ponte_domain::finance::{Account, Card, CardTransaction, ConsentData, Direction, Transaction};
use rust_decimal::Decimal;
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
        let paired = paired_transfers(consents, &holder);
        let account_categories = consents
            .iter()
            .enumerate()
            .map(|(c, consent)| {
                consent
                    .accounts
                    .iter()
                    .enumerate()
                    .map(|(a, account)| {
                        account
                            .transactions
                            .iter()
                            .enumerate()
                            .map(|(i, t)| {
                                let mut facts = account_facts(t, &holder, &own);
                                facts.own_account |= paired.contains(&(c, a, i));
                                categorise(&facts)
                            })
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

/// Transfers between the holder's own accounts that name no one else: a debit in one account
/// and a credit of the same amount on the same day in another (banks often leave the
/// counterparty out of a transfer to the customer's own savings). Both sides are paired, each
/// at most once, so neither counts as income nor as spending.
fn paired_transfers(consents: &[ConsentData], holder: &Holder) -> HashSet<(usize, usize, usize)> {
    type Side = (usize, usize, usize);
    let mut open: HashMap<(Date, Decimal), (Vec<Side>, Vec<Side>)> = HashMap::new();
    for (c, consent) in consents.iter().enumerate() {
        for (a, account) in consent.accounts.iter().enumerate() {
            for (i, t) in account.transactions.iter().enumerate() {
                let named = t.counterparty.as_ref().and_then(|p| p.tax_id.as_deref());
                if !t.is_booked() || named.is_some_and(|id| id != holder.tax_id) {
                    continue;
                }
                let sides = open.entry((t.date(), t.amount.amount.decimal())).or_default();
                match t.direction {
                    Direction::Debit => sides.0.push((c, a, i)),
                    Direction::Credit => sides.1.push((c, a, i)),
                }
            }
        }
    }
    let mut paired = HashSet::new();
    for (debits, mut credits) in open.into_values() {
        for debit in debits {
            let other_account = credits.iter().position(|credit| (credit.0, credit.1) != (debit.0, debit.1));
            if let Some(at) = other_account {
                paired.insert(debit);
                paired.insert(credits.swap_remove(at));
            }
        }
    }
    paired
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categorise::Leaf;
    use crate::products::accounts::test_data::{account, consent, entry};
    use ponte_domain::Audience;
    use ponte_domain::finance::AccountKind;
    use std::cell::RefCell;
    use time::macros::date;

    /// Which transactions (by name) the categoriser was told are own transfers.
    fn own_transfers(consents: &[ConsentData]) -> Vec<String> {
        let leaf = Leaf { code: "x.y.z".into(), names: ["X".into(), "Y".into(), "Z".into()], role: None };
        let seen = RefCell::new(Vec::new());
        let holder = Holder { tax_id: "76109277673".into(), audience: Audience::Personal };
        Analysis::with_categories(consents, holder, date!(2026 - 03 - 15), |facts| {
            if facts.own_account {
                seen.borrow_mut().push(facts.name.to_owned());
            }
            Categorisation { leaf: &leaf, brand: None }
        });
        let mut names = seen.into_inner();
        names.sort();
        names
    }

    #[test]
    fn a_transfer_to_the_holders_savings_is_own_on_both_sides() {
        let day = date!(2026 - 02 - 10);
        let mut to_savings = entry("t1", day, Direction::Debit, "500");
        to_savings.name = "transfer out".into();
        let mut into_savings = entry("t2", day, Direction::Credit, "500");
        into_savings.name = "transfer in".into();
        let mut unrelated = entry("t3", day, Direction::Credit, "500");
        unrelated.name = "same account".into();
        let mut data = consent("001", "c1");
        data.accounts = vec![
            account("chk", AccountKind::ContaDepositoAVista, vec![to_savings, unrelated.clone()]),
            account("sav", AccountKind::ContaPoupanca, vec![into_savings]),
        ];
        assert_eq!(own_transfers(&[data.clone()]), ["transfer in", "transfer out"]);

        // A credit in the same account is not a transfer between accounts; another day neither.
        let mut alone = data.clone();
        alone.accounts.truncate(1);
        assert!(own_transfers(&[alone]).is_empty());
        let mut later = data;
        later.accounts[1].transactions[0].date_time += time::Duration::days(1);
        assert!(own_transfers(&[later]).is_empty());
    }
}
