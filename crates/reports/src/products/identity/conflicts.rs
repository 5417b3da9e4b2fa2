//! Scalar fields across institutions: each is taken from the first source (in priority order)
//! that has it, and a field the sources disagree on is named in `conflicts`, with every
//! source's value, for KYC review.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Sourced;
use super::text::{alphanumeric, comparable};

/// A field whose value differs between institutions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Conflict<'a> {
    /// The field's name in the report (`birthDate`, `civilName`, …).
    pub field: &'static str,
    /// Every source that has the field, in priority order, with its value as sent.
    pub values: Vec<ConflictValue<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConflictValue<'a> {
    pub institution_code: &'a str,
    pub consent_id: &'a str,
    pub value: String,
}

/// How two values of a field are compared.
#[derive(Clone, Copy, Debug)]
pub(super) enum Compare {
    /// Names and descriptions: case, accents and punctuation do not count.
    Text,
    /// Tax ids and codes: only letters and digits count.
    Code,
    /// Dates, flags, amounts: as shown.
    Exact,
}

impl Compare {
    fn key(self, shown: &str) -> String {
        match self {
            Compare::Text => comparable(shown),
            Compare::Code => alphanumeric(shown),
            Compare::Exact => shown.to_owned(),
        }
    }
}

/// Picks scalar fields from sources in priority order, collecting conflicts.
pub(super) struct FieldPicker<'s, 'a, T> {
    sources: &'s [Sourced<'a, T>],
    conflicts: Vec<Conflict<'a>>,
}

impl<'s, 'a, T> FieldPicker<'s, 'a, T> {
    pub(super) fn new(sources: &'s [Sourced<'a, T>]) -> Self {
        FieldPicker { sources, conflicts: Vec::new() }
    }

    /// The first source's value of `field`; `show` renders a value as `conflicts` list it.
    pub(super) fn pick<V>(
        &mut self,
        field: &'static str,
        compare: Compare,
        get: impl Fn(&'a T) -> Option<V>,
        show: impl Fn(&V) -> String,
    ) -> Option<V> {
        let mut chosen = None;
        let mut values = Vec::new();
        let mut keys = BTreeSet::new();
        for source in self.sources {
            let Some(value) = get(source.data) else { continue };
            let shown = show(&value);
            keys.insert(compare.key(&shown));
            values.push(ConflictValue {
                institution_code: &source.consent.institution_code,
                consent_id: &source.consent.consent_id,
                value: shown,
            });
            chosen.get_or_insert(value);
        }
        if keys.len() > 1 {
            self.conflicts.push(Conflict { field, values });
        }
        chosen
    }

    /// A text field: blank values count as absent.
    pub(super) fn text(
        &mut self,
        field: &'static str,
        compare: Compare,
        get: impl Fn(&'a T) -> Option<&'a str>,
    ) -> Option<&'a str> {
        self.pick(field, compare, |data| get(data).and_then(super::text::non_blank), |v| (*v).to_owned())
    }

    pub(super) fn into_conflicts(self) -> Vec<Conflict<'a>> {
        self.conflicts
    }
}

#[cfg(test)]
mod tests {
    use ponte_domain::finance::PersonalIdentity;
    use time::macros::datetime;

    use super::*;
    use crate::products::liabilities::test_data::consent;

    fn person(name: &str, cpf: Option<&str>) -> PersonalIdentity {
        PersonalIdentity { civil_name: name.into(), cpf: cpf.map(Into::into), ..PersonalIdentity::default() }
    }

    #[test]
    fn the_first_source_with_a_value_wins_and_only_real_differences_conflict() {
        let consents = [
            consent("999", "a", datetime!(2026-03-15 08:00 UTC)),
            consent("998", "b", datetime!(2026-03-14 08:00 UTC)),
            consent("997", "c", datetime!(2026-03-13 08:00 UTC)),
        ];
        let people = [
            person("  ", None),
            person("Joao da Silva", Some("761.092.776-73")),
            person("JOÃO DA SILVA", Some("76109277673")),
        ];
        let sources: Vec<Sourced<'_, PersonalIdentity>> =
            consents.iter().zip(&people).map(|(consent, data)| Sourced { consent, data }).collect();
        let mut field = FieldPicker::new(&sources);
        assert_eq!(field.text("civilName", Compare::Text, |p| Some(&p.civil_name)), Some("Joao da Silva"));
        assert_eq!(field.text("cpf", Compare::Code, |p| p.cpf.as_deref()), Some("761.092.776-73"));
        assert_eq!(field.text("cpf", Compare::Exact, |p| p.cpf.as_deref()), Some("761.092.776-73"));
        assert_eq!(field.pick("birthDate", Compare::Exact, |p| p.birth_date, ToString::to_string), None);
        let conflicts = field.into_conflicts();
        assert_eq!(conflicts.len(), 1, "blank names are absent, accents and punctuation do not count");
        assert_eq!(conflicts[0].field, "cpf");
        let values: Vec<(&str, &str)> =
            conflicts[0].values.iter().map(|v| (v.institution_code, v.value.as_str())).collect();
        assert_eq!(values, [("998", "761.092.776-73"), ("997", "76109277673")]);
    }
}
