//! The envelope every report shares (spec §8, Klavi's common format): status code and message,
//! the request, the product, the report's id and time, whose data it is, the links and consents
//! the data came from with the permissions granted, the product body, and `externalInfo`.

use std::collections::BTreeMap;

use ponte_domain::finance::MissingPart;
use ponte_domain::{Audience, ProductCode};
use serde::Serialize;
use serde_json::Value;
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
    /// The product's own keys (`checkingAccounts`, `income`, …) as one serialised JSON object;
    /// `{}` when not built. Kept as text: a report over tens of thousands of transactions is
    /// serialised once, never turned into a `serde_json::Value` tree.
    pub body: String,
    /// What the institution could not give (named in `missingParts` of a `204`).
    pub missing: Vec<MissingPart>,
}

/// The envelope fields that come before the product's keys.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Head<'a> {
    code: u16,
    message: &'a str,
    request_id: &'a str,
    product_name: &'static str,
    product_version: &'static str,
    product_report_id: &'a str,
    product_report_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    enquiry_cpf: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enquiry_cnpj: Option<&'a str>,
    links: &'a [LinkScope],
}

/// The envelope fields that come after the product's keys.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Tail<'a> {
    #[serde(skip_serializing_if = "<[MissingPart]>::is_empty")]
    missing_parts: &'a [MissingPart],
    external_info: &'a Option<Value>,
}

impl Report {
    pub fn is_built(&self) -> bool {
        self.code == 200 || self.code == 204
    }

    /// The whole report as partners receive it: the envelope's fields, the product's keys,
    /// then `missingParts` (partial reports) and `externalInfo`.
    pub fn to_json_string(
        &self,
        context: &ReportContext,
        holder: &Holder,
    ) -> Result<String, serde_json::Error> {
        let (cpf, cnpj) = match holder.audience {
            Audience::Personal => (Some(holder.tax_id.as_str()), None),
            Audience::Business => (None, Some(holder.tax_id.as_str())),
        };
        let head = serde_json::to_string(&Head {
            code: self.code,
            message: &self.message,
            request_id: &context.request_id,
            product_name: self.product.as_str(),
            product_version: PRODUCT_VERSION,
            product_report_id: &context.product_report_id,
            product_report_time: report_time(context.report_time),
            enquiry_cpf: cpf,
            enquiry_cnpj: cnpj,
            links: &context.links,
        })?;
        let tail = serde_json::to_string(&Tail {
            missing_parts: &self.missing,
            external_info: &context.external_info,
        })?;
        // Splice three JSON objects into one: `{head…` `,body…` `,tail…}`.
        let body = self.body.trim();
        let body_inner = body.strip_prefix('{').and_then(|b| b.strip_suffix('}')).unwrap_or("").trim();
        let mut out = String::with_capacity(head.len() + body.len() + tail.len());
        out.push_str(&head[..head.len() - 1]);
        if !body_inner.is_empty() {
            out.push(',');
            out.push_str(body_inner);
        }
        out.push(',');
        out.push_str(&tail[1..]);
        Ok(out)
    }

    /// [`Report::to_json_string`] parsed, for tests and tools.
    pub fn to_json(&self, context: &ReportContext, holder: &Holder) -> Value {
        self.to_json_string(context, holder)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Value::Null)
    }
}

/// `productReportTime`: UTC without offset, as Klavi writes it (`2019-12-23T06:10:43`).
pub fn report_time(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}
