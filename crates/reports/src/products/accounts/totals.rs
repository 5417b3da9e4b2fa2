//! Exact credit/debit totals: an account's `summary` and the per-category `categorySummary`
//! of the categorised products (accounts and cards alike).

use std::collections::BTreeMap;

use ponte_domain::Currency;
use ponte_domain::finance::Direction;
use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use super::Level;
use super::wire::{Day, Total};
use crate::categorise::Categorisation;

/// Credits and debits, summed exactly, with their counts. Amounts are always positive; the
/// direction says which side they go to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Flows {
    pub credits: Decimal,
    pub debits: Decimal,
    pub credit_count: usize,
    pub debit_count: usize,
}

impl Flows {
    pub fn add(&mut self, direction: Direction, amount: Decimal) {
        match direction {
            Direction::Credit => {
                self.credits += amount;
                self.credit_count += 1;
            }
            Direction::Debit => {
                self.debits += amount;
                self.debit_count += 1;
            }
        }
    }
}

/// An account's `summary`: what its booked entries of the window add up to.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Summary {
    pub total_credits: Total,
    pub total_debits: Total,
    /// `totalCredits − totalDebits`.
    pub net: Total,
    pub credit_count: usize,
    pub debit_count: usize,
    /// Dates of the first and last summed entries; `null` when none was summed.
    pub first_transaction_date: Option<Day>,
    pub last_transaction_date: Option<Day>,
}

/// Accumulates a [`Summary`] from entries given oldest first.
#[derive(Debug)]
pub(crate) struct SummaryBuilder {
    currency: Currency,
    flows: Flows,
    first: Option<Date>,
    last: Option<Date>,
}

impl SummaryBuilder {
    pub fn new(currency: Currency) -> Self {
        SummaryBuilder { currency, flows: Flows::default(), first: None, last: None }
    }

    /// Adds one summed entry; entries must come oldest first.
    pub fn add(&mut self, date: Date, direction: Direction, amount: Decimal) {
        self.flows.add(direction, amount);
        self.first.get_or_insert(date);
        self.last = Some(date);
    }

    pub fn finish(self) -> Summary {
        let Flows { credits, debits, credit_count, debit_count } = self.flows;
        let total = |sum| Total { sum, currency: self.currency };
        Summary {
            total_credits: total(credits),
            total_debits: total(debits),
            net: total(credits - debits),
            credit_count,
            debit_count,
            first_transaction_date: self.first.map(Day),
            last_transaction_date: self.last.map(Day),
        }
    }
}

/// The category fields a categorised product adds to each transaction.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CategoryFields<'c> {
    pub category: &'c str,
    pub subcategory: &'c str,
    /// Only in the `_l3` products.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub third_category: Option<&'c str>,
    /// The recognised merchant's brand, `null` when none is recognised.
    pub brand: Option<&'c str>,
}

impl<'c> CategoryFields<'c> {
    /// The fields at `level`; `None` for the plain products, which add none.
    pub fn at(level: Level, category: Categorisation<'c>) -> Option<Self> {
        let third_category = match level {
            Level::Plain => return None,
            Level::L2 => None,
            Level::L3 => Some(category.third_category()),
        };
        Some(CategoryFields {
            category: category.category(),
            subcategory: category.subcategory(),
            third_category,
            brand: category.brand,
        })
    }
}

/// One line of `categorySummary`: the summed entries of one category.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CategorySummaryLine<'c> {
    pub category: &'c str,
    pub subcategory: &'c str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub third_category: Option<&'c str>,
    pub total_credits: Total,
    pub total_debits: Total,
    /// Number of entries summed in the line (credits and debits).
    pub count: usize,
}

/// Accumulates `categorySummary`, grouping by the category names shown at the product's
/// level (two names for `_l2`, three for `_l3`).
#[derive(Debug)]
pub(crate) struct CategoryTotals<'c> {
    level: Level,
    currency: Currency,
    /// Keyed by the names, so lines come out sorted by category, subcategory, third category.
    groups: BTreeMap<(&'c str, &'c str, Option<&'c str>), Flows>,
}

impl<'c> CategoryTotals<'c> {
    /// `None` for the plain products, which have no `categorySummary`.
    pub fn at(level: Level, currency: Currency) -> Option<Self> {
        (level != Level::Plain).then(|| CategoryTotals { level, currency, groups: BTreeMap::new() })
    }

    pub fn add(&mut self, category: Categorisation<'c>, direction: Direction, amount: Decimal) {
        let third = (self.level == Level::L3).then(|| category.third_category());
        let key = (category.category(), category.subcategory(), third);
        self.groups.entry(key).or_default().add(direction, amount);
    }

    pub fn finish(self) -> Vec<CategorySummaryLine<'c>> {
        let total = |sum| Total { sum, currency: self.currency };
        self.groups
            .into_iter()
            .map(|((category, subcategory, third_category), flows)| CategorySummaryLine {
                category,
                subcategory,
                third_category,
                total_credits: total(flows.credits),
                total_debits: total(flows.debits),
                count: flows.credit_count + flows.debit_count,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categorise::Leaf;
    use serde_json::json;
    use time::macros::date;

    fn leaf(names: [&str; 3]) -> Leaf {
        Leaf { code: names.join(".").to_lowercase(), names: names.map(str::to_owned), role: None }
    }

    #[test]
    fn summary_of_nothing_is_zero_with_no_dates() {
        let summary = serde_json::to_value(SummaryBuilder::new(Currency::BRL).finish()).unwrap();
        let zero = json!({"amount": "0.0000", "currency": "BRL"});
        assert_eq!(summary["totalCredits"], zero);
        assert_eq!(summary["net"], zero);
        assert_eq!(summary["creditCount"], 0);
        assert_eq!(summary["firstTransactionDate"], json!(null));
    }

    #[test]
    fn summary_nets_credits_against_debits_and_keeps_first_and_last_dates() {
        let mut builder = SummaryBuilder::new(Currency::BRL);
        builder.add(date!(2026 - 01 - 02), Direction::Debit, Decimal::new(10_0050, 4));
        builder.add(date!(2026 - 01 - 05), Direction::Credit, Decimal::new(3_0001, 4));
        builder.add(date!(2026 - 02 - 01), Direction::Debit, Decimal::new(1, 4));
        let summary = serde_json::to_value(builder.finish()).unwrap();
        assert_eq!(summary["totalCredits"]["amount"], "3.0001");
        assert_eq!(summary["totalDebits"]["amount"], "10.0051");
        assert_eq!(summary["net"]["amount"], "-7.0050");
        assert_eq!((summary["creditCount"].clone(), summary["debitCount"].clone()), (json!(1), json!(2)));
        assert_eq!(summary["firstTransactionDate"], "2026-01-02");
        assert_eq!(summary["lastTransactionDate"], "2026-02-01");
    }

    #[test]
    fn category_lines_group_by_the_names_of_the_level_and_sort_by_them() {
        let food = leaf(["Alimentação", "Restaurantes", "Delivery"]);
        let market = leaf(["Alimentação", "Restaurantes", "Bares"]);
        let salary = leaf(["Renda", "Renda ativa", "Salário"]);
        let of = |l| Categorisation { leaf: l, brand: None };
        let feed = |level| {
            let mut totals = CategoryTotals::at(level, Currency::BRL).unwrap();
            totals.add(of(&salary), Direction::Credit, Decimal::from(100));
            totals.add(of(&food), Direction::Debit, Decimal::from(7));
            totals.add(of(&market), Direction::Debit, Decimal::from(3));
            serde_json::to_value(totals.finish()).unwrap()
        };
        let l2 = feed(Level::L2);
        assert_eq!(l2.as_array().unwrap().len(), 2);
        assert_eq!(l2[0]["totalDebits"]["amount"], "10.0000");
        assert_eq!(l2[0]["count"], 2);
        assert!(l2[0].get("thirdCategory").is_none());
        let l3 = feed(Level::L3);
        let thirds: Vec<&str> =
            l3.as_array().unwrap().iter().map(|l| l["thirdCategory"].as_str().unwrap()).collect();
        assert_eq!(thirds, ["Bares", "Delivery", "Salário"]);
        assert!(CategoryTotals::at(Level::Plain, Currency::BRL).is_none());
    }

    #[test]
    fn category_fields_follow_the_level() {
        let salary = leaf(["Renda", "Renda ativa", "Salário"]);
        let category = Categorisation { leaf: &salary, brand: Some("ACME") };
        assert!(CategoryFields::at(Level::Plain, category).is_none());
        let l2 = serde_json::to_value(CategoryFields::at(Level::L2, category)).unwrap();
        assert_eq!(l2, json!({"category": "Renda", "subcategory": "Renda ativa", "brand": "ACME"}));
        let l3 = serde_json::to_value(CategoryFields::at(Level::L3, category)).unwrap();
        assert_eq!(l3["thirdCategory"], "Salário");
    }
}
