//! Unit tests of the categoriser: the taxonomy and data files, normalisation, every rule kind
//! and their order, override rules, the sandbox's counterparties, the documentation, speed.

mod docs;
mod normalise;
mod overrides;
mod rules;
mod sandbox;
mod speed;
mod taxonomy;

use ponte_domain::Audience;
use ponte_domain::finance::{CardTransactionType, Direction, PersonType, TransactionType};
use rust_decimal::Decimal;

use super::{Categoriser, Source, TxnFacts};

pub(super) static PIX: TransactionType = TransactionType::Pix;
pub(super) static TED: TransactionType = TransactionType::Ted;
pub(super) static BOLETO: TransactionType = TransactionType::Boleto;
pub(super) static CONVENIO: TransactionType = TransactionType::ConvenioArrecadacao;
pub(super) static OUTROS: TransactionType = TransactionType::Outros;
pub(super) static CARD_PURCHASE: CardTransactionType = CardTransactionType::Pagamento;

/// A personal account transaction with no counterparty details.
pub(super) fn account<'a>(name: &'a str, kind: &'a TransactionType, direction: Direction) -> TxnFacts<'a> {
    TxnFacts {
        name,
        direction,
        source: Source::Account { kind },
        counterparty_tax_id: None,
        counterparty_person: None,
        own_account: false,
        audience: Audience::Personal,
        amount: Decimal::ONE_HUNDRED,
    }
}

/// A personal card purchase (a debit).
pub(super) fn card<'a>(name: &'a str, mcc: Option<u32>) -> TxnFacts<'a> {
    card_of(name, &CARD_PURCHASE, Direction::Debit, None, None, mcc)
}

pub(super) fn card_of<'a>(
    name: &'a str,
    kind: &'a CardTransactionType,
    direction: Direction,
    fee_type: Option<&'a str>,
    other_credits_type: Option<&'a str>,
    mcc: Option<u32>,
) -> TxnFacts<'a> {
    TxnFacts {
        name,
        direction,
        source: Source::Card { kind, fee_type, other_credits_type, mcc },
        counterparty_tax_id: None,
        counterparty_person: None,
        own_account: false,
        audience: Audience::Personal,
        amount: Decimal::ONE_HUNDRED,
    }
}

pub(super) trait FactsExt<'a> {
    fn business(self) -> Self;
    fn with_party(self, tax_id: &'a str) -> Self;
    fn person(self, person: PersonType) -> Self;
    fn own(self) -> Self;
}

impl<'a> FactsExt<'a> for TxnFacts<'a> {
    fn business(mut self) -> Self {
        self.audience = Audience::Business;
        self
    }
    fn with_party(mut self, tax_id: &'a str) -> Self {
        self.counterparty_tax_id = Some(tax_id);
        self
    }
    fn person(mut self, person: PersonType) -> Self {
        self.counterparty_person = Some(person);
        self
    }
    fn own(mut self) -> Self {
        self.own_account = true;
        self
    }
}

/// The leaf code the standard categoriser gives.
pub(super) fn code(facts: &TxnFacts<'_>) -> String {
    Categoriser::standard().categorise(facts).code().to_owned()
}
