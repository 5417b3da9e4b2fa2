//! Deterministic sandbox personas: everything a customer has at a sandbox bank, generated from
//! (tax id, bank, today) alone.
//!
//! * **Deterministic.** Every draw comes from a ChaCha8 generator seeded by SHA-256 of the inputs
//!   (`rng.rs`); the same inputs give byte-identical data.
//! * **Current and stable.** Dates are relative to `today` (12 months of history up to
//!   yesterday), yet a transaction keeps its id and content whatever day the data is generated
//!   on: each day is seeded by its own date, balances are anchored per month (`accounts.rs`),
//!   bills per cycle (`cards.rs`), contracts and investments per cycle of their term
//!   (`credit.rs`, `investments.rs`).
//! * **Consistent.** Balances are the sum of the transactions, bill totals the sum of the bill's
//!   transactions, card bill payments and loan instalments appear in the paying account,
//!   instalment counts add up, and `/resources` lists exactly what was generated. The property
//!   tests in `tests.rs` check these over random tax ids, banks and dates.
//!
//! Layout: `kinds` (persona table, login user, profile building blocks), `people` and
//! `companies` (the profiles), `accounts`, `cards`, `credit`, `investments` (the generators),
//! `customers` (registration data), `names` (merchants, employers, people, places), `rng`.

mod accounts;
mod cards;
mod companies;
mod credit;
mod customers;
mod investments;
mod kinds;
pub mod names;
mod people;
mod rng;
#[cfg(test)]
mod tests;

use ponte_domain::TaxId;
use time::Date;

pub use accounts::AccountData;
pub use cards::CardData;
pub use credit::ContractData;
pub use customers::{BusinessCustomer, Customer, PersonalCustomer};
pub use investments::InvestmentData;
pub use kinds::{BUSINESS_PERSONAS_USER, PersonaKind, logged_user, persona_of};
pub use rng::Window;

use crate::bank::{BankCode, Offer};
use crate::data::accounts::{AccountTransactionType, AccountType, PartiePersonType};
use crate::data::credit_operations::Family;
use crate::data::resources::{Resource, ResourceType};
use accounts::{Draft, OwnTransfer, Partie};
use customers::Holdings;
use kinds::{Holder, Profile};
use rng::{Seed, Ym, at, hms_milli};

/// Everything a customer has at one sandbox bank.
#[derive(Clone, Debug)]
pub struct CustomerData {
    pub kind: PersonaKind,
    pub bank: BankCode,
    /// The history shown: from a year before `today` to yesterday.
    pub window: Window,
    /// Personal or business identification, qualification and financial relations.
    pub customer: Customer,
    /// Detail, list item, balances, overdraft limits and transactions (oldest first).
    pub accounts: Vec<AccountData>,
    /// Account, limits, closed bills and transactions (with `billId` where billed).
    pub credit_cards: Vec<CardData>,
    pub loans: Vec<ContractData>,
    pub financings: Vec<ContractData>,
    pub invoice_financings: Vec<ContractData>,
    pub unarranged_overdrafts: Vec<ContractData>,
    pub bank_fixed_incomes: Vec<InvestmentData>,
    /// One per account, card, contract and investment, with its OFB status.
    pub resources: Vec<Resource>,
}

impl CustomerData {
    pub fn account(&self, account_id: &str) -> Option<&AccountData> {
        self.accounts.iter().find(|a| a.account.account_id == account_id)
    }

    pub fn credit_card(&self, credit_card_account_id: &str) -> Option<&CardData> {
        self.credit_cards.iter().find(|c| c.account.credit_card_account_id == credit_card_account_id)
    }

    /// The contracts of one credit-operation API.
    pub fn contracts(&self, family: Family) -> &[ContractData] {
        match family {
            Family::Loans => &self.loans,
            Family::Financings => &self.financings,
            Family::InvoiceFinancings => &self.invoice_financings,
            Family::UnarrangedAccountOverdraft => &self.unarranged_overdrafts,
        }
    }

    pub fn contract(&self, family: Family, contract_id: &str) -> Option<&ContractData> {
        self.contracts(family).iter().find(|c| c.list_item.contract_id == contract_id)
    }

    pub fn bank_fixed_income(&self, investment_id: &str) -> Option<&InvestmentData> {
        self.bank_fixed_incomes.iter().find(|i| i.investment.investment_id == investment_id)
    }

    pub fn resource(&self, resource_id: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.resource_id == resource_id)
    }
}

/// What every generator of one customer at one bank shares.
#[derive(Clone, Debug)]
pub(crate) struct PersonaCtx {
    /// The tax id's digits.
    pub tax_id: String,
    pub bank: BankCode,
    pub window: Window,
    /// Seed of (tax id, bank): the bank-specific data.
    pub seed: Seed,
    /// Seed of the tax id alone: who the customer is, the same at every bank.
    pub person_seed: Seed,
}

/// Generates a customer's data at a bank as of `today`.
pub fn generate(tax_id: &TaxId, bank: BankCode, today: Date) -> CustomerData {
    let kind = persona_of(tax_id);
    let digits = tax_id.as_str();
    let ctx = PersonaCtx {
        tax_id: digits.to_owned(),
        bank,
        window: Window::new(today),
        seed: Seed::root(&[b"customer", digits.as_bytes(), bank.code().as_bytes()]),
        person_seed: Seed::root(&[b"holder", digits.as_bytes()]),
    };
    let mut profile = match tax_id {
        TaxId::Cpf(_) => people::profile(kind, &ctx),
        TaxId::Cnpj(_) => companies::profile(kind, &ctx),
    };
    if bank.bank().offer == Offer::AccountsAndCustomers {
        profile.cards.clear();
        profile.contracts.clear();
        profile.investments.clear();
    }

    // Products that move money in the accounts go first; their postings feed the accounts.
    let mut postings: Vec<(u8, Draft)> = Vec::new();
    let credit_cards: Vec<CardData> =
        profile.cards.iter().map(|c| cards::generate(&ctx, c, &mut postings)).collect();
    let contracts: Vec<ContractData> =
        profile.contracts.iter().map(|c| credit::generate(&ctx, c, &mut postings)).collect();
    let bank_fixed_incomes: Vec<InvestmentData> =
        profile.investments.iter().map(|i| investments::generate(&ctx, i, &mut postings)).collect();
    savings_mirrors(&ctx, &profile, &mut postings);

    let own = own_transfer(&ctx, &profile);
    let accounts: Vec<AccountData> = profile
        .accounts
        .iter()
        .map(|spec| {
            let mine: Vec<Draft> =
                postings.iter().filter(|(slot, _)| *slot == spec.slot).map(|(_, d)| d.clone()).collect();
            accounts::generate(&ctx, spec, &mine, &own)
        })
        .collect();

    let by_family = |f: Family| contracts.iter().filter(|c| c.family == f).cloned().collect::<Vec<_>>();
    let (loans, financings) = (by_family(Family::Loans), by_family(Family::Financings));
    let invoice_financings = by_family(Family::InvoiceFinancings);
    let unarranged_overdrafts = by_family(Family::UnarrangedAccountOverdraft);

    let holdings = Holdings {
        accounts: &accounts,
        cards: !credit_cards.is_empty(),
        credit: !contracts.is_empty(),
        investments: !bank_fixed_incomes.is_empty(),
    };
    let customer = match &profile.holder {
        Holder::Person { person, occupation, income } => {
            customers::personal(&ctx, person, occupation, *income, profile.since, &holdings)
        }
        Holder::Company { company, revenue } => {
            customers::business(&ctx, company, *revenue, profile.since, &holdings)
        }
    };

    let mut resources: Vec<Resource> = Vec::new();
    let mut add = |id: &str, resource_type, status| {
        resources.push(Resource { resource_id: id.to_owned(), resource_type, status });
    };
    for a in &accounts {
        add(&a.account.account_id, ResourceType::Account, a.status);
    }
    for c in &credit_cards {
        add(&c.account.credit_card_account_id, ResourceType::CreditCardAccount, c.status);
    }
    for c in &contracts {
        let t = match c.family {
            Family::Loans => ResourceType::Loan,
            Family::Financings => ResourceType::Financing,
            Family::InvoiceFinancings => ResourceType::InvoiceFinancing,
            Family::UnarrangedAccountOverdraft => ResourceType::UnarrangedAccountOverdraft,
        };
        add(&c.list_item.contract_id, t, c.status);
    }
    for i in &bank_fixed_incomes {
        add(&i.investment.investment_id, ResourceType::BankFixedIncome, i.status);
    }

    CustomerData {
        kind,
        bank,
        window: ctx.window,
        customer,
        accounts,
        credit_cards,
        loans,
        financings,
        invoice_financings,
        unarranged_overdrafts,
        bank_fixed_incomes,
        resources,
    }
}

/// The checking side of each savings account's monthly transfer.
fn savings_mirrors(ctx: &PersonaCtx, profile: &Profile, postings: &mut Vec<(u8, Draft)>) {
    let Some(checking) = profile.accounts.iter().find(|a| a.account_type == AccountType::ContaDepositoAVista)
    else {
        return;
    };
    // `partieCnpjCpf` holds digits only: an alphanumeric CNPJ has no counterparty fields.
    let numeric = ctx.tax_id.bytes().all(|b| b.is_ascii_digit());
    for spec in profile.accounts.iter().filter(|a| a.account_type == AccountType::ContaPoupanca) {
        let seed = spec.seed(ctx);
        let (branch, number, check_digit) = spec.numbers(ctx);
        let partie = numeric.then(|| Partie {
            cnpj_cpf: ctx.tax_id.clone(),
            person_type: if ctx.tax_id.len() == 11 {
                PartiePersonType::PessoaNatural
            } else {
                PartiePersonType::PessoaJuridica
            },
            compe: ctx.bank.code(),
            branch: branch.unwrap_or_else(|| "0001".to_owned()),
            number,
            check_digit,
        });
        let mut ym = Ym::of(ctx.window.start);
        while ym <= Ym::of(ctx.window.end) {
            if let Some(((date, transfer), _)) = spec.savings_moves(&seed, ym)
                && transfer != 0
                && date <= ctx.window.end
            {
                let name = if transfer > 0 { "TRANSF PARA POUPANCA" } else { "RESGATE POUPANCA" };
                postings.push((
                    checking.slot,
                    Draft {
                        at: at(date, hms_milli(10 * 3_600_000 + 12_345)),
                        credit: transfer < 0,
                        cents: transfer.abs(),
                        name: name.to_owned(),
                        kind: AccountTransactionType::TransferenciaMesmaInstituicao,
                        partie: partie.clone(),
                    },
                ));
            }
            ym = ym.add(1);
        }
    }
}

/// The month-end transfer with the holder's own account at another bank.
fn own_transfer(ctx: &PersonaCtx, profile: &Profile) -> OwnTransfer {
    let numeric = ctx.tax_id.bytes().all(|b| b.is_ascii_digit());
    let partie = numeric.then(|| Partie::own(&ctx.tax_id, &ctx.person_seed));
    match &profile.holder {
        Holder::Person { person, .. } => OwnTransfer {
            out_name: format!("PIX ENVIADO {}", person.short_name),
            in_name: format!("PIX RECEBIDO {}", person.short_name),
            kind: AccountTransactionType::Pix,
            partie,
        },
        Holder::Company { company, .. } => OwnTransfer {
            out_name: format!("TED ENVIADA {}", company.name),
            in_name: format!("TED RECEBIDA {}", company.name),
            kind: AccountTransactionType::Ted,
            partie,
        },
    }
}
