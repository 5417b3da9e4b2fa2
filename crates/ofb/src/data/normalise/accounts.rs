//! Accounts v2 (`/open-banking/accounts/v2`): list, detail, balances, overdraft limits and
//! transactions.

use super::{
    CODE_CHARS, NAME_CHARS, NUMBER_CHARS, Parsed, clean, data_items, date_time, id, keep_last, money,
    optional, positive_money, text,
};
use ponte_domain::finance::{
    Account, AccountKind, Balances, Counterparty, Direction, EntryStatus, OverdraftLimits, PersonType,
    Transaction, TransactionType,
};
use serde_json::Value;
use std::sync::Arc;

/// The accounts of `GET /accounts`, with what the list tells (the rest comes from the other
/// endpoints). An item without an id or a known `type` is skipped.
pub(crate) fn account_list(pages: &[Arc<Value>], fallback_brand: &str) -> Parsed<Account> {
    Parsed::from_items(data_items(pages), |item| {
        Some(Account {
            id: id(item, "accountId")?,
            brand_name: text(item, "brandName", NAME_CHARS)
                .or_else(|| clean(fallback_brand, NAME_CHARS))
                .unwrap_or_default(),
            company_cnpj: text(item, "companyCnpj", NUMBER_CHARS).unwrap_or_default(),
            kind: account_kind(item.get("type")?.as_str()?)?,
            subtype: None,
            compe_code: text(item, "compeCode", NUMBER_CHARS).unwrap_or_default(),
            branch_code: text(item, "branchCode", NUMBER_CHARS),
            number: text(item, "number", NUMBER_CHARS).unwrap_or_default(),
            check_digit: text(item, "checkDigit", NUMBER_CHARS).unwrap_or_default(),
            currency: "BRL".to_owned(),
            balances: None,
            overdraft: None,
            transactions: Vec::new(),
        })
    })
}

fn account_kind(value: &str) -> Option<AccountKind> {
    match value {
        "CONTA_DEPOSITO_A_VISTA" => Some(AccountKind::ContaDepositoAVista),
        "CONTA_POUPANCA" => Some(AccountKind::ContaPoupanca),
        "CONTA_PAGAMENTO_PRE_PAGA" => Some(AccountKind::ContaPagamentoPrePaga),
        _ => None,
    }
}

/// Adds `GET /accounts/{accountId}` to an account: its subtype and currency, and the numbers
/// the list left out. `false` when the detail is not an object.
pub(crate) fn apply_detail(account: &mut Account, detail: &Value) -> bool {
    if !detail.is_object() {
        return false;
    }
    account.subtype = text(detail, "subtype", CODE_CHARS);
    if let Some(currency) = super::currency(detail, "currency") {
        account.currency = currency.to_string();
    }
    let fill = |field: &mut String, key: &str| {
        if field.is_empty() {
            *field = text(detail, key, NUMBER_CHARS).unwrap_or_default();
        }
    };
    fill(&mut account.compe_code, "compeCode");
    fill(&mut account.number, "number");
    fill(&mut account.check_digit, "checkDigit");
    if account.branch_code.is_none() {
        account.branch_code = text(detail, "branchCode", NUMBER_CHARS);
    }
    true
}

/// `GET /accounts/{accountId}/balances`; `None` when an amount is missing or malformed.
pub(crate) fn balances(data: &Value) -> Option<Balances> {
    Some(Balances {
        available: money(data, "availableAmount")?,
        blocked: money(data, "blockedAmount")?,
        automatically_invested: money(data, "automaticallyInvestedAmount")?,
        updated_at: optional(data, "updateDateTime", date_time)?,
    })
}

/// `GET /accounts/{accountId}/overdraft-limits`: every field optional (an account without
/// overdraft answers `{}`); `None` when a field is there but malformed.
pub(crate) fn overdraft(data: &Value) -> Option<OverdraftLimits> {
    if !data.is_object() {
        return None;
    }
    Some(OverdraftLimits {
        contracted: optional(data, "overdraftContractedLimit", money)?,
        used: optional(data, "overdraftUsedLimit", money)?,
        unarranged: optional(data, "unarrangedOverdraftAmount", money)?,
    })
}

/// Account transactions of several answers (history first, then `-current`): one per
/// `transactionId`, the later answer winning, oldest first.
pub(crate) fn transactions(answers: &[&[Arc<Value>]]) -> Parsed<Transaction> {
    let parsed = Parsed::from_items(answers.iter().flat_map(|pages| data_items(pages)), transaction);
    let mut items = keep_last(parsed.items, |t: &Transaction| t.id.clone());
    items.sort_by(|a, b| a.date_time.cmp(&b.date_time).then_with(|| a.id.cmp(&b.id)));
    Parsed { items, malformed: parsed.malformed }
}

fn transaction(item: &Value) -> Option<Transaction> {
    let status = match item.get("completedAuthorisedPaymentType")?.as_str()? {
        "TRANSACAO_EFETIVADA" => EntryStatus::TransacaoEfetivada,
        "LANCAMENTO_FUTURO" => EntryStatus::LancamentoFuturo,
        "TRANSACAO_PROCESSANDO" => EntryStatus::TransacaoProcessando,
        _ => return None,
    };
    Some(Transaction {
        id: id(item, "transactionId")?,
        status,
        direction: direction(item, "creditDebitType")?,
        name: text(item, "transactionName", NAME_CHARS).unwrap_or_default(),
        kind: text(item, "type", CODE_CHARS)
            .map_or(TransactionType::Outros, |t| TransactionType::from_ofb(&t)),
        amount: positive_money(item, "transactionAmount")?,
        date_time: date_time(item, "transactionDateTime")?,
        counterparty: counterparty(item),
    })
}

/// `creditDebitType` (accounts and cards share it).
pub(crate) fn direction(item: &Value, key: &str) -> Option<Direction> {
    match item.get(key)?.as_str()? {
        "CREDITO" => Some(Direction::Credit),
        "DEBITO" => Some(Direction::Debit),
        _ => None,
    }
}

fn counterparty(item: &Value) -> Option<Counterparty> {
    let field = |key: &str| text(item, key, NUMBER_CHARS);
    let person_type = match item.get("partiePersonType").and_then(Value::as_str) {
        Some("PESSOA_NATURAL") => Some(PersonType::PessoaNatural),
        Some("PESSOA_JURIDICA") => Some(PersonType::PessoaJuridica),
        _ => None,
    };
    let party = Counterparty {
        tax_id: field("partieCnpjCpf"),
        person_type,
        compe_code: field("partieCompeCode"),
        branch_code: field("partieBranchCode"),
        number: field("partieNumber"),
        check_digit: field("partieCheckDigit"),
    };
    let empty = party.tax_id.is_none()
        && party.person_type.is_none()
        && party.compe_code.is_none()
        && party.branch_code.is_none()
        && party.number.is_none()
        && party.check_digit.is_none();
    (!empty).then_some(party)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn txn(id: &str, amount: &str, when: &str, name: &str) -> Value {
        json!({
            "transactionId": id, "completedAuthorisedPaymentType": "TRANSACAO_EFETIVADA",
            "creditDebitType": "DEBITO", "transactionName": name, "type": "PIX",
            "transactionAmount": {"amount": amount, "currency": "BRL"}, "transactionDateTime": when,
            "partieCnpjCpf": "12345678000199", "partiePersonType": "PESSOA_JURIDICA"
        })
    }

    #[test]
    fn hostile_transactions_are_skipped_counted_and_the_rest_ordered() {
        let history = vec![Arc::new(json!({"data": [
            txn("t2", "10.00", "2026-01-02T10:00:00.000Z", "B"),
            txn("t1", "5.50", "2026-01-01T10:00:00.000Z", &"x".repeat(5000)),
            txn("t3", "-1.00", "2026-01-03T10:00:00.000Z", "negative"),
            txn("t4", "1.00", "yesterday", "bad date"),
            {"transactionId": "t5", "transactionAmount": {"amount": 1.5, "currency": "BRL"}},
            txn("t6", "1.00", "2026-01-04T10:00:00.000Z", "dup"),
            txn("t6", "2.00", "2026-01-04T10:00:00.000Z", "dup again"),
            json!(null),
        ]}))];
        let current =
            vec![Arc::new(json!({"data": [txn("t2", "11.00", "2026-01-02T10:00:00.000Z", "B later")]}))];
        let parsed = transactions(&[&history, &current]);
        assert_eq!(parsed.malformed, 4);
        let ids: Vec<&str> = parsed.items.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["t1", "t2", "t6"]);
        assert_eq!(parsed.items[0].name.chars().count(), NAME_CHARS);
        assert_eq!(parsed.items[1].name, "B later", "-current wins");
        assert_eq!(parsed.items[2].amount.amount.to_string(), "2.0000", "a repeated id keeps the last");
        let party = parsed.items[0].counterparty.as_ref().unwrap();
        assert_eq!(party.person_type, Some(PersonType::PessoaJuridica));
    }

    #[test]
    fn list_detail_balances_and_limits() {
        let list = vec![Arc::new(json!({"data": [
            {"accountId": "a1", "type": "CONTA_POUPANCA", "compeCode": "999", "number": "1234", "checkDigit": "5"},
            {"accountId": "a2", "type": "CONTA_SALARIO"},
            {"type": "CONTA_POUPANCA"},
        ]}))];
        let parsed = account_list(&list, "Banco");
        assert_eq!(parsed.malformed, 2);
        let mut account = parsed.items.into_iter().next().unwrap();
        assert_eq!(account.brand_name, "Banco");
        assert!(apply_detail(
            &mut account,
            &json!({"subtype": "INDIVIDUAL", "currency": "USD", "branchCode": "0001"})
        ));
        assert_eq!((account.subtype.as_deref(), account.currency.as_str()), (Some("INDIVIDUAL"), "USD"));
        assert!(!apply_detail(&mut account, &json!([])));

        let ok = json!({
            "availableAmount": {"amount": "-10.00", "currency": "BRL"},
            "blockedAmount": {"amount": "0.00", "currency": "BRL"},
            "automaticallyInvestedAmount": {"amount": "0.00", "currency": "BRL"},
            "updateDateTime": "2026-01-01T00:00:00Z"
        });
        assert!(balances(&ok).is_some_and(|b| b.available.amount.is_negative()));
        let mut broken = ok.clone();
        broken["blockedAmount"] = json!({"amount": 0, "currency": "BRL"});
        assert_eq!(balances(&broken), None);
        broken = ok;
        broken["updateDateTime"] = json!("soon");
        assert_eq!(balances(&broken), None);

        assert_eq!(overdraft(&json!({})), Some(OverdraftLimits::default()));
        assert!(
            overdraft(&json!({"overdraftUsedLimit": {"amount": "1.00", "currency": "BRL"}}))
                .unwrap()
                .used
                .is_some()
        );
        assert_eq!(overdraft(&json!({"overdraftUsedLimit": "1.00"})), None);
        assert_eq!(overdraft(&json!("x")), None);
    }
}
