//! Addresses, phones and e-mails of every institution merged into one list each, every item
//! with the institutions that hold it (a contact two banks agree on is worth more in KYC).

use ponte_domain::finance::{Address, PhoneNumber};
use serde::Serialize;

use super::merge::{Mergeable, add_codes, merged};
use super::text::{alphanumeric, comparable, email};

/// The country calling code assumed when an institution gives none: the data comes from
/// Brazilian institutions, and without a default `11 98765-4321` and `+55 11 98765-4321`
/// would be two phones.
const DEFAULT_COUNTRY_CALLING_CODE: &str = "55";

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AddressView<'a> {
    /// Main address at any institution that holds it.
    pub is_main: bool,
    pub address: &'a str,
    pub district_name: Option<&'a str>,
    pub town_name: &'a str,
    pub ibge_town_code: Option<&'a str>,
    pub country_sub_division: Option<&'a str>,
    pub post_code: Option<&'a str>,
    pub country: Option<&'a str>,
    pub institution_codes: Vec<&'a str>,
}

impl<'a> AddressView<'a> {
    pub(super) fn of(address: &'a Address, institution_code: &'a str) -> Self {
        AddressView {
            is_main: address.is_main,
            address: &address.address,
            district_name: address.district_name.as_deref(),
            town_name: &address.town_name,
            ibge_town_code: address.ibge_town_code.as_deref(),
            country_sub_division: address.country_sub_division.as_deref(),
            post_code: address.post_code.as_deref(),
            country: address.country.as_deref(),
            institution_codes: vec![institution_code],
        }
    }
}

impl<'a> Mergeable for AddressView<'a> {
    /// Street line, town and post code digits.
    type Key = (String, String, String);

    fn key(&self) -> Self::Key {
        (
            comparable(self.address),
            comparable(self.town_name),
            self.post_code.map(alphanumeric).unwrap_or_default(),
        )
    }

    fn absorb(&mut self, repeat: Self) {
        self.is_main |= repeat.is_main;
        add_codes(&mut self.institution_codes, repeat.institution_codes);
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PhoneView<'a> {
    pub is_main: bool,
    /// `FIXO`, `MOVEL`, `OUTRO`.
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    pub country_calling_code: Option<&'a str>,
    pub area_code: Option<&'a str>,
    pub number: &'a str,
    pub institution_codes: Vec<&'a str>,
}

impl<'a> PhoneView<'a> {
    pub(super) fn of(phone: &'a PhoneNumber, institution_code: &'a str) -> Self {
        PhoneView {
            is_main: phone.is_main,
            kind: phone.kind.as_deref(),
            country_calling_code: phone.country_calling_code.as_deref(),
            area_code: phone.area_code.as_deref(),
            number: &phone.number,
            institution_codes: vec![institution_code],
        }
    }
}

impl<'a> Mergeable for PhoneView<'a> {
    /// Every digit of the full number, country code defaulted and the area code without a trunk
    /// `0`: a number whose area code was sent inside `number` is the same phone as one with it
    /// apart.
    type Key = String;

    fn key(&self) -> String {
        phone_key(self.country_calling_code, self.area_code, self.number)
    }

    fn absorb(&mut self, repeat: Self) {
        self.is_main |= repeat.is_main;
        add_codes(&mut self.institution_codes, repeat.institution_codes);
    }
}

pub(super) fn phone_key(country: Option<&str>, area: Option<&str>, number: &str) -> String {
    let country = country.map(alphanumeric).filter(|c| !c.is_empty());
    let country = country.as_deref().unwrap_or(DEFAULT_COUNTRY_CALLING_CODE);
    let area = area.map(alphanumeric).unwrap_or_default();
    format!("{country}{}{}", area.trim_start_matches('0'), alphanumeric(number))
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct EmailView<'a> {
    pub email: &'a str,
    pub institution_codes: Vec<&'a str>,
}

impl<'a> EmailView<'a> {
    pub(super) fn of(address: &'a str, institution_code: &'a str) -> Self {
        EmailView { email: address, institution_codes: vec![institution_code] }
    }
}

impl<'a> Mergeable for EmailView<'a> {
    type Key = String;

    fn key(&self) -> String {
        email(self.email)
    }

    fn absorb(&mut self, repeat: Self) {
        add_codes(&mut self.institution_codes, repeat.institution_codes);
    }
}

/// Every institution's contacts, merged.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Contacts<'a> {
    pub addresses: Vec<AddressView<'a>>,
    pub phones: Vec<PhoneView<'a>>,
    pub emails: Vec<EmailView<'a>>,
}

/// One institution's contacts.
pub(super) struct ContactLists<'a> {
    pub institution_code: &'a str,
    pub addresses: &'a [Address],
    pub phones: &'a [PhoneNumber],
    pub emails: &'a [String],
}

impl<'a> Contacts<'a> {
    /// Every source's contacts (`lists` picks them out of its data), merged in the sources'
    /// priority order.
    pub(super) fn of_sources<T>(
        sources: &[super::Sourced<'a, T>],
        lists: impl Fn(&'a T) -> (&'a [Address], &'a [PhoneNumber], &'a [String]),
    ) -> Self {
        let lists: Vec<ContactLists<'a>> = sources
            .iter()
            .map(|s| {
                let (addresses, phones, emails) = lists(s.data);
                ContactLists { institution_code: &s.consent.institution_code, addresses, phones, emails }
            })
            .collect();
        Contacts::merge(&lists)
    }

    /// Merges `lists` in the order given (the sources' priority order).
    pub(super) fn merge(lists: &[ContactLists<'a>]) -> Self {
        Contacts {
            addresses: merged(
                lists.iter().flat_map(|l| l.addresses.iter().map(|a| AddressView::of(a, l.institution_code))),
            ),
            phones: merged(
                lists.iter().flat_map(|l| l.phones.iter().map(|p| PhoneView::of(p, l.institution_code))),
            ),
            emails: merged(lists.iter().flat_map(|l| {
                l.emails.iter().filter(|e| !e.trim().is_empty()).map(|e| EmailView::of(e, l.institution_code))
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;

    fn phone(country: Option<&str>, area: Option<&str>, number: &str, is_main: bool) -> PhoneNumber {
        PhoneNumber {
            is_main,
            kind: Some("MOVEL".into()),
            country_calling_code: country.map(Into::into),
            area_code: area.map(Into::into),
            number: number.into(),
        }
    }

    fn address(line: &str, town: &str, post_code: Option<&str>) -> Address {
        Address {
            is_main: false,
            address: line.into(),
            district_name: None,
            town_name: town.into(),
            ibge_town_code: None,
            country_sub_division: Some("SP".into()),
            post_code: post_code.map(Into::into),
            country: Some("BRASIL".into()),
        }
    }

    #[test]
    fn the_same_phone_written_three_ways_is_one_phone_seen_at_every_institution() {
        let a = [phone(Some("55"), Some("11"), "98765-4321", false)];
        let b = [phone(None, None, "(11) 98765 4321", true)];
        let c = [
            phone(Some("+55"), Some("011"), "987654321", false),
            phone(None, Some("21"), "3333-4444", false),
        ];
        let lists = [
            ContactLists { institution_code: "999", addresses: &[], phones: &a, emails: &[] },
            ContactLists { institution_code: "001", addresses: &[], phones: &b, emails: &[] },
            ContactLists { institution_code: "998", addresses: &[], phones: &c, emails: &[] },
        ];
        let merged = Contacts::merge(&lists);
        let numbers: Vec<(&str, bool, Vec<&str>)> =
            merged.phones.iter().map(|p| (p.number, p.is_main, p.institution_codes.clone())).collect();
        assert_eq!(
            numbers,
            [("98765-4321", true, vec!["001", "998", "999"]), ("3333-4444", false, vec!["998"]),]
        );
    }

    #[test]
    fn addresses_merge_across_case_accents_and_punctuation_but_not_other_post_codes() {
        let a = [address("Rua Conceição, 10", "São Paulo", Some("01310-100"))];
        let b = [
            address("RUA CONCEICAO 10", "SAO PAULO", Some("01310100")),
            address("RUA CONCEICAO 10", "SAO PAULO", Some("01310200")),
        ];
        let emails_a = ["Ana@Example.com".to_owned(), " ".to_owned()];
        let emails_b = ["ana@example.com ".to_owned()];
        let lists = [
            ContactLists { institution_code: "999", addresses: &a, phones: &[], emails: &emails_a },
            ContactLists { institution_code: "998", addresses: &b, phones: &[], emails: &emails_b },
        ];
        let merged = Contacts::merge(&lists);
        assert_eq!(merged.addresses.len(), 2);
        assert_eq!(merged.addresses[0].address, "Rua Conceição, 10");
        assert_eq!(merged.addresses[0].institution_codes, ["998", "999"]);
        assert_eq!(merged.emails.len(), 1);
        assert_eq!(merged.emails[0].email, "Ana@Example.com");
    }

    proptest! {
        /// Merging never loses a distinct value and never keeps two equal ones.
        #[test]
        fn merging_keeps_every_distinct_phone_and_email_once(
            phones in prop::collection::vec(
                (prop::option::of("(55|\\+55)?"), prop::option::of("[0-9]{2}"), "[0-9() -]{0,12}", any::<bool>()),
                0..12,
            ),
            emails in prop::collection::vec("[A-Ca-c ]{0,3}@[a-b]\\.(com|COM)", 0..12),
            split in 0usize..12,
        ) {
            let phones: Vec<PhoneNumber> =
                phones.iter().map(|(c, a, n, m)| phone(c.as_deref(), a.as_deref(), n, *m)).collect();
            let cut = split.min(phones.len());
            let email_cut = split.min(emails.len());
            let lists = [
                ContactLists { institution_code: "999", addresses: &[], phones: &phones[..cut], emails: &emails[..email_cut] },
                ContactLists { institution_code: "998", addresses: &[], phones: &phones[cut..], emails: &emails[email_cut..] },
            ];
            let merged = Contacts::merge(&lists);

            let input_phones: BTreeSet<String> = phones
                .iter()
                .map(|p| phone_key(p.country_calling_code.as_deref(), p.area_code.as_deref(), &p.number))
                .collect();
            let output_phones: Vec<String> = merged.phones.iter().map(Mergeable::key).collect();
            prop_assert_eq!(output_phones.len(), input_phones.len());
            prop_assert_eq!(output_phones.into_iter().collect::<BTreeSet<_>>(), input_phones);

            let input_emails: BTreeSet<String> =
                emails.iter().filter(|e| !e.trim().is_empty()).map(|e| email(e)).collect();
            let output_emails: Vec<String> = merged.emails.iter().map(Mergeable::key).collect();
            prop_assert_eq!(output_emails.len(), input_emails.len());
            prop_assert_eq!(output_emails.into_iter().collect::<BTreeSet<_>>(), input_emails);
        }
    }
}
