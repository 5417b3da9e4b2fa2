//! The vocabulary of account profiles: counterparties, the streams of regular transactions
//! and when they fall.

use super::*;

/// A counterparty as the account transaction shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Partie {
    pub cnpj_cpf: String,
    pub person_type: PartiePersonType,
    pub compe: &'static str,
    pub branch: String,
    pub number: String,
    pub check_digit: String,
}

impl Partie {
    /// An organisation's account, derived from its CNPJ (stable for every transaction).
    pub(crate) fn org(org: &Org) -> Partie {
        let d = org.cnpj.as_bytes();
        let sum: usize = d.iter().map(|b| usize::from(b.wrapping_sub(b'0'))).sum();
        Partie {
            cnpj_cpf: org.cnpj.to_owned(),
            person_type: PartiePersonType::PessoaJuridica,
            compe: BANK_CODES[sum % BANK_CODES.len()],
            branch: org.cnpj[..4].to_owned(),
            number: org.cnpj[4..12].to_owned(),
            check_digit: org.cnpj[12..13].to_owned(),
        }
    }

    /// A person with a random valid CPF and account.
    pub(crate) fn random_person(rng: &mut ChaCha8Rng) -> Partie {
        let cpf = random_cpf(rng);
        let mut number = String::with_capacity(8);
        push_padded(&mut number, between(rng, 10_000_000, 99_999_999) as u64, 8);
        let mut branch = String::with_capacity(4);
        push_padded(&mut branch, between(rng, 1, 9999) as u64, 4);
        let mut check_digit = String::with_capacity(1);
        push_padded(&mut check_digit, between(rng, 0, 9) as u64, 1);
        Partie {
            cnpj_cpf: cpf.as_str().to_owned(),
            person_type: PartiePersonType::PessoaNatural,
            compe: pick::<&str>(rng, BANK_CODES),
            branch,
            number,
            check_digit,
        }
    }

    /// The holder's own account at another bank, the other side of the month-end transfer.
    pub(crate) fn own(tax_id: &str, seed: &Seed) -> Partie {
        let person_type = if tax_id.len() == 11 {
            PartiePersonType::PessoaNatural
        } else {
            PartiePersonType::PessoaJuridica
        };
        Partie {
            cnpj_cpf: tax_id.to_owned(),
            person_type,
            compe: "260",
            branch: "0001".to_owned(),
            number: seed.child("own-account", &[]).digits(9),
            check_digit: seed.child("own-account-dv", &[]).digits(1),
        }
    }
}

/// A valid CPF from random digits (a base of nine equal digits is redrawn).
pub(crate) fn random_cpf(rng: &mut ChaCha8Rng) -> Cpf {
    loop {
        let base = between(rng, 1_000_000, 999_999_998);
        let mut buf = [b'0'; 9];
        let s = base.to_string();
        buf[9 - s.len()..].copy_from_slice(s.as_bytes());
        if let Ok(cpf) =
            std::str::from_utf8(&buf).map_err(|_| ()).and_then(|b| Cpf::from_base(b).map_err(|_| ()))
        {
            return cpf;
        }
    }
}

/// "JOAO S": a first name and an initial, as PIX statements abbreviate people.
pub(crate) fn short_person_name(rng: &mut ChaCha8Rng) -> String {
    let first = if chance(rng, 500) { pick(rng, MALE_NAMES) } else { pick(rng, FEMALE_NAMES) };
    let surname = pick(rng, SURNAMES);
    let mut s = String::with_capacity(first.len() + 2);
    s.push_str(first);
    s.push(' ');
    s.push_str(&surname[..1]);
    s
}

/// A transaction before its id is assigned (ids follow the order within the day).
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    pub at: PrimitiveDateTime,
    pub credit: bool,
    pub cents: i64,
    pub name: String,
    pub kind: AccountTransactionType,
    pub partie: Option<Partie>,
}

/// How often a stream produces a transaction.
#[derive(Clone, Copy, Debug)]
pub(crate) enum When {
    /// `mean_milli`/1000 transactions a day on average; `weekend_pct` % of that on weekends.
    Daily { mean_milli: u32, weekend_pct: u32 },
    /// Once a month on the n-th business day.
    BusinessDay(u8),
    /// Once a month on this calendar day, moved to a business day within the month.
    MonthDay(u8),
    /// Once a year in this month, on this day (moved to a business day).
    Yearly { month: u8, day: u8 },
    /// On this weekday with this probability (‰).
    Weekly { weekday: Weekday, permille: u32 },
    /// Once, on this date.
    On(Date),
}

/// What a stream's transactions are called and who is on the other side.
#[derive(Clone, Debug)]
pub(crate) enum Label {
    /// A fixed name, with or without a counterparty.
    Text(&'static str, Option<&'static Org>),
    /// A prefix and an organisation drawn from a table ("PIX ENVIADO " + "BETANO").
    Orgs(&'static str, &'static [Org]),
    /// A prefix and an unknown person ("PIX RECEBIDO " + "JOAO S").
    Person(&'static str),
    /// A prefix and one of the persona's known people (employees, a landlord).
    Known(&'static str, Vec<(String, Partie)>),
}

/// A source of similar transactions in an account.
#[derive(Clone, Debug)]
pub(crate) struct Stream {
    pub when: When,
    pub credit: bool,
    pub kind: AccountTransactionType,
    /// Amount range in cents; `skew` draws small amounts more often.
    pub lo: i64,
    pub hi: i64,
    pub skew: bool,
    pub label: Label,
    pub hours: (u8, u8),
}

impl Stream {
    pub(crate) fn new(
        when: When,
        credit: bool,
        kind: AccountTransactionType,
        lo: i64,
        hi: i64,
        label: Label,
    ) -> Stream {
        Stream { when, credit, kind, lo, hi, skew: false, label, hours: (7, 22) }
    }

    pub(crate) fn skewed(mut self) -> Stream {
        self.skew = true;
        self
    }

    pub(crate) fn hours(mut self, from: u8, to: u8) -> Stream {
        self.hours = (from, to);
        self
    }

    /// How many of this stream's transactions fall on `date`.
    pub(super) fn occurrences(&self, rng: &mut ChaCha8Rng, date: Date) -> u32 {
        let ym = Ym::of(date);
        match self.when {
            When::Daily { mean_milli, weekend_pct } => {
                let mean = if is_business_day(date) { mean_milli } else { mean_milli * weekend_pct / 100 };
                count(rng, mean)
            }
            When::BusinessDay(n) => u32::from(ym.business_day(n) == date),
            When::MonthDay(d) => u32::from(business_day_in_month(ym, d) == date),
            When::Yearly { month, day } => {
                u32::from(ym.month == month && business_day_in_month(ym, day) == date)
            }
            When::Weekly { weekday, permille } => {
                u32::from(date.weekday() == weekday && chance(rng, permille))
            }
            When::On(day) => u32::from(day == date),
        }
    }

    pub(super) fn draft(&self, rng: &mut ChaCha8Rng, date: Date) -> Draft {
        let cents = if self.skew { skewed(rng, self.lo, self.hi) } else { between(rng, self.lo, self.hi) };
        let (name, partie) = match &self.label {
            Label::Text(text, org) => ((*text).to_owned(), org.map(Partie::org)),
            Label::Orgs(prefix, orgs) => {
                let org = pick(rng, orgs);
                (concat(prefix, org.name), Some(Partie::org(org)))
            }
            Label::Person(prefix) => {
                let name = short_person_name(rng);
                (concat(prefix, &name), Some(Partie::random_person(rng)))
            }
            Label::Known(prefix, people) => {
                let (name, partie) = pick(rng, people);
                (concat(prefix, name), Some(partie.clone()))
            }
        };
        let time = time_between(rng, self.hours.0, self.hours.1);
        Draft { at: at(date, time), credit: self.credit, cents: cents.max(1), name, kind: self.kind, partie }
    }
}

/// The day `d` of the month, or the nearest business day inside the month (forward first).
pub(crate) fn business_day_in_month(ym: Ym, d: u8) -> Date {
    let mut date = ym.day(d);
    while !is_business_day(date) {
        match date.next_day() {
            Some(next) if Ym::of(next) == ym => date = next,
            _ => break,
        }
    }
    while !is_business_day(date) {
        match date.previous_day() {
            Some(prev) if Ym::of(prev) == ym => date = prev,
            _ => break,
        }
    }
    date
}
