//! Bank fixed incomes v1 (`/open-banking/bank-fixed-incomes/v1`): CDB, RDB, LCI and LCA
//! positions, their balances and movements.

use super::{
    CODE_CHARS, NAME_CHARS, NUMBER_CHARS, Parsed, clean, data_items, date, decimal, id, keep_last, money,
    optional, positive_money, text,
};
use ponte_domain::finance::{Direction, Investment, InvestmentKind, InvestmentMovement};
use serde_json::Value;
use std::sync::Arc;

/// The positions of `GET /investments`; an item without an id or a known type is skipped.
pub(crate) fn investment_list(pages: &[Arc<Value>], fallback_brand: &str) -> Parsed<Investment> {
    Parsed::from_items(data_items(pages), |item| {
        Some(Investment {
            id: id(item, "investmentId")?,
            kind: kind(item)?,
            brand_name: text(item, "brandName", NAME_CHARS)
                .or_else(|| clean(fallback_brand, NAME_CHARS))
                .unwrap_or_default(),
            issuer_cnpj: None,
            name: None,
            isin_code: None,
            indexer: None,
            pre_fixed_rate: None,
            post_fixed_indexer_percentage: None,
            issue_date: None,
            due_date: None,
            quantity: None,
            gross_amount: None,
            net_amount: None,
            income_tax: None,
            balance_date: None,
            movements: Vec::new(),
        })
    })
}

fn kind(item: &Value) -> Option<InvestmentKind> {
    match item.get("investmentType")?.as_str()? {
        "CDB" => Some(InvestmentKind::Cdb),
        "RDB" => Some(InvestmentKind::Rdb),
        "LCI" => Some(InvestmentKind::Lci),
        "LCA" => Some(InvestmentKind::Lca),
        _ => None,
    }
}

/// Adds `GET /investments/{investmentId}`: issuer, ISIN, remuneration and dates. `false` when
/// the detail is not an object.
pub(crate) fn apply_detail(investment: &mut Investment, detail: &Value) -> bool {
    if !detail.is_object() {
        return false;
    }
    investment.issuer_cnpj = text(detail, "issuerInstitutionCnpjNumber", NUMBER_CHARS);
    investment.isin_code = text(detail, "isinCode", NUMBER_CHARS);
    if let Some(remuneration) = detail.get("remuneration") {
        investment.indexer = text(remuneration, "indexer", CODE_CHARS);
        investment.pre_fixed_rate = decimal(remuneration, "preFixedRate");
        investment.post_fixed_indexer_percentage = decimal(remuneration, "postFixedIndexerPercentage");
    }
    investment.issue_date = date(detail, "issueDate");
    investment.due_date = date(detail, "dueDate");
    true
}

/// Adds `GET /investments/{investmentId}/balances`. `false` when the gross amount is missing or
/// an amount is malformed.
pub(crate) fn apply_balances(investment: &mut Investment, data: &Value) -> bool {
    let read = || {
        Some((
            money(data, "grossAmount")?,
            optional(data, "netAmount", money)?,
            optional(data, "incomeTax", money)?,
            optional(data, "quantity", decimal)?,
        ))
    };
    let Some((gross, net, income_tax, quantity)) = read() else { return false };
    investment.gross_amount = Some(gross);
    investment.net_amount = net;
    investment.income_tax = income_tax;
    investment.quantity = quantity;
    investment.balance_date = date(data, "referenceDateTime");
    true
}

/// Movements of several answers (history, then `-current`): one per `transactionId`, the
/// later answer winning, oldest first.
pub(crate) fn movements(answers: &[&[Arc<Value>]]) -> Parsed<InvestmentMovement> {
    let parsed = Parsed::from_items(answers.iter().flat_map(|pages| data_items(pages)), |item| {
        let direction = match item.get("type")?.as_str()? {
            "ENTRADA" => Direction::Credit,
            "SAIDA" => Direction::Debit,
            _ => return None,
        };
        Some(InvestmentMovement {
            id: id(item, "transactionId")?,
            date: date(item, "transactionDate")?,
            direction,
            kind: text(item, "transactionType", CODE_CHARS).unwrap_or_default(),
            amount: positive_money(item, "transactionGrossValue")?,
            quantity: optional(item, "transactionQuantity", decimal)?,
        })
    });
    let mut items = keep_last(parsed.items, |m: &InvestmentMovement| m.id.clone());
    items.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    Parsed { items, malformed: parsed.malformed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn positions_balances_and_movements() {
        let list = vec![Arc::new(json!({"data": [
            {"investmentId": "i1", "brandName": "Banco", "investmentType": "CDB"},
            {"investmentId": "i2", "investmentType": "POUPANCA"},
        ]}))];
        let parsed = investment_list(&list, "x");
        assert_eq!((parsed.items.len(), parsed.malformed), (1, 1));
        let mut cdb = parsed.items.into_iter().next().unwrap();
        let detail = json!({"issuerInstitutionCnpjNumber": "99999999000191", "dueDate": "2027-01-01",
            "remuneration": {"indexer": "CDI", "postFixedIndexerPercentage": "1.100000"}});
        assert!(apply_detail(&mut cdb, &detail));
        assert_eq!(cdb.post_fixed_indexer_percentage, Some(rust_decimal::Decimal::new(1_100_000, 6)));
        let balances = json!({"referenceDateTime": "2026-01-01T00:00:00Z", "quantity": "10.00000000",
            "grossAmount": {"amount": "1100.00", "currency": "BRL"}, "netAmount": {"amount": "1080.00", "currency": "BRL"}});
        assert!(apply_balances(&mut cdb, &balances));
        assert_eq!(cdb.balance_date, Some(time::macros::date!(2026 - 01 - 01)));
        assert!(!apply_balances(
            &mut cdb,
            &json!({"grossAmount": {"amount": "1", "currency": "BRL"}, "quantity": 3})
        ));

        let history = vec![Arc::new(json!({"data": [
            {"transactionId": "m2", "type": "SAIDA", "transactionType": "RESGATE", "transactionDate": "2025-06-01",
             "transactionGrossValue": {"amount": "100.00", "currency": "BRL"}},
            {"transactionId": "m1", "type": "ENTRADA", "transactionType": "APLICACAO", "transactionDate": "2025-01-01",
             "transactionGrossValue": {"amount": "1000.00", "currency": "BRL"}, "transactionQuantity": "10.00000000"},
            {"transactionId": "m3", "type": "LATERAL", "transactionDate": "2025-01-01"},
        ]}))];
        let parsed = movements(&[&history]);
        assert_eq!(parsed.malformed, 1);
        assert_eq!(parsed.items.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["m1", "m2"]);
        assert_eq!(parsed.items[1].direction, Direction::Debit);
    }
}
