//! Ponte's domain types.
//!
//! Every type here follows one rule: *parse, don't validate*. A value of these types can only
//! hold valid data, so the rest of Ponte never re-checks a CPF, a product code or an amount: if
//! it has one, it is valid. Constructors (`FromStr`, `new`, serde `Deserialize`) return typed
//! errors whose messages are written for a partner's engineer reading an API error response.
//!
//! This crate performs no I/O; it is pure data and pure functions.

pub mod app;
pub mod app_settings;
pub mod environment;
pub mod finance;
pub mod journey;
pub mod money;
pub mod permission;
pub mod product;
pub mod redact;
pub mod tax_id;

mod serde_str;

pub use app::{AppSettings, Branding, RedirectPrefix, SettingsLimitError};
pub use app_settings::{
    DeliveryMode, HexColor, HexColorError, HttpUrl, HttpUrlError, Language, SettingValueError,
};
pub use environment::{Environment, EnvironmentError};
pub use journey::{
    ConsentStatus, Email, EmailError, LinkStatus, Phone, PhoneError, StatusError, ValidityPeriod,
    ValidityPeriodError,
};
pub use money::{Amount, AmountError, Currency, CurrencyError, Money, MoneyError};
pub use permission::{
    Permission, PermissionCategory, PermissionError, PermissionGroup, PermissionGroupError,
};
pub use product::{Audience, ProductCode, ProductCodeError, ProductSet, ProductSetError};
pub use redact::redact;
pub use tax_id::{Cnpj, Cpf, TaxId, TaxIdError, TaxIdKind};
