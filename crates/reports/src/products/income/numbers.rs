//! Exact statistics for the income, insight and risk products: means, the population standard
//! deviation (with a square root on `Decimal`, since `rust_decimal`'s `maths` feature is not
//! enabled), stability, and how dimensionless figures are written.
//!
//! Every operation here is checked: a hostile input that would overflow yields `None` (the
//! figure is reported as `null`), never a panic. The products' plain sums of amounts need no
//! check: an amount is below 10²⁰ and `Decimal` holds 7.9·10²⁸, so overflowing a sum would take
//! some 10⁸ entries of the largest possible amount, far beyond any fetch.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// Places every ratio, share and count of months is rounded to (half-to-even).
const PLACES: u32 = 4;

/// The fewest covered months a stability (1 − coefficient of variation) is computed from: with
/// one or two points a spread means little, and a thin file must not look perfectly stable.
pub(in crate::products) const MIN_STABILITY_MONTHS: usize = 3;

/// A dimensionless figure (a ratio, a share, a number of months) written as a string with exactly
/// four decimals: `"0.2500"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(in crate::products) struct Fixed4(Decimal);

impl Fixed4 {
    /// Rounds half-to-even to four places.
    pub(in crate::products) fn new(value: Decimal) -> Fixed4 {
        let mut rounded = value.round_dp(PLACES);
        rounded.rescale(PLACES);
        if rounded.is_zero() {
            rounded.set_sign_positive(true);
        }
        Fixed4(rounded)
    }

    pub(in crate::products) fn value(self) -> Decimal {
        self.0
    }
}

impl Serialize for Fixed4 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// `part / whole` rounded to four places; `None` when `whole` is zero (or on overflow).
pub(in crate::products) fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() { None } else { part.checked_div(whole).map(|r| r.round_dp(PLACES)) }
}

/// The arithmetic mean; `None` for no values.
pub(in crate::products) fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let mut total = Decimal::ZERO;
    for v in values {
        total = total.checked_add(*v)?;
    }
    total.checked_div(Decimal::from(values.len()))
}

/// The square root by Newton's method, exact to the 28 digits `Decimal` holds at the scales the
/// products need; `None` for a negative input.
pub(in crate::products) fn sqrt(value: Decimal) -> Option<Decimal> {
    if value.is_sign_negative() && !value.is_zero() {
        return None;
    }
    if value.is_zero() {
        return Some(Decimal::ZERO);
    }
    // Start above the root ((value + 1) / 2 ≥ √value, halved first so it cannot overflow):
    // Newton then descends monotonically.
    let half = Decimal::new(5, 1);
    let mut x = if value >= Decimal::ONE { value * half + half } else { Decimal::ONE };
    let tolerance = Decimal::new(1, 20);
    for _ in 0..200 {
        let next = x.checked_add(value.checked_div(x)?)?.checked_div(Decimal::TWO)?;
        if (x - next).abs() <= tolerance {
            return Some(next);
        }
        x = next;
    }
    Some(x)
}

/// The coefficient of variation (population standard deviation ÷ mean) of non-negative values;
/// `None` when the mean is not positive. Computed on `value / mean`, so the squares stay small
/// whatever the amounts (each ratio is at most the number of values).
pub(in crate::products) fn coefficient_of_variation(values: &[Decimal]) -> Option<Decimal> {
    let mean = mean(values)?;
    if mean <= Decimal::ZERO {
        return None;
    }
    let mut squares = Decimal::ZERO;
    for v in values {
        let deviation = v.checked_div(mean)?.checked_sub(Decimal::ONE)?;
        squares = squares.checked_add(deviation.checked_mul(deviation)?)?;
    }
    sqrt(squares.checked_div(Decimal::from(values.len()))?)
}

/// `1 − coefficient of variation`, clamped to `0..=1` and rounded to four places; `None` with
/// fewer than [`MIN_STABILITY_MONTHS`] values or a mean of zero.
pub(in crate::products) fn stability(values: &[Decimal]) -> Option<Decimal> {
    if values.len() < MIN_STABILITY_MONTHS {
        return None;
    }
    let cv = coefficient_of_variation(values)?;
    Some((Decimal::ONE - cv).clamp(Decimal::ZERO, Decimal::ONE).round_dp(PLACES))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn fixed4_rounds_half_even_and_writes_four_places() {
        let text = |v: &str| serde_json::to_string(&Fixed4::new(d(v))).unwrap_or_default();
        assert_eq!(text("0.25"), "\"0.2500\"");
        assert_eq!(text("0.00005"), "\"0.0000\"");
        assert_eq!(text("0.00015"), "\"0.0002\"");
        assert_eq!(text("-0.00001"), "\"0.0000\"");
        assert_eq!(text("12"), "\"12.0000\"");
    }

    #[test]
    fn sqrt_is_exact_on_squares_and_close_elsewhere() {
        assert_eq!(sqrt(d("0")), Some(Decimal::ZERO));
        assert_eq!(sqrt(d("-1")), None);
        assert_eq!(sqrt(d("9")).map(|r| r.round_dp(12)), Some(d("3")));
        assert_eq!(sqrt(d("0.25")).map(|r| r.round_dp(12)), Some(d("0.5")));
        let two = sqrt(d("2")).unwrap_or_default();
        assert_eq!(two.round_dp(10), d("1.4142135624"));
        assert!(sqrt(Decimal::MAX).is_some());
    }

    #[test]
    fn coefficient_of_variation_is_population_based() {
        // Mean 2, deviations −1, 0, +1: variance 2/3, sd 0.8165, cv 0.4082.
        let cv = coefficient_of_variation(&[d("1"), d("2"), d("3")]).unwrap_or_default();
        assert_eq!(cv.round_dp(4), d("0.4082"));
        assert_eq!(coefficient_of_variation(&[d("0"), d("0")]), None);
        assert_eq!(coefficient_of_variation(&[]), None);
    }

    #[test]
    fn stability_is_clamped_and_needs_three_months() {
        assert_eq!(stability(&[d("5000"), d("5000"), d("5000")]), Some(Decimal::ONE));
        assert_eq!(stability(&[d("1"), d("2"), d("3")]), Some(d("0.5918")));
        // One month with everything: cv = √5 > 1, clamped to 0.
        assert_eq!(stability(&[d("0"), d("0"), d("0"), d("0"), d("0"), d("600")]), Some(Decimal::ZERO));
        assert_eq!(stability(&[d("5000"), d("5000")]), None);
        assert_eq!(stability(&[d("0"), d("0"), d("0")]), None);
    }

    #[test]
    fn huge_amounts_do_not_overflow() {
        let huge = d("99999999999999999999.9999");
        assert!(stability(&[huge, huge, Decimal::ZERO, huge]).is_some());
        assert_eq!(share(d("1"), Decimal::ZERO), None);
        assert_eq!(share(d("1"), d("3")), Some(d("0.3333")));
    }
}
