//! The five sandbox institutions of spec §9 and what makes each one different.

use std::fmt;
use std::str::FromStr;

/// A sandbox bank's three-digit code (its COMPE code and the last segment of its issuer URL).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BankCode {
    /// Banco Ponte Sandbox: healthy, every resource type.
    Healthy,
    /// Banco Lento: 300–1500 ms latency, occasional 429 with `Retry-After`.
    Slow,
    /// Banco Instável: about 20 % of data calls fail with 5xx or time out.
    Flaky,
    /// Cooperativa Parcial: accounts and customers only.
    Partial,
    /// Banco Fora do Ar: discovery status `UNAVAILABLE`.
    Outage,
}

impl BankCode {
    pub const ALL: [BankCode; 5] =
        [BankCode::Healthy, BankCode::Slow, BankCode::Flaky, BankCode::Partial, BankCode::Outage];

    pub const fn code(self) -> &'static str {
        match self {
            BankCode::Healthy => "999",
            BankCode::Slow => "998",
            BankCode::Flaky => "997",
            BankCode::Partial => "996",
            BankCode::Outage => "995",
        }
    }

    pub fn bank(self) -> &'static Bank {
        &BANKS[BankCode::ALL.iter().position(|c| *c == self).unwrap_or(0)]
    }
}

impl fmt::Display for BankCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("no sandbox bank has the code {0:?} (the sandbox banks are 999, 998, 997, 996 and 995)")]
pub struct UnknownBank(pub String);

impl FromStr for BankCode {
    type Err = UnknownBank;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BankCode::ALL.into_iter().find(|c| c.code() == s).ok_or_else(|| UnknownBank(s.to_owned()))
    }
}

/// What a bank offers: the product families whose permissions it keeps at consent creation
/// (the OFB subset rule: a bank drops what it does not offer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    Everything,
    /// Accounts and customers (and resources) only.
    AccountsAndCustomers,
}

/// A sandbox institution: who it is and how it behaves.
#[derive(Debug)]
pub struct Bank {
    pub code: BankCode,
    pub name: &'static str,
    /// The bank's brand as printed in `brandName` fields.
    pub brand: &'static str,
    /// The CNPJ of the institution (valid check digits).
    pub cnpj: &'static str,
    pub offer: Offer,
    /// Listed with `isOutage: true`; discovery status `UNAVAILABLE`.
    pub unavailable: bool,
}

/// The five banks. Their CNPJs are made up for the sandbox (valid check digits, no real company).
pub static BANKS: [Bank; 5] = [
    Bank {
        code: BankCode::Healthy,
        name: "Banco Ponte Sandbox",
        brand: "Banco Ponte Sandbox",
        cnpj: "99999999000191",
        offer: Offer::Everything,
        unavailable: false,
    },
    Bank {
        code: BankCode::Slow,
        name: "Banco Lento",
        brand: "Banco Lento",
        cnpj: "99899899000193",
        offer: Offer::Everything,
        unavailable: false,
    },
    Bank {
        code: BankCode::Flaky,
        name: "Banco Instável",
        brand: "Banco Instável",
        cnpj: "99799799000195",
        offer: Offer::Everything,
        unavailable: false,
    },
    Bank {
        code: BankCode::Partial,
        name: "Cooperativa Parcial",
        brand: "Cooperativa Parcial",
        cnpj: "99699699000197",
        offer: Offer::AccountsAndCustomers,
        unavailable: false,
    },
    Bank {
        code: BankCode::Outage,
        name: "Banco Fora do Ar",
        brand: "Banco Fora do Ar",
        cnpj: "99599599000199",
        offer: Offer::Everything,
        unavailable: true,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use ponte_domain::Cnpj;

    #[test]
    fn every_bank_has_a_valid_cnpj_and_round_trips_its_code() {
        for code in BankCode::ALL {
            let bank = code.bank();
            assert_eq!(bank.code, code);
            assert!(bank.cnpj.parse::<Cnpj>().is_ok(), "{} has an invalid CNPJ {}", bank.name, bank.cnpj);
            assert_eq!(code.code().parse::<BankCode>().unwrap(), code);
        }
        assert!("123".parse::<BankCode>().is_err());
    }
}
