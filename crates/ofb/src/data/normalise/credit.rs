//! Credit operations v2 — loans, financings, invoice-financings and
//! unarranged-accounts-overdraft share their shapes: contracts, a contract's detail,
//! warranties, scheduled instalments and payments.
//!
//! Unlike accounts and cards, these APIs write most amounts as a bare decimal string with the
//! contract's `currency` beside it; Ponte pairs them into [`Money`].

use super::{
    CODE_CHARS, NAME_CHARS, NUMBER_CHARS, Parsed, amount, count, currency, data_items, data_object, date,
    decimal, flag, id, items, optional, text,
};
use ponte_domain::finance::{Contract, ContractPayment, CreditFamily, Instalments, InterestRate, Warranty};
use ponte_domain::{Currency, Money};
use serde_json::Value;
use std::sync::Arc;

/// The contracts of `GET /contracts`; an item without an id is skipped.
pub(crate) fn contract_list(pages: &[Arc<Value>], family: CreditFamily) -> Parsed<Contract> {
    Parsed::from_items(data_items(pages), |item| {
        Some(Contract {
            family,
            id: id(item, "contractId")?,
            contract_number: None,
            product_name: None,
            product_type: text(item, "productType", CODE_CHARS).unwrap_or_default(),
            product_sub_type: text(item, "productSubType", CODE_CHARS).unwrap_or_default(),
            contract_date: None,
            contract_amount: None,
            due_date: None,
            instalment_periodicity: None,
            first_instalment_due_date: None,
            cet: None,
            amortization: None,
            interest_rates: Vec::new(),
            next_instalment_amount: None,
            instalments: None,
            outstanding_balance: None,
            payments: Vec::new(),
            warranties: Vec::new(),
        })
    })
}

/// The currency of a contract's bare amounts: its `currency`, else reais.
pub(crate) fn contract_currency(detail: Option<&Value>) -> Currency {
    detail.and_then(|d| currency(d, "currency")).unwrap_or(Currency::BRL)
}

/// Adds `GET /contracts/{contractId}` to a contract. Returns how many interest rates were
/// malformed and skipped, or `None` when the detail is not an object.
pub(crate) fn apply_detail(contract: &mut Contract, detail: &Value) -> Option<usize> {
    if !detail.is_object() {
        return None;
    }
    let currency = contract_currency(Some(detail));
    let money = |key: &str| amount(detail, key).map(|a| Money::new(a, currency));
    contract.contract_number = text(detail, "contractNumber", NUMBER_CHARS);
    contract.product_name = text(detail, "productName", NAME_CHARS);
    if let Some(product_type) = text(detail, "productType", CODE_CHARS) {
        contract.product_type = product_type;
    }
    if let Some(sub_type) = text(detail, "productSubType", CODE_CHARS) {
        contract.product_sub_type = sub_type;
    }
    contract.contract_date = date(detail, "contractDate");
    contract.contract_amount = money("contractAmount");
    contract.due_date = date(detail, "dueDate");
    contract.instalment_periodicity = text(detail, "instalmentPeriodicity", CODE_CHARS);
    contract.first_instalment_due_date = date(detail, "firstInstalmentDueDate");
    contract.cet = decimal(detail, "CET");
    contract.amortization = text(detail, "amortizationScheduled", CODE_CHARS);
    contract.next_instalment_amount = money("nextInstalmentAmount");
    let rates = Parsed::from_items(items(detail, "interestRates"), |rate| {
        Some(InterestRate {
            tax_type: text(rate, "taxType", CODE_CHARS)?,
            interest_rate_type: text(rate, "interestRateType", CODE_CHARS)?,
            tax_periodicity: text(rate, "taxPeriodicity", CODE_CHARS)?,
            calculation: text(rate, "calculation", CODE_CHARS),
            referential_rate_indexer_type: text(rate, "referentialRateIndexerType", CODE_CHARS),
            pre_fixed_rate: optional(rate, "preFixedRate", decimal)?,
            post_fixed_rate: optional(rate, "postFixedRate", decimal)?,
        })
    });
    contract.interest_rates = rates.items;
    Some(rates.malformed)
}

/// `GET /contracts/{contractId}/warranties`; a warranty without a type is skipped, one with a
/// malformed amount too.
pub(crate) fn warranties(pages: &[Arc<Value>], contract_currency: Currency) -> Parsed<Warranty> {
    Parsed::from_items(data_items(pages), |item| {
        let currency = optional(item, "currency", currency)?.unwrap_or(contract_currency);
        Some(Warranty {
            kind: text(item, "warrantyType", CODE_CHARS)?,
            sub_kind: text(item, "warrantySubType", CODE_CHARS),
            amount: optional(item, "warrantyAmount", amount)?.map(|a| Money::new(a, currency)),
        })
    })
}

/// `GET /contracts/{contractId}/scheduled-instalments`; `None` without the instalment type.
pub(crate) fn instalments(data: &Value) -> Option<Instalments> {
    Some(Instalments {
        total_unit: text(data, "typeNumberOfInstalments", CODE_CHARS)?,
        total: count(data, "totalNumberOfInstalments"),
        remaining_unit: text(data, "typeContractRemaining", CODE_CHARS).unwrap_or_default(),
        remaining: count(data, "contractRemainingNumber"),
        paid: count(data, "paidInstalments"),
        due: count(data, "dueInstalments"),
        past_due: count(data, "pastDueInstalments"),
    })
}

/// What `GET /contracts/{contractId}/payments` tells (its `releases` may span pages).
#[derive(Debug)]
pub(crate) struct Payments {
    pub outstanding_balance: Option<Money>,
    pub releases: Parsed<ContractPayment>,
}

/// The outstanding balance and the payments made, oldest first. A release without a date or
/// amount is skipped; one without `paymentId` (optional in OFB) is named `release-<n>` after
/// its position in the bank's answer.
pub(crate) fn payments(pages: &[Arc<Value>], contract_currency: Currency) -> Payments {
    let outstanding_balance = data_object(pages)
        .and_then(|d| amount(d, "contractOutstandingBalance"))
        .map(|a| Money::new(a, contract_currency));
    let releases = pages.iter().filter_map(|p| p.get("data")).flat_map(|d| items(d, "releases"));
    let mut position = 0usize;
    let mut parsed = Parsed::from_items(releases, |release| {
        position += 1;
        let currency = optional(release, "currency", currency)?.unwrap_or(contract_currency);
        let paid = amount(release, "paidAmount").filter(|a| !a.is_negative())?;
        Some(ContractPayment {
            id: id(release, "paymentId").unwrap_or_else(|| format!("release-{position}")),
            instalment_id: id(release, "instalmentId"),
            date: date(release, "paidDate")?,
            amount: Money::new(paid, currency),
            is_over_parcel: flag(release, "isOverParcelPayment").unwrap_or(false),
        })
    });
    parsed.items = super::keep_last(parsed.items, |p: &ContractPayment| p.id.clone());
    parsed.items.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    Payments { outstanding_balance, releases: parsed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_contract_is_read_leniently() {
        let list = vec![Arc::new(json!({"data": [
            {"contractId": "c1", "productType": "EMPRESTIMOS", "productSubType": "CREDITO_PESSOAL_SEM_CONSIGNACAO"},
            {"contractId": ""},
        ]}))];
        let parsed = contract_list(&list, CreditFamily::Loan);
        assert_eq!((parsed.items.len(), parsed.malformed), (1, 1));
        let mut contract = parsed.items.into_iter().next().unwrap();
        let detail = json!({
            "contractNumber": "123", "productName": "Crédito", "contractDate": "2025-01-10",
            "contractAmount": "12000.00", "currency": "BRL", "CET": "0.293400", "dueDate": "2027-01-10",
            "instalmentPeriodicity": "MENSAL", "amortizationScheduled": "PRICE", "nextInstalmentAmount": 650.5,
            "interestRates": [
                {"taxType": "EFETIVA", "interestRateType": "COMPOSTO", "taxPeriodicity": "AA", "preFixedRate": "0.250000"},
                {"taxType": "NOMINAL", "preFixedRate": "x"},
            ]
        });
        assert_eq!(apply_detail(&mut contract, &detail), Some(1));
        assert_eq!(contract.contract_amount.map(|m| m.amount.to_string()).as_deref(), Some("12000.0000"));
        assert_eq!(contract.cet, Some(rust_decimal::Decimal::new(293_400, 6)));
        assert_eq!(contract.next_instalment_amount, None, "a number is not an amount");
        assert_eq!(contract.interest_rates.len(), 1);
        assert_eq!(apply_detail(&mut contract, &json!("x")), None);
    }

    #[test]
    fn instalments_warranties_and_payments() {
        let data = json!({"typeNumberOfInstalments": "MES", "totalNumberOfInstalments": 24,
                          "typeContractRemaining": "MES", "contractRemainingNumber": 20,
                          "paidInstalments": 4, "dueInstalments": 20, "pastDueInstalments": -1});
        let parsed = instalments(&data).unwrap();
        assert_eq!((parsed.total, parsed.paid, parsed.past_due), (Some(24), Some(4), None));
        assert_eq!(instalments(&json!({})), None);

        let warranties_page = vec![Arc::new(json!({"data": [
            {"currency": "BRL", "warrantyType": "CESSAO_DIREITOS_CREDITORIOS", "warrantyAmount": "100.00"},
            {"warrantyType": "ALIENACAO_FIDUCIARIA", "warrantyAmount": "1e9"},
            {"warrantyAmount": "5.00"},
        ]}))];
        let parsed = warranties(&warranties_page, Currency::BRL);
        assert_eq!((parsed.items.len(), parsed.malformed), (1, 2));

        let pages = vec![
            Arc::new(json!({"data": {"contractOutstandingBalance": "9000.00", "releases": [
                {"paymentId": "p2", "paidDate": "2025-03-10", "paidAmount": "650.00", "currency": "BRL"},
                {"paidDate": "2025-02-10", "paidAmount": "650.00", "isOverParcelPayment": true},
            ]}})),
            Arc::new(json!({"data": {"releases": [
                {"paymentId": "p3", "paidDate": "2025-04-10", "paidAmount": "-1.00"},
                {"paymentId": "p2", "paidDate": "2025-03-10", "paidAmount": "651.00"},
            ]}})),
        ];
        let parsed = payments(&pages, Currency::BRL);
        assert_eq!(parsed.outstanding_balance.map(|m| m.amount.to_string()).as_deref(), Some("9000.0000"));
        assert_eq!(parsed.releases.malformed, 1);
        let ids: Vec<&str> = parsed.releases.items.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["release-2", "p2"]);
        assert!(parsed.releases.items[0].is_over_parcel);
        assert_eq!(parsed.releases.items[1].amount.amount.to_string(), "651.0000");
    }
}
