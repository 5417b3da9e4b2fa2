//! A card's limits: the bank's lines as it gave them, and the `limit` summary of the total line.

use ponte_domain::Money;
use ponte_domain::finance::CardLimit;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::products::accounts::wire;
use crate::products::support::ratio;

/// One line of `GET /accounts/{id}/limits`, OFB names.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LimitLine<'a> {
    /// `LIMITE_CREDITO_TOTAL` or `LIMITE_CREDITO_MODALIDADE_OPERACAO`.
    credit_line_limit_type: &'a str,
    /// `CONSOLIDADO` or `INDIVIDUAL`.
    consolidation_type: &'a str,
    identification_number: Option<&'a str>,
    line_name: Option<&'a str>,
    is_limit_flexible: bool,
    limit_amount: Option<Money>,
    used_amount: Option<Money>,
    available_amount: Option<Money>,
}

impl<'a> From<&'a CardLimit> for LimitLine<'a> {
    fn from(l: &'a CardLimit) -> Self {
        LimitLine {
            credit_line_limit_type: &l.limit_type,
            consolidation_type: &l.consolidation_type,
            identification_number: l.identification_number.as_deref(),
            line_name: l.line_name.as_deref(),
            is_limit_flexible: l.is_limit_flexible,
            limit_amount: l.limit,
            used_amount: l.used,
            available_amount: l.available,
        }
    }
}

/// The card's limit at a glance, from its total line.
#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LimitSummary {
    limit_amount: Option<Money>,
    used_amount: Option<Money>,
    available_amount: Option<Money>,
    /// `usedAmount / limitAmount`, 4 decimals, half-to-even; may be negative (a credit balance)
    /// or above 1 (over the limit). `null` when either is missing, they are in different
    /// currencies, or the limit is not positive.
    #[serde(serialize_with = "wire::ratio")]
    utilisation: Option<Decimal>,
}

/// The summary of the total line (`LIMITE_CREDITO_TOTAL`), preferring the consolidated one
/// when the bank gives one per card too; `None` when there is no total line.
pub(super) fn summary(lines: &[CardLimit]) -> Option<LimitSummary> {
    let total =
        lines.iter().filter(|l| l.is_total()).min_by_key(|l| l.consolidation_type != "CONSOLIDADO")?;
    let utilisation = match (total.limit, total.used) {
        (Some(limit), Some(used))
            if limit.currency == used.currency && limit.amount.decimal() > Decimal::ZERO =>
        {
            ratio(used.amount.decimal(), limit.amount.decimal())
        }
        _ => None,
    };
    Some(LimitSummary {
        limit_amount: total.limit,
        used_amount: total.used,
        available_amount: total.available,
        utilisation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ponte_domain::{Amount, Currency};

    fn brl(text: &str) -> Money {
        Money::brl(text.parse::<Amount>().unwrap())
    }

    fn line(limit_type: &str, consolidation: &str, limit: Option<Money>, used: Option<Money>) -> CardLimit {
        CardLimit {
            limit_type: limit_type.into(),
            consolidation_type: consolidation.into(),
            identification_number: None,
            line_name: None,
            is_limit_flexible: false,
            limit,
            used,
            available: None,
        }
    }

    #[test]
    fn utilisation_is_used_over_limit_of_the_consolidated_total_line() {
        let lines = [
            line("LIMITE_CREDITO_MODALIDADE_OPERACAO", "CONSOLIDADO", Some(brl("10")), Some(brl("10"))),
            line("LIMITE_CREDITO_TOTAL", "INDIVIDUAL", Some(brl("100")), Some(brl("100"))),
            line("LIMITE_CREDITO_TOTAL", "CONSOLIDADO", Some(brl("3000")), Some(brl("750"))),
        ];
        let s = summary(&lines).unwrap();
        assert_eq!(s.limit_amount, Some(brl("3000")));
        assert_eq!(s.utilisation, Some(Decimal::new(25, 2)));
    }

    #[test]
    fn utilisation_may_be_negative_or_above_one() {
        let credit =
            summary(&[line("LIMITE_CREDITO_TOTAL", "CONSOLIDADO", Some(brl("200")), Some(brl("-50")))]);
        assert_eq!(credit.unwrap().utilisation, Some(Decimal::new(-25, 2)));
        let over = summary(&[line("LIMITE_CREDITO_TOTAL", "CONSOLIDADO", Some(brl("3")), Some(brl("4")))]);
        assert_eq!(over.unwrap().utilisation, Some(Decimal::new(13_333, 4)));
    }

    #[test]
    fn no_utilisation_without_a_positive_limit_in_the_same_currency() {
        let usd = Money::new("5".parse().unwrap(), Currency::USD);
        for (limit, used) in [
            (Some(brl("0")), Some(brl("10"))),
            (None, Some(brl("10"))),
            (Some(brl("100")), None),
            (Some(brl("-100")), Some(brl("10"))),
            (Some(brl("100")), Some(usd)),
        ] {
            let s = summary(&[line("LIMITE_CREDITO_TOTAL", "CONSOLIDADO", limit, used)]).unwrap();
            assert_eq!(s.utilisation, None, "{limit:?} {used:?}");
        }
        assert_eq!(summary(&[]), None);
        assert_eq!(summary(&[line("LIMITE_CREDITO_MODALIDADE_OPERACAO", "INDIVIDUAL", None, None)]), None);
    }
}
