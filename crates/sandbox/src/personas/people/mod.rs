//! Profiles of the personal (CPF) personas. Amounts are in cents. Choices that describe the
//! person (employer, salary, landlord) come from the person's seed, so they are the same at
//! every bank; the bank's seed only varies the day-to-day transactions.

mod irregular;
mod settled;

use irregular::{bettor, gig_worker, over_indebted, thin_file};
use rand_chacha::ChaCha8Rng;
use settled::{high_volume, joint_account, retiree};
use time::{Date, Duration, Weekday};

use super::PersonaCtx;
use super::accounts::{AccountSpec, Label, Level, Partie, Stream, When, short_person_name};
use super::cards::{CardPayment, CardSpec, CardStream};
use super::credit::ContractSpec;
use super::customers::{Person, person};
use super::investments::InvestmentSpec;
use super::kinds::{
    Holder, PersonaKind, Profile, checking, consigned_loan, daily, everyday_card, household, one,
    personal_loan, relationship_start, savings,
};
use super::names::{
    BETTING, EMPLOYERS, FUEL, HEALTH, INSS, LANDLORDS, Org, PLATFORMS, RECEITA_FEDERAL, RESTAURANTS,
    RIDE_HAILING, SHOPS, SUBSCRIPTIONS, SUPERMARKETS, SUPPLIERS,
};
use super::rng::{Ym, between, chance, pick};
use crate::data::accounts::{AccountSubType, AccountTransactionType as T, AccountType};
use crate::data::credit_cards::{BillPaymentMode, CardNetwork, CardProductType};
use crate::data::credit_operations::{Family, ProductSubType, ProductType};
use crate::data::fixed_incomes::InvestmentType;
use crate::data::resources::ResourceStatus;

/// Birth-year range of a persona (a CPF has one identity wherever it appears).
pub(crate) fn birth_years(kind: PersonaKind) -> (i32, i32) {
    match kind {
        PersonaKind::GigWorker | PersonaKind::Bettor => (1993, 2001),
        PersonaKind::ThinFile => (2003, 2006),
        PersonaKind::Retiree => (1950, 1959),
        PersonaKind::OverIndebted => (1976, 1990),
        _ => (1970, 1995),
    }
}

pub(crate) fn profile(kind: PersonaKind, ctx: &PersonaCtx) -> Profile {
    let mut rng = ctx.person_seed.child("profile", &[]).rng();
    let holder = person(&ctx.tax_id, birth_years(kind));
    let since = relationship_start(&ctx.person_seed, &ctx.window);
    match kind {
        PersonaKind::GigWorker => gig_worker(&mut rng, holder, since),
        PersonaKind::OverIndebted => over_indebted(&mut rng, holder, since),
        PersonaKind::Bettor => bettor(&mut rng, holder, since),
        PersonaKind::ThinFile => thin_file(ctx, &mut rng, holder),
        PersonaKind::Retiree => retiree(&mut rng, holder, since),
        PersonaKind::JointAccount => joint_account(&mut rng, holder, since),
        PersonaKind::HighVolume => high_volume(&mut rng, holder, since),
        PersonaKind::Salaried => salaried(&mut rng, holder, since, 685_000, true, true, true),
        PersonaKind::FailsCodeExchange => salaried(&mut rng, holder, since, 540_000, true, true, true),
        _ => {
            let income = between(&mut rng, 25, 120) * 10_000;
            let (savings, card, loan) = (chance(&mut rng, 500), chance(&mut rng, 700), chance(&mut rng, 400));
            salaried(&mut rng, holder, since, income, savings, card, loan)
        }
    }
}

/// A known counterparty: a short name as statements print it, and an account.
fn known(rng: &mut ChaCha8Rng) -> (String, Partie) {
    let name = short_person_name(rng);
    (name, Partie::random_person(rng))
}

fn salary(employer: &'static Org, income: i64) -> Vec<Stream> {
    let half = income / 2;
    vec![
        Stream::new(
            When::BusinessDay(5),
            true,
            T::FolhaPagamento,
            income,
            income + income / 100,
            Label::Orgs("PAGTO SALARIO ", one(employer)),
        )
        .hours(6, 9),
        Stream::new(
            When::Yearly { month: 11, day: 28 },
            true,
            T::FolhaPagamento,
            half,
            half,
            Label::Orgs("PAGTO 13 SALARIO ", one(employer)),
        )
        .hours(6, 9),
        Stream::new(
            When::Yearly { month: 12, day: 18 },
            true,
            T::FolhaPagamento,
            half,
            half,
            Label::Orgs("PAGTO 13 SALARIO ", one(employer)),
        )
        .hours(6, 9),
    ]
}

fn rent(day: u8, cents: i64, landlord: &'static Org) -> Stream {
    Stream::new(
        When::MonthDay(day),
        false,
        T::Boleto,
        cents,
        cents,
        Label::Orgs("PAGTO BOLETO ", one(landlord)),
    )
}

fn groceries(mean_milli: u32, hi: i64) -> Stream {
    Stream::new(
        daily(mean_milli, 150),
        false,
        T::Cartao,
        3_000,
        hi,
        Label::Orgs("COMPRA CARTAO DEB ", SUPERMARKETS),
    )
    .skewed()
}

fn person_holder(person: Person, occupation: &'static str, income: i64) -> Holder {
    Holder::Person { person, occupation, income }
}

#[allow(clippy::too_many_arguments)]
fn salaried(
    rng: &mut ChaCha8Rng,
    holder: Person,
    since: Date,
    income: i64,
    with_savings: bool,
    with_card: bool,
    with_loan: bool,
) -> Profile {
    let k = |cents: i64| cents * income / 685_000;
    let employer = pick(rng, EMPLOYERS);
    let mut streams = salary(employer, income);
    streams.push(rent(10, k(170_000) / 100 * 100, pick(rng, LANDLORDS)));
    streams.push(Stream::new(
        When::MonthDay(25),
        false,
        T::Boleto,
        k(45_000),
        k(45_000),
        Label::Orgs("PAGTO BOLETO ", one(pick(rng, HEALTH))),
    ));
    streams.extend(household(rng, income));
    if !with_card {
        streams.push(groceries(300, k(40_000)));
    }
    let mut accounts =
        vec![checking(0, since, (k(180_000), k(420_000)), k(200_000) / 10_000 * 10_000, streams)];
    if with_savings {
        accounts.push(savings(1, since + Duration::days(40), k(800_000), k(40_000)));
    }
    let cards = if with_card {
        vec![everyday_card(
            0,
            income,
            "PONTE GOLD MASTERCARD",
            CardProductType::Gold,
            CardNetwork::Mastercard,
        )]
    } else {
        Vec::new()
    };
    let contracts = if with_loan {
        vec![personal_loan(0, (k(800_000), k(1_500_000)), 24, (19_900, 29_900), 15)]
    } else {
        Vec::new()
    };
    Profile {
        holder: person_holder(holder, "ANALISTA ADMINISTRATIVO", income),
        since,
        accounts,
        cards,
        contracts,
        investments: Vec::new(),
    }
}
