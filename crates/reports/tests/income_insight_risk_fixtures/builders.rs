//! Builders of consent data: accounts and their statements, cards, bills, loans, consents.

use ponte_domain::finance::{
    Account, AccountKind, Balances, Bill, Card, CardLimit, CardTransaction, CardTransactionType, ConsentData,
    Contract, Counterparty, CreditFamily, Direction, EntryStatus, FinanceCharge, InformedAmount, MissingPart,
    PersonType, PersonalIdentity, Transaction, TransactionType,
};
use ponte_domain::{Amount, Money};
use rust_decimal::Decimal;
use time::macros::date;
use time::{Date, Month, OffsetDateTime, Time};

/// The report date of every fixture.
pub const TODAY: Date = date!(2026 - 03 - 15);

/// Every permission the family's products read.
pub const PERMISSIONS: &[&str] = &[
    "ACCOUNTS_READ",
    "ACCOUNTS_BALANCES_READ",
    "ACCOUNTS_TRANSACTIONS_READ",
    "CREDIT_CARDS_ACCOUNTS_READ",
    "CREDIT_CARDS_ACCOUNTS_BILLS_READ",
    "CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ",
    "CREDIT_CARDS_ACCOUNTS_LIMITS_READ",
    "LOANS_READ",
    "FINANCINGS_READ",
    "INVOICE_FINANCINGS_READ",
    "UNARRANGED_ACCOUNTS_OVERDRAFT_READ",
    "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ",
    "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ",
    "RESOURCES_READ",
];

pub fn money(cents: i64) -> Money {
    Money::brl(Amount::new(Decimal::new(cents, 2)).unwrap_or_else(|e| panic!("{cents}: {e}")))
}

/// `m` less `cents`.
pub fn minus(m: Money, cents: i64) -> Money {
    let value = m.amount.decimal() - Decimal::new(cents, 2);
    Money::brl(Amount::new(value).unwrap_or_else(|e| panic!("{value}: {e}")))
}

/// The date `months_back` months before TODAY's month, on `day` (clamped to the month).
pub fn month_day(months_back: u32, day: u8) -> Date {
    let index = TODAY.year() * 12 + i32::from(TODAY.month() as u8) - 1 - months_back as i32;
    let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
    let month = Month::try_from(month).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, day.min(month.length(year))).unwrap_or(TODAY)
}

pub fn at(date: Date) -> OffsetDateTime {
    date.with_time(Time::from_hms(12, 0, 0).unwrap_or(Time::MIDNIGHT)).assume_utc()
}

/// A booked account entry of `cents`, optionally from/to a tax id.
pub fn entry(
    id: &str,
    date: Date,
    direction: Direction,
    cents: i64,
    name: &str,
    party: Option<&str>,
) -> Transaction {
    Transaction {
        id: id.into(),
        status: EntryStatus::TransacaoEfetivada,
        direction,
        name: name.into(),
        kind: TransactionType::Pix,
        amount: money(cents),
        date_time: at(date),
        counterparty: party.map(|tax_id| Counterparty {
            tax_id: Some(tax_id.into()),
            person_type: Some(if tax_id.len() == 11 {
                PersonType::PessoaNatural
            } else {
                PersonType::PessoaJuridica
            }),
            compe_code: None,
            branch_code: None,
            number: None,
            check_digit: None,
        }),
    }
}

/// Accumulates account entries with generated ids.
#[derive(Default)]
pub struct Statement {
    pub entries: Vec<Transaction>,
}

impl Statement {
    pub fn credit(&mut self, date: Date, cents: i64, name: &str, party: Option<&str>) -> &mut Self {
        self.push(date, Direction::Credit, cents, name, party)
    }

    pub fn debit(&mut self, date: Date, cents: i64, name: &str, party: Option<&str>) -> &mut Self {
        self.push(date, Direction::Debit, cents, name, party)
    }

    pub fn push_entry(&mut self, date: Date, d: Direction, cents: i64, name: &str, party: &str) -> &mut Self {
        self.push(date, d, cents, name, Some(party))
    }

    fn push(&mut self, date: Date, d: Direction, cents: i64, name: &str, party: Option<&str>) -> &mut Self {
        let id = format!("T{:05}", self.entries.len());
        self.entries.push(entry(&id, date, d, cents, name, party));
        self
    }

    /// One entry a month on `day` in each month `months_back` months before TODAY's month
    /// (`0..=12`: the whole window), oldest first, skipping dates from TODAY on; of
    /// `cents(month_back)`.
    pub fn monthly(
        &mut self,
        months_back: std::ops::RangeInclusive<u32>,
        day: u8,
        direction: Direction,
        cents: impl Fn(u32) -> i64,
        name: &str,
        party: Option<&str>,
    ) -> &mut Self {
        for back in months_back.rev() {
            let date = month_day(back, day);
            if date < TODAY {
                self.push(date, direction, cents(back), name, party);
            }
        }
        self
    }

    pub fn into_account(self, id: &str, available_cents: Option<i64>) -> Account {
        let mut entries = self.entries;
        entries.sort_by(|x, y| (x.date_time, &x.id).cmp(&(y.date_time, &y.id)));
        Account {
            id: id.into(),
            brand_name: "Banco Ponte Sandbox".into(),
            company_cnpj: "00000000000191".into(),
            kind: AccountKind::ContaDepositoAVista,
            subtype: Some("INDIVIDUAL".into()),
            compe_code: "999".into(),
            branch_code: Some("0001".into()),
            number: format!("1234{id}"),
            check_digit: "0".into(),
            currency: "BRL".into(),
            balances: available_cents.map(|cents| Balances {
                available: money(cents),
                blocked: money(0),
                automatically_invested: money(0),
                updated_at: None,
            }),
            overdraft: None,
            transactions: entries,
        }
    }
}

pub fn card_txn(id: &str, date: Date, direction: Direction, cents: i64, name: &str) -> CardTransaction {
    CardTransaction {
        id: id.into(),
        identification_number: Some("1234".into()),
        name: name.into(),
        bill_id: None,
        direction,
        kind: CardTransactionType::Pagamento,
        payment_type: Some("A_VISTA".into()),
        fee_type: None,
        other_credits_type: None,
        instalment: None,
        instalments: None,
        amount: money(cents),
        original_amount: None,
        date_time: at(date),
        bill_post_date: None,
        payee_mcc: None,
    }
}

pub fn card(
    id: &str,
    limit_cents: i64,
    used_cents: i64,
    bills: Vec<Bill>,
    unbilled: Vec<CardTransaction>,
) -> Card {
    Card {
        id: id.into(),
        brand_name: "Banco Ponte Sandbox".into(),
        company_cnpj: "00000000000191".into(),
        name: "PONTE GOLD".into(),
        product_type: "GOLD".into(),
        network: "MASTERCARD".into(),
        identification_numbers: vec!["1234".into()],
        limits: vec![CardLimit {
            limit_type: "LIMITE_CREDITO_TOTAL".into(),
            consolidation_type: "CONSOLIDADO".into(),
            identification_number: None,
            line_name: None,
            is_limit_flexible: false,
            limit: Some(money(limit_cents)),
            used: Some(money(used_cents)),
            available: Some(money(limit_cents - used_cents)),
        }],
        bills,
        unbilled,
    }
}

/// A closed bill closing on `closing` with its transactions (their `bill_id` set) and late
/// finance charges of `late_cents` (none when zero).
pub fn bill(id: &str, closing: Date, mut transactions: Vec<CardTransaction>, late_cents: i64) -> Bill {
    for t in &mut transactions {
        t.bill_id = Some(id.into());
    }
    let total: Decimal = transactions.iter().map(|t| t.statement_amount().amount.decimal()).sum();
    Bill {
        id: id.into(),
        due_date: closing.saturating_add(time::Duration::days(7)),
        closing_date: Some(closing),
        total: Money::brl(Amount::new(total).unwrap_or_else(|e| panic!("{total}: {e}"))),
        minimum: None,
        is_instalment: false,
        finance_charges: if late_cents > 0 {
            vec![FinanceCharge {
                kind: "MULTA_ATRASO_PAGAMENTO_FATURA".into(),
                additional_info: None,
                amount: money(late_cents),
            }]
        } else {
            Vec::new()
        },
        payments: Vec::new(),
        transactions,
    }
}

pub fn loan(id: &str, monthly_cents: i64) -> Contract {
    Contract {
        family: CreditFamily::Loan,
        id: id.into(),
        contract_number: None,
        product_name: Some("CREDITO PESSOAL".into()),
        product_type: "EMPRESTIMOS".into(),
        product_sub_type: "CREDITO_PESSOAL_SEM_CONSIGNACAO".into(),
        contract_date: Some(month_day(10, 15)),
        contract_amount: Some(money(monthly_cents * 24)),
        due_date: Some(month_day(0, 15).saturating_add(time::Duration::days(400))),
        instalment_periodicity: Some("MENSAL".into()),
        first_instalment_due_date: Some(month_day(9, 15)),
        cet: None,
        amortization: Some("PRICE".into()),
        interest_rates: Vec::new(),
        next_instalment_amount: Some(money(monthly_cents)),
        instalments: None,
        outstanding_balance: Some(money(monthly_cents * 14)),
        payments: Vec::new(),
        warranties: Vec::new(),
    }
}

/// A consent of institution `code` fetched at TODAY with every permission.
pub fn consent(
    code: &str,
    accounts: Vec<Account>,
    cards: Vec<Card>,
    contracts: Vec<Contract>,
) -> ConsentData {
    ConsentData {
        consent_id: format!("urn:ponte:consent-{code}"),
        institution_code: code.into(),
        institution_name: format!("Banco {code}"),
        permissions_granted: PERMISSIONS.iter().map(|p| (*p).to_owned()).collect(),
        fetched_at: at(TODAY),
        from: month_day(12, 1),
        to: TODAY,
        resources: Vec::new(),
        accounts,
        cards,
        contracts,
        investments: Vec::new(),
        personal: None,
        business: None,
        missing: Vec::new(),
    }
}

pub fn declare_income(consent: &mut ConsentData, cents: i64, frequency: &str) {
    consent.personal = Some(PersonalIdentity {
        civil_name: "FULANO DE TAL".into(),
        informed_income: Some(InformedAmount {
            amount: money(cents),
            frequency: Some(frequency.into()),
            date: Some(month_day(6, 1)),
            year: None,
        }),
        ..PersonalIdentity::default()
    });
}

pub fn missing(area: &str) -> MissingPart {
    MissingPart {
        area: area.into(),
        endpoint: format!("/{area}/v2/x"),
        resource_id: Some("x".into()),
        reason: "503".into(),
    }
}
