//! Customers: the person's (or the company's) identification, qualification and financial
//! relations, merged into one identity. Not resource-based: the permissions decide.

use super::{Ctx, object};
use crate::data::normalise::customers as normalise;
use crate::data::plan::{CUSTOMERS_BUSINESS, CUSTOMERS_PERSONAL, template};
use crate::data::session::Call;
use ponte_domain::Permission;
use ponte_domain::finance::{BusinessIdentity, PersonalIdentity};
use serde_json::Value;
use std::sync::Arc;
use url::Url;

const AREA: &str = CUSTOMERS_PERSONAL.area;

/// The three answers of one audience's customers API.
struct Answers {
    identification: Option<Vec<Arc<Value>>>,
    qualification: Option<Vec<Arc<Value>>>,
    relations: Option<Vec<Arc<Value>>>,
}

async fn answers(ctx: &Ctx<'_>, root: &Url, templates: [&'static str; 3], granted: [bool; 2]) -> Answers {
    let call = |template: &'static str| {
        let segments: Vec<&str> = template.trim_start_matches('/').split('/').collect();
        Call::new(AREA, template, &segments)
    };
    let get = |allowed: bool, call: Call| async move {
        if allowed { ctx.session.fetch(root, &call).await } else { None }
    };
    let [identifications, qualifications, relations] = templates;
    let [identification_granted, additional_info_granted] = granted;
    ctx.session.progress(AREA, 0, 1);
    let (identification, qualification, relations) = tokio::join!(
        get(identification_granted, call(identifications).paged()),
        get(additional_info_granted, call(qualifications)),
        get(additional_info_granted, call(relations)),
    );
    ctx.session.progress(AREA, 1, 1);
    Answers { identification, qualification, relations }
}

/// A person's identity, when any of its parts could be read.
pub(crate) async fn personal(ctx: &Ctx<'_>) -> Option<PersonalIdentity> {
    let granted = [
        ctx.granted.has(Permission::CustomersPersonalIdentificationsRead),
        ctx.granted.has(Permission::CustomersPersonalAdditionalInfoRead),
    ];
    if granted == [false, false] {
        return None;
    }
    let root = ctx.root(&CUSTOMERS_PERSONAL, template::PERSONAL_IDENTIFICATIONS)?;
    let templates = [
        template::PERSONAL_IDENTIFICATIONS,
        template::PERSONAL_QUALIFICATIONS,
        template::PERSONAL_FINANCIAL_RELATIONS,
    ];
    let answers = answers(ctx, &root, templates, granted).await;
    let mut identity = answers.identification.as_deref().and_then(|pages| {
        let read = normalise::personal_identification(pages);
        identified(ctx, template::PERSONAL_IDENTIFICATIONS, read)
    });
    if let Some(data) = data_of(ctx, &answers.qualification, template::PERSONAL_QUALIFICATIONS) {
        let identity = identity.get_or_insert_with(PersonalIdentity::default);
        match normalise::apply_personal_qualification(identity, data) {
            Some(bad) => {
                ctx.malformed(AREA, template::PERSONAL_QUALIFICATIONS, None, bad, "declared amounts were")
            }
            None => {
                ctx.session.missing(AREA, template::PERSONAL_QUALIFICATIONS, None, "the answer is malformed")
            }
        }
    }
    if let Some(data) = data_of(ctx, &answers.relations, template::PERSONAL_FINANCIAL_RELATIONS) {
        identity.get_or_insert_with(PersonalIdentity::default).relationship = normalise::relationship(data);
    }
    identity
}

/// A company's identity, when any of its parts could be read.
pub(crate) async fn business(ctx: &Ctx<'_>) -> Option<BusinessIdentity> {
    let granted = [
        ctx.granted.has(Permission::CustomersBusinessIdentificationsRead),
        ctx.granted.has(Permission::CustomersBusinessAdditionalInfoRead),
    ];
    if granted == [false, false] {
        return None;
    }
    let root = ctx.root(&CUSTOMERS_BUSINESS, template::BUSINESS_IDENTIFICATIONS)?;
    let templates = [
        template::BUSINESS_IDENTIFICATIONS,
        template::BUSINESS_QUALIFICATIONS,
        template::BUSINESS_FINANCIAL_RELATIONS,
    ];
    let answers = answers(ctx, &root, templates, granted).await;
    let mut identity = answers.identification.as_deref().and_then(|pages| {
        let read = normalise::business_identification(pages);
        identified(ctx, template::BUSINESS_IDENTIFICATIONS, read)
    });
    if let Some(data) = data_of(ctx, &answers.qualification, template::BUSINESS_QUALIFICATIONS) {
        let identity = identity.get_or_insert_with(BusinessIdentity::default);
        match normalise::apply_business_qualification(identity, data) {
            Some(bad) => ctx.malformed(AREA, template::BUSINESS_QUALIFICATIONS, None, bad, "items were"),
            None => {
                ctx.session.missing(AREA, template::BUSINESS_QUALIFICATIONS, None, "the answer is malformed")
            }
        }
    }
    if let Some(data) = data_of(ctx, &answers.relations, template::BUSINESS_FINANCIAL_RELATIONS) {
        identity.get_or_insert_with(BusinessIdentity::default).relationship = normalise::relationship(data);
    }
    identity
}

/// The identification read from its pages, recording what was wrong with it.
fn identified<T>(ctx: &Ctx<'_>, template: &str, read: Option<(T, usize)>) -> Option<T> {
    match read {
        Some((identity, malformed)) => {
            ctx.malformed(AREA, template, None, malformed, "items of the identification were");
            Some(identity)
        }
        None => {
            ctx.session.missing(AREA, template, None, "no usable identification in the institution's answer");
            None
        }
    }
}

fn data_of<'p>(ctx: &Ctx<'_>, pages: &'p Option<Vec<Arc<Value>>>, template: &str) -> Option<&'p Value> {
    object(ctx, pages.as_deref()?, AREA, template, None)
}
