//! One test per persona of spec §9: what makes it that persona.

use super::*;

fn today() -> Date {
    time::macros::date!(2026 - 11 - 20)
}

/// Days of the window whose balance at the end of the day is negative.
fn negative_days(a: &AccountData, w: Window) -> i64 {
    let mut balance = a.opening_balance;
    let mut txns = a.transactions.iter().zip(&a.balance_after).peekable();
    let mut negative = 0;
    let mut day = w.start;
    while day <= w.end {
        while let Some((t, b)) = txns.peek() {
            if t.transaction_date_time.0.date() > day {
                break;
            }
            balance = **b;
            txns.next();
        }
        negative += i64::from(balance.is_sign_negative() && !balance.is_zero());
        day += Duration::days(1);
    }
    negative
}

fn credits_named(a: &AccountData, f: impl Fn(&AccountTransaction) -> bool) -> Decimal {
    a.transactions
        .iter()
        .filter(|t| t.credit_debit_type == CreditDebitType::Credito && f(t))
        .map(|t| t.transaction_amount.amount.value())
        .sum()
}

#[test]
fn persona_table_and_logged_users() {
    for (i, id) in PERSONAS.iter().enumerate() {
        assert_ne!(persona_of(&tax(id)), PersonaKind::Generic, "{id}");
        if i < 9 {
            assert_eq!(logged_user(&tax(id)).as_str(), *id);
        } else {
            assert_eq!(logged_user(&tax(id)).as_str(), BUSINESS_PERSONAS_USER);
        }
    }
    assert_eq!(persona_of(&tax("52998224725")), PersonaKind::Generic);
    let generic = tax("11444777000161");
    assert_eq!(logged_user(&generic), logged_user(&generic));
    assert_ne!(logged_user(&generic).as_str(), BUSINESS_PERSONAS_USER);
}

#[test]
fn salaried_has_a_monthly_salary_savings_a_card_and_a_loan() {
    let d = generate(&tax("76109277673"), BankCode::Healthy, today());
    check_invariants(&d);
    assert_eq!(d.accounts.len(), 2);
    assert_eq!(d.accounts[1].account.account_type, AccountType::ContaPoupanca);
    let salaries = d.accounts[0]
        .transactions
        .iter()
        .filter(|t| {
            t.transaction_type == AccountTransactionType::FolhaPagamento
                && t.transaction_name.starts_with("PAGTO SALARIO")
        })
        .count();
    assert!((11..=13).contains(&salaries), "{salaries} salaries");
    assert_eq!((d.credit_cards.len(), d.loans.len()), (1, 1));
    assert!(d.credit_cards[0].bills.len() >= 10);
    assert!(d.accounts[1].transactions.iter().any(|t| t.transaction_name == "RENDIMENTO POUPANCA"));
    // Healthy: hardly ever negative.
    let negative = d.accounts[0].balance_after.iter().filter(|b| b.is_sign_negative()).count();
    assert!(negative * 20 < d.accounts[0].balance_after.len(), "{negative} negative balances");
    // The card's bill payments are debited from the checking account.
    let paid: usize = d.credit_cards[0].bills.iter().map(|b| b.payments.len()).sum();
    let debits = d.accounts[0]
        .transactions
        .iter()
        .filter(|t| t.transaction_name == "DEB AUTOMATICO FATURA CARTAO")
        .count();
    assert!(debits >= paid);
    // Bank 996 keeps only accounts and customer data.
    let partial = generate(&tax("76109277673"), BankCode::Partial, today());
    check_invariants(&partial);
    assert!(partial.credit_cards.is_empty() && partial.loans.is_empty());
    assert_eq!(partial.accounts.len(), 2);
}

#[test]
fn over_indebted_lives_in_overdraft_revolves_and_pays_late() {
    let d = generate(&tax("20000000299"), BankCode::Healthy, today());
    check_invariants(&d);
    let a = &d.accounts[0];
    let negative = negative_days(a, d.window);
    let days = (d.window.end - d.window.start).whole_days() + 1;
    assert!(negative * 2 > days, "{negative} of {days} days negative");
    assert!(
        a.transactions
            .iter()
            .any(|t| t.transaction_type == AccountTransactionType::EncargosJurosChequeEspecial)
    );
    assert!(d.credit_cards[0].bills.iter().filter(|b| b.finance_charges.is_some()).count() >= 10);
    assert_eq!(d.loans.len(), 3);
    assert_eq!(d.unarranged_overdrafts.len(), 1);
    assert!(d.loans.iter().any(|l| l.instalments.past_due_instalments > 0));
}

#[test]
fn bettor_sends_a_large_share_of_income_to_betting_operators() {
    let d = generate(&tax("30000000388"), BankCode::Healthy, today());
    let a = &d.accounts[0];
    let betting: HashSet<&str> = super::names::BETTING.iter().map(|o| o.cnpj).collect();
    let to_bets: Decimal = a
        .transactions
        .iter()
        .filter(|t| {
            t.credit_debit_type == CreditDebitType::Debito
                && t.partie_cnpj_cpf.as_deref().is_some_and(|c| betting.contains(c))
        })
        .map(|t| t.transaction_amount.amount.value())
        .sum();
    let salary = credits_named(a, |t| t.transaction_type == AccountTransactionType::FolhaPagamento);
    assert!(to_bets * Decimal::from(10) > salary * Decimal::from(3), "bets {to_bets} of income {salary}");
}

#[test]
fn gig_worker_is_paid_by_platforms_not_payroll() {
    let d = generate(&tax("10000000108"), BankCode::Healthy, today());
    let a = &d.accounts[0];
    assert!(a.transactions.iter().all(|t| t.transaction_type != AccountTransactionType::FolhaPagamento));
    let platforms =
        credits_named(a, |t| t.transaction_name.contains("UBER") || t.transaction_name.contains("IFOOD"));
    assert!(platforms > Decimal::from(20_000));
}

#[test]
fn thin_file_is_new_and_quiet() {
    let d = generate(&tax("40000000477"), BankCode::Healthy, today());
    check_invariants(&d);
    let a = &d.accounts[0];
    let first = a.transactions.first().unwrap().transaction_date_time.0.date();
    assert!(today() - first <= Duration::days(95) && today() - first >= Duration::days(28));
    assert!(a.transactions.len() < 120, "{}", a.transactions.len());
    assert_eq!(a.opening_balance, Decimal::ZERO);
    assert!(d.credit_cards.is_empty() && d.loans.is_empty());
}

#[test]
fn retiree_has_inss_savings_and_cdbs() {
    let d = generate(&tax("50000000566"), BankCode::Healthy, today());
    check_invariants(&d);
    let inss =
        credits_named(&d.accounts[0], |t| t.partie_cnpj_cpf.as_deref() == Some(super::names::INSS.cnpj));
    assert!(inss > Decimal::ZERO);
    assert!(d.accounts.iter().any(|a| a.account.account_type == AccountType::ContaPoupanca));
    assert_eq!(d.bank_fixed_incomes.len(), 2);
}

#[test]
fn joint_account_is_pending_authorisation() {
    let d = generate(&tax("60000000655"), BankCode::Healthy, today());
    let pending: Vec<_> =
        d.resources.iter().filter(|r| r.status == ResourceStatus::PendingAuthorisation).collect();
    assert_eq!(pending.len(), 1);
    let joint = d.account(&pending[0].resource_id).unwrap();
    assert_eq!(joint.identification.subtype, crate::data::accounts::AccountSubType::ConjuntaSolidaria);
}

#[test]
fn high_volume_has_about_two_thousand_transactions_a_month() {
    let d = generate(&tax("80000000833"), BankCode::Healthy, today());
    check_invariants(&d);
    assert_eq!((d.accounts.len(), d.credit_cards.len()), (3, 2));
    let total: usize = d.accounts.iter().map(|a| a.transactions.len()).sum::<usize>()
        + d.credit_cards.iter().map(|c| c.transactions.len()).sum::<usize>();
    let per_month = total / 12;
    assert!((1_700..=2_400).contains(&per_month), "{per_month} a month");
}

#[test]
fn small_retailer_is_a_business_with_receivables_taxes_and_working_capital() {
    let d = generate(&tax("11222333000181"), BankCode::Healthy, today());
    check_invariants(&d);
    let Customer::Business(b) = &d.customer else { panic!("a business") };
    assert!(b.identification.parties.iter().any(|p| p.document_number == BUSINESS_PERSONAS_USER));
    let a = &d.accounts[0];
    let acquirers = credits_named(a, |t| t.transaction_name.starts_with("CRED VENDAS CARTAO"));
    assert!(acquirers > Decimal::from(100_000));
    assert!(a.transactions.iter().any(|t| t.transaction_name.contains("DAS SIMPLES")));
    assert!(a.transactions.iter().any(|t| t.transaction_type == AccountTransactionType::FolhaPagamento));
    assert!(d.loans.iter().any(|l| l.contract.product_sub_type
        == crate::data::credit_operations::ProductSubType::CapitalGiroPrazoVencimentoSuperior365Dias));
}

#[test]
fn services_company_depends_on_one_client_and_uses_overdraft() {
    let d = generate(&tax("44555666000181"), BankCode::Healthy, today());
    check_invariants(&d);
    let a = &d.accounts[0];
    let clients: HashSet<&str> = super::names::CLIENTS.iter().map(|o| o.cnpj).collect();
    let revenue = credits_named(a, |t| t.partie_cnpj_cpf.as_deref().is_some_and(|c| clients.contains(c)));
    let top = credits_named(a, |t| t.partie_cnpj_cpf.as_deref() == Some(super::names::CLIENTS[0].cnpj));
    let share = top / revenue;
    assert!(share > Decimal::new(70, 2) && share < Decimal::new(90, 2), "top client share {share}");
    assert!(a.balance_after.iter().any(|b| b.is_sign_negative()));
    assert!(
        a.transactions
            .iter()
            .any(|t| t.transaction_type == AccountTransactionType::EncargosJurosChequeEspecial)
    );
}

#[test]
fn generic_tax_ids_get_a_matching_customer() {
    let person = generate(&tax("52998224725"), BankCode::Slow, today());
    assert!(matches!(person.customer, Customer::Personal(_)));
    check_invariants(&person);
    let company = generate(&tax("11444777000161"), BankCode::Flaky, today());
    assert!(matches!(company.customer, Customer::Business(_)));
    check_invariants(&company);
    // An alphanumeric CNPJ (issued from July 2026): counterparty documents stay numeric.
    let alphanumeric = TaxId::from(Cnpj::from_base("12ABC34501DE").unwrap());
    let company = generate(&alphanumeric, BankCode::Healthy, today());
    check_invariants(&company);
    for t in company.accounts.iter().flat_map(|a| &a.transactions) {
        assert!(t.partie_cnpj_cpf.as_deref().is_none_or(|d| d.bytes().all(|b| b.is_ascii_digit())));
    }
}

#[test]
fn every_amount_uses_two_decimals_on_the_wire() {
    let d = generate(&tax("76109277673"), BankCode::Healthy, today());
    let t = &d.accounts[0].transactions[0];
    let json = serde_json::to_value(t).unwrap();
    let amount = json["transactionAmount"]["amount"].as_str().unwrap();
    assert_eq!(amount.split('.').nth(1).map(str::len), Some(2));
    assert_eq!(Dec::<2>::cents(cents(t.transaction_amount.amount.value())), t.transaction_amount.amount);
}
