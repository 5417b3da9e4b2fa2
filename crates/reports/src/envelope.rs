//! The envelope every report shares (spec §8, Klavi's common format): status code and message,
//! the request, the product, the report's id and time, whose data it is, the links and consents
//! the data came from with the permissions granted, the product body, and `externalInfo`.

use std::collections::BTreeMap;

use ponte_domain::finance::MissingPart;
use ponte_domain::{Audience, ProductCode};
use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::analysis::Holder;

/// `productVersion` of every product of this release.
pub const PRODUCT_VERSION: &str = "V1";

/// Where a report goes and what it echoes: everything of the envelope that is not computed
/// from the data.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportContext {
    pub request_id: String,
    pub product_report_id: String,
    pub report_time: OffsetDateTime,
    pub links: Vec<LinkScope>,
    pub external_info: Option<Value>,
}

/// A link whose consents' data a report uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkScope {
    pub link_id: String,
    pub institution_code: String,
    pub consents: Vec<ConsentScope>,
}

/// A consent whose data a report uses, with what it grants per permission group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentScope {
    pub consent_id: String,
    /// Keyed by permission group (`ACCOUNTS`, `CREDIT_CARDS_ACCOUNTS`, …).
    pub permissions: BTreeMap<String, GroupGrant>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupGrant {
    pub permissions_granted: bool,
    /// The resources of the group the data covers (account, card or contract ids).
    pub account_ids: Vec<String>,
}

/// A built product: its status and body, before the envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub product: ProductCode,
    /// `200` complete, `204` partial (see `missing`), `5xxx` not built.
    pub code: u16,
    pub message: String,
    /// The product's own keys (`checkingAccounts`, `income`, …); empty when not built.
    pub body: Map<String, Value>,
    /// What the institution could not give (named in `missingParts` of a `204`).
    pub missing: Vec<MissingPart>,
}

impl Report {
    pub fn is_built(&self) -> bool {
        self.code == 200 || self.code == 204
    }

    /// The whole report as partners receive it.
    pub fn to_json(&self, context: &ReportContext, holder: &Holder) -> Value {
        let mut out = Map::new();
        out.insert("code".into(), Value::from(self.code));
        out.insert("message".into(), Value::from(self.message.clone()));
        out.insert("requestId".into(), Value::from(context.request_id.clone()));
        out.insert("productName".into(), Value::from(self.product.as_str()));
        out.insert("productVersion".into(), Value::from(PRODUCT_VERSION));
        out.insert("productReportId".into(), Value::from(context.product_report_id.clone()));
        out.insert("productReportTime".into(), Value::from(report_time(context.report_time)));
        let enquiry = match holder.audience {
            Audience::Personal => "enquiryCpf",
            Audience::Business => "enquiryCnpj",
        };
        out.insert(enquiry.into(), Value::from(holder.tax_id.clone()));
        out.insert("links".into(), serde_json::to_value(&context.links).unwrap_or(Value::Array(vec![])));
        for (key, value) in &self.body {
            out.insert(key.clone(), value.clone());
        }
        if !self.missing.is_empty() {
            out.insert(
                "missingParts".into(),
                serde_json::to_value(&self.missing).unwrap_or(Value::Array(vec![])),
            );
        }
        out.insert("externalInfo".into(), context.external_info.clone().unwrap_or(Value::Null));
        Value::Object(out)
    }
}

/// `productReportTime`: UTC without offset, as Klavi writes it (`2019-12-23T06:10:43`).
pub fn report_time(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}
