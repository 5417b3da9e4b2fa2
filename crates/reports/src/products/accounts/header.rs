//! What every account product says about an account: whose institution it is, how the bank
//! identifies it, and its balances. Also the order accounts and cards are listed in.

use ponte_domain::finance::{Account, Balances, ConsentData};
use ponte_domain::{Currency, Money};
use serde::Serialize;

use super::wire::UtcSecond;

/// The identifying fields of an account, in OFB/Klavi vocabulary.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccountHeader<'a> {
    /// Ponte's code of the institution the consent is at.
    pub institution_code: &'a str,
    pub brand_name: &'a str,
    pub company_cnpj: &'a str,
    pub account_id: &'a str,
    /// OFB account `type` (`CONTA_DEPOSITO_A_VISTA`, `CONTA_POUPANCA`, `CONTA_PAGAMENTO_PRE_PAGA`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub subtype: Option<&'a str>,
    pub compe_code: &'a str,
    pub branch_code: Option<&'a str>,
    pub number: &'a str,
    pub check_digit: &'a str,
    /// ISO 4217 code of the account, as the bank gave it.
    pub currency: &'a str,
}

impl<'a> AccountHeader<'a> {
    pub fn of(consent: &'a ConsentData, account: &'a Account) -> Self {
        AccountHeader {
            institution_code: &consent.institution_code,
            brand_name: brand_name(&account.brand_name, consent),
            company_cnpj: &account.company_cnpj,
            account_id: &account.id,
            kind: account.kind.as_ofb(),
            subtype: account.subtype.as_deref(),
            compe_code: &account.compe_code,
            branch_code: account.branch_code.as_deref(),
            number: &account.number,
            check_digit: &account.check_digit,
            currency: &account.currency,
        }
    }
}

/// The bank's `brandName` for a resource, or the institution's name when the bank sent none.
pub(crate) fn brand_name<'a>(own: &'a str, consent: &'a ConsentData) -> &'a str {
    if own.trim().is_empty() { &consent.institution_name } else { own }
}

/// The currency an account's totals are summed in: the account's own, or BRL when the bank's
/// code is not a valid ISO 4217 code (OFB accounts are in reais unless the bank says otherwise).
pub(crate) fn account_currency(account: &Account) -> Currency {
    account.currency.parse().unwrap_or(Currency::BRL)
}

/// `GET /accounts/{id}/balances` as the products show it.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BalancesView {
    pub available_amount: Money,
    pub blocked_amount: Money,
    pub automatically_invested_amount: Money,
    /// When the bank last updated the balances; `null` when it did not say.
    pub update_date_time: Option<UtcSecond>,
}

impl From<&Balances> for BalancesView {
    fn from(b: &Balances) -> Self {
        BalancesView {
            available_amount: b.available,
            blocked_amount: b.blocked,
            automatically_invested_amount: b.automatically_invested,
            update_date_time: b.updated_at.map(UtcSecond),
        }
    }
}

/// Where a resource (account or card) is: its consent's and its own positions in the analysis,
/// which is how categories are looked up.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Located<'a, T> {
    pub consent_index: usize,
    pub index: usize,
    pub consent: &'a ConsentData,
    pub item: &'a T,
}

/// The resources `items_of` gives for every consent that `keep` selects, in report order: by
/// institution code, then the bank's id, then the consent id (so that the same data in
/// another order gives the same report).
pub(crate) fn in_report_order<'a, T>(
    consents: &'a [ConsentData],
    items_of: impl Fn(&'a ConsentData) -> &'a [T],
    id_of: impl Fn(&T) -> &str,
    keep: impl Fn(&T) -> bool,
) -> Vec<Located<'a, T>> {
    let mut located: Vec<Located<'a, T>> = consents
        .iter()
        .enumerate()
        .flat_map(|(consent_index, consent)| {
            items_of(consent).iter().enumerate().map(move |(index, item)| Located {
                consent_index,
                index,
                consent,
                item,
            })
        })
        .filter(|l| keep(l.item))
        .collect();
    located.sort_by(|x, y| {
        (x.consent.institution_code.as_str(), id_of(x.item), x.consent.consent_id.as_str()).cmp(&(
            y.consent.institution_code.as_str(),
            id_of(y.item),
            y.consent.consent_id.as_str(),
        ))
    });
    located
}
