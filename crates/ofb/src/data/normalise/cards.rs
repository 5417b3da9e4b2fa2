//! Credit cards v2 (`/open-banking/credit-cards-accounts/v2`): card accounts, limits, closed
//! bills and card transactions.

use super::accounts::direction;
use super::{
    CODE_CHARS, NAME_CHARS, NUMBER_CHARS, Parsed, clean, count, data_items, date, date_time, flag, id, items,
    keep_last, money, money_fields, optional, positive_money, text,
};
use ponte_domain::finance::{
    Bill, BillPayment, Card, CardLimit, CardTransaction, CardTransactionType, FinanceCharge,
};
use serde_json::Value;
use std::sync::Arc;

/// The cards of `GET /accounts`; an item without an id is skipped.
pub(crate) fn card_list(pages: &[Arc<Value>], fallback_brand: &str) -> Parsed<Card> {
    Parsed::from_items(data_items(pages), |item| {
        Some(Card {
            id: id(item, "creditCardAccountId")?,
            brand_name: text(item, "brandName", NAME_CHARS)
                .or_else(|| clean(fallback_brand, NAME_CHARS))
                .unwrap_or_default(),
            company_cnpj: text(item, "companyCnpj", NUMBER_CHARS).unwrap_or_default(),
            name: text(item, "name", NAME_CHARS).unwrap_or_default(),
            product_type: text(item, "productType", CODE_CHARS).unwrap_or_default(),
            network: text(item, "creditCardNetwork", CODE_CHARS).unwrap_or_default(),
            identification_numbers: Vec::new(),
            limits: Vec::new(),
            bills: Vec::new(),
            unbilled: Vec::new(),
        })
    })
}

/// Adds `GET /accounts/{creditCardAccountId}`: the cards of the account (`paymentMethod`) and
/// what the list left out. `false` when the detail is not an object.
pub(crate) fn apply_detail(card: &mut Card, detail: &Value) -> bool {
    if !detail.is_object() {
        return false;
    }
    for method in items(detail, "paymentMethod") {
        if let Some(number) = text(method, "identificationNumber", NUMBER_CHARS)
            && !card.identification_numbers.contains(&number)
        {
            card.identification_numbers.push(number);
        }
    }
    let fill = |field: &mut String, key: &str, max: usize| {
        if field.is_empty() {
            *field = text(detail, key, max).unwrap_or_default();
        }
    };
    fill(&mut card.name, "name", NAME_CHARS);
    fill(&mut card.product_type, "productType", CODE_CHARS);
    fill(&mut card.network, "creditCardNetwork", CODE_CHARS);
    true
}

/// `GET /accounts/{id}/limits`; a line without its types or with a malformed amount is skipped.
pub(crate) fn limits(pages: &[Arc<Value>]) -> Parsed<CardLimit> {
    Parsed::from_items(data_items(pages), |item| {
        Some(CardLimit {
            limit_type: text(item, "creditLineLimitType", CODE_CHARS)?,
            consolidation_type: text(item, "consolidationType", CODE_CHARS)?,
            identification_number: text(item, "identificationNumber", NUMBER_CHARS),
            line_name: text(item, "lineName", CODE_CHARS),
            is_limit_flexible: flag(item, "isLimitFlexible").unwrap_or(false),
            limit: optional(item, "limitAmount", money)?,
            used: optional(item, "usedAmount", money)?,
            available: optional(item, "availableAmount", money)?,
        })
    })
}

/// `GET /accounts/{id}/bills` (closed bills), oldest due date first; a bill without an id, a
/// due date or a total is skipped, as are its malformed charges and payments (counted too).
pub(crate) fn bills(pages: &[Arc<Value>]) -> Parsed<Bill> {
    let mut malformed_parts = 0;
    let mut parsed = Parsed::from_items(data_items(pages), |item| {
        let charges = Parsed::from_items(items(item, "financeCharges"), |c| {
            Some(FinanceCharge {
                kind: text(c, "type", CODE_CHARS)?,
                additional_info: text(c, "additionalInfo", NAME_CHARS),
                amount: money_fields(c)?,
            })
        });
        let payments = Parsed::from_items(items(item, "payments"), |p| {
            Some(BillPayment {
                value_type: text(p, "valueType", CODE_CHARS)?,
                date: date(p, "paymentDate")?,
                mode: text(p, "paymentMode", CODE_CHARS).unwrap_or_default(),
                amount: money_fields(p)?,
            })
        });
        let bill = Bill {
            id: id(item, "billId")?,
            due_date: date(item, "dueDate")?,
            closing_date: date(item, "billClosingDate"),
            total: money(item, "billTotalAmount")?,
            minimum: money(item, "billMinimumAmount"),
            is_instalment: flag(item, "isInstalment").unwrap_or(false),
            finance_charges: charges.items,
            payments: payments.items,
            transactions: Vec::new(),
        };
        malformed_parts += charges.malformed + payments.malformed;
        Some(bill)
    });
    parsed.items = keep_last(parsed.items, |b: &Bill| b.id.clone());
    parsed.items.sort_by(|a, b| a.due_date.cmp(&b.due_date).then_with(|| a.id.cmp(&b.id)));
    parsed.malformed += malformed_parts;
    parsed
}

/// Card transactions of several answers (history, then `-current`; or one bill's): one per
/// `transactionId`, the later answer winning, oldest first.
pub(crate) fn transactions(answers: &[&[Arc<Value>]]) -> Parsed<CardTransaction> {
    let parsed = Parsed::from_items(answers.iter().flat_map(|pages| data_items(pages)), transaction);
    let mut items = keep_last(parsed.items, |t: &CardTransaction| t.id.clone());
    sort(&mut items);
    Parsed { items, malformed: parsed.malformed }
}

/// Oldest first, then by id: the order every list of card transactions keeps.
pub(crate) fn sort(transactions: &mut [CardTransaction]) {
    transactions.sort_by(|a, b| a.date_time.cmp(&b.date_time).then_with(|| a.id.cmp(&b.id)));
}

fn transaction(item: &Value) -> Option<CardTransaction> {
    let amount = positive_money(item, "brazilianAmount")?;
    // `amount` is in the original currency; kept only when that is another currency.
    let original_amount = optional(item, "amount", positive_money)?.filter(|m| m.currency != amount.currency);
    Some(CardTransaction {
        id: id(item, "transactionId")?,
        identification_number: text(item, "identificationNumber", NUMBER_CHARS),
        name: text(item, "transactionName", NAME_CHARS).unwrap_or_default(),
        bill_id: id(item, "billId"),
        direction: direction(item, "creditDebitType")?,
        kind: text(item, "transactionType", CODE_CHARS)
            .map_or(CardTransactionType::Outros, |t| CardTransactionType::from_ofb(&t)),
        payment_type: text(item, "paymentType", CODE_CHARS),
        fee_type: text(item, "feeType", CODE_CHARS),
        other_credits_type: text(item, "otherCreditsType", CODE_CHARS),
        instalment: count(item, "chargeIdentificator"),
        instalments: count(item, "chargeNumber"),
        amount,
        original_amount,
        date_time: date_time(item, "transactionDateTime")?,
        bill_post_date: date(item, "billPostDate"),
        payee_mcc: count(item, "payeeMCC"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn card_txn(id: &str, bill: Option<&str>, amount: Value) -> Value {
        let mut t = json!({
            "transactionId": id, "identificationNumber": "4453", "transactionName": "MERCADO",
            "creditDebitType": "DEBITO", "transactionType": "PAGAMENTO", "paymentType": "A_PRAZO",
            "chargeIdentificator": 2, "chargeNumber": "10",
            "brazilianAmount": {"amount": amount, "currency": "BRL"},
            "amount": {"amount": "20.00", "currency": "USD"},
            "transactionDateTime": "2026-01-02T10:00:00.000Z", "billPostDate": "2026-01-03", "payeeMCC": 5411
        });
        if let Some(bill) = bill {
            t["billId"] = json!(bill);
        }
        t
    }

    #[test]
    fn card_transactions_tolerate_hostile_items() {
        let page = vec![Arc::new(json!({"data": [
            card_txn("c1", Some("b1"), json!("100.00")),
            card_txn("c2", None, json!(100.0)),
            card_txn("c3", None, json!("-1.00")),
            card_txn("c4", Some("not/an/id"), json!("3.00")),
            {"transactionId": "c5"},
        ]}))];
        let parsed = transactions(&[&page]);
        assert_eq!(parsed.malformed, 3);
        assert_eq!(parsed.items.len(), 2);
        let first = &parsed.items[0];
        assert_eq!((first.instalment, first.instalments, first.payee_mcc), (Some(2), Some(10), Some(5411)));
        assert_eq!(first.original_amount.map(|m| m.currency.to_string()).as_deref(), Some("USD"));
        assert_eq!(parsed.items[1].bill_id, None, "an unusable bill id is no bill id");
    }

    #[test]
    fn bills_limits_and_cards() {
        let bills_page = vec![Arc::new(json!({"data": [
            {"billId": "b2", "dueDate": "2026-02-10", "billTotalAmount": {"amount": "-5.00", "currency": "BRL"},
             "isInstalment": false,
             "financeCharges": [{"type": "IOF", "amount": "1.00", "currency": "BRL"}, {"type": "IOF", "amount": 1}],
             "payments": [{"valueType": "VALOR_PAGAMENTO_FATURA_REALIZADO", "paymentDate": "2026-02-09",
                           "paymentMode": "PIX", "amount": "10.00", "currency": "BRL"}]},
            {"billId": "b1", "dueDate": "2026-01-10", "billTotalAmount": {"amount": "5.00", "currency": "BRL"}},
            {"billId": "b3", "dueDate": "2026-13-10", "billTotalAmount": {"amount": "5.00", "currency": "BRL"}},
        ]}))];
        let parsed = bills(&bills_page);
        assert_eq!(parsed.malformed, 2, "one bill and one charge");
        assert_eq!(parsed.items.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(), ["b1", "b2"]);
        assert_eq!((parsed.items[1].finance_charges.len(), parsed.items[1].payments.len()), (1, 1));

        let limits_page = vec![Arc::new(json!({"data": [
            {"creditLineLimitType": "LIMITE_CREDITO_TOTAL", "consolidationType": "CONSOLIDADO",
             "isLimitFlexible": true, "limitAmount": {"amount": "1000.00", "currency": "BRL"},
             "usedAmount": {"amount": "-1.00", "currency": "BRL"}},
            {"creditLineLimitType": "LIMITE_CREDITO_TOTAL", "consolidationType": "CONSOLIDADO",
             "limitAmount": {"amount": "1000", "currency": "BR"}},
        ]}))];
        let parsed = limits(&limits_page);
        assert_eq!((parsed.items.len(), parsed.malformed), (1, 1));
        assert!(parsed.items[0].is_total() && parsed.items[0].is_limit_flexible);

        let list = vec![Arc::new(json!({"data": [{"creditCardAccountId": "k1", "name": "X".repeat(999)}]}))];
        let mut card = card_list(&list, "Banco").items.remove(0);
        assert_eq!(card.name.chars().count(), NAME_CHARS);
        let detail = json!({"productType": "GOLD", "paymentMethod": [
            {"identificationNumber": "4453"}, {"identificationNumber": "4453"}, {"identificationNumber": 1}]});
        assert!(apply_detail(&mut card, &detail));
        assert_eq!((card.product_type.as_str(), card.identification_numbers.len()), ("GOLD", 1));
    }
}
