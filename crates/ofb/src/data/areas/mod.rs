//! What to fetch in each API area, and in what order: the list, then — for each resource
//! `/resources` says is AVAILABLE — the endpoints the granted permissions allow, concurrently
//! (the session bounds how many requests are in flight). Each area hands back normalised data
//! and records in the session what it could not get.

pub(crate) mod accounts;
pub(crate) mod cards;
pub(crate) mod credit;
pub(crate) mod customers;
pub(crate) mod investments;

use super::normalise::{data_object, format_date};
use super::plan::{self, Api, Granted};
use super::session::Session;
use crate::directory::Endpoints;
use ponte_domain::finance::ResourceRef;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use time::{Date, Duration};
use url::Url;

/// Resources read per area at most: far above any real customer's accounts, cards or
/// contracts at one institution, and a bound on the calls a hostile `/resources` can cause.
const MAX_RESOURCES: usize = 200;

/// The dates the endpoints are asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    /// The last day of the history window.
    pub today: Date,
    /// Its first day: 365 days before `today` (the 12 months OFB serves).
    pub from: Date,
    /// The first day of the `-current` endpoints: D-6 (7 days inclusive).
    pub current_from: Date,
    /// The last due date of the closed bills asked for: closed bills can fall due after
    /// today, and the bills endpoint allows 12 months ahead.
    pub bills_to: Date,
}

impl Window {
    /// `None` only for a date at the very edge of what `time` represents.
    pub fn ending(today: Date) -> Option<Window> {
        Some(Window {
            today,
            from: today.checked_sub(Duration::days(365))?,
            current_from: today.checked_sub(Duration::days(6))?,
            bills_to: today.checked_add(Duration::days(365))?,
        })
    }
}

/// What every area reads from.
pub(crate) struct Ctx<'c> {
    pub session: &'c Session<'c>,
    pub endpoints: &'c Endpoints,
    pub institution_name: &'c str,
    pub granted: &'c Granted,
    pub resources: &'c [ResourceRef],
    pub window: Window,
}

impl Ctx<'_> {
    /// `(from, to)` of the 12-month history endpoints.
    pub fn history(&self) -> (String, String) {
        (format_date(self.window.from), format_date(self.window.today))
    }

    /// `(from, to)` of the `-current` endpoints: 7 days, D-6 to today inclusive.
    pub fn current(&self) -> (String, String) {
        (format_date(self.window.current_from), format_date(self.window.today))
    }

    /// The institution's root for `api`, or `None` with the reason recorded (once per area).
    pub fn root(&self, api: &Api, list_template: &str) -> Option<Url> {
        plan::root(self.endpoints, api)
            .map_err(|reason| self.session.missing(api.area, list_template, None, reason))
            .ok()
    }

    /// The listed items Ponte may read (see [`select`]), recording why the others are left out.
    pub fn select<T>(
        &self,
        area: &str,
        templates: (&str, &str),
        resource_type: &str,
        listed: Vec<T>,
        id_of: impl Fn(&T) -> &str,
    ) -> Vec<T> {
        let (list_template, item_template) = templates;
        select(self.resources, resource_type, listed, id_of, |endpoint, id, reason| {
            let template = match endpoint {
                LeftOut::List => list_template,
                LeftOut::Item => item_template,
            };
            self.session.missing(area, template, Some(id), reason);
        })
    }

    /// Runs `work` for every resource of an area concurrently, reporting the area's progress;
    /// the results come in the order of `items`.
    pub async fn each<T, R, F>(&self, area: &'static str, items: Vec<T>, work: impl Fn(T) -> F) -> Vec<R>
    where
        F: Future<Output = R>,
    {
        let total = items.len();
        let done = AtomicUsize::new(0);
        self.session.progress(area, 0, total);
        let work = &work;
        let done = &done;
        all(items, |item| async move {
            let result = work(item).await;
            self.session.progress(area, done.fetch_add(1, Ordering::Relaxed) + 1, total);
            result
        })
        .await
    }

    /// Records that `count` items of an answer were malformed and skipped.
    pub fn malformed(&self, area: &str, template: &str, resource_id: Option<&str>, count: usize, what: &str) {
        if count > 0 {
            let reason = format!("{count} {what} malformed and skipped");
            self.session.missing(area, template, resource_id, reason);
        }
    }
}

/// Which endpoint a left-out resource is named under: the area's list, or the resource's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LeftOut {
    List,
    Item,
}

/// The listed items Ponte may read: those `/resources` lists as AVAILABLE under
/// `resource_type`, once each, at most [`MAX_RESOURCES`]. Tells `left_out` why each other
/// resource is not read: not AVAILABLE (a joint account pending its other holder…), listed by
/// the API but not by `/resources`, or the reverse.
pub(crate) fn select<T>(
    resources: &[ResourceRef],
    resource_type: &str,
    listed: Vec<T>,
    id_of: impl Fn(&T) -> &str,
    mut left_out: impl FnMut(LeftOut, &str, String),
) -> Vec<T> {
    let mut known: Vec<&ResourceRef> = plan::of_type(resources, resource_type);
    known.sort_by(|a, b| a.id.cmp(&b.id));
    for resource in known.iter().filter(|r| !plan::is_available(r)) {
        left_out(
            LeftOut::Item,
            &resource.id,
            format!("the resource is {} at the institution", resource.status),
        );
    }
    let status: HashMap<&str, &ResourceRef> = known.iter().map(|r| (r.id.as_str(), *r)).collect();
    let listed_ids: HashSet<String> = listed.iter().map(|item| id_of(item).to_owned()).collect();
    let mut kept: Vec<T> = Vec::new();
    let mut kept_ids: HashSet<String> = HashSet::new();
    for item in listed {
        let id = id_of(&item);
        let available = match status.get(id) {
            Some(resource) => plan::is_available(resource),
            None => {
                left_out(LeftOut::Item, id, "listed by the API but not by /resources: not read".into());
                false
            }
        };
        if !available || kept_ids.contains(id) {
            continue;
        }
        if kept.len() == MAX_RESOURCES {
            left_out(LeftOut::Item, id, format!("more than {MAX_RESOURCES} resources in the area: not read"));
            continue;
        }
        kept_ids.insert(id.to_owned());
        kept.push(item);
    }
    for resource in known.iter().filter(|r| plan::is_available(r) && !listed_ids.contains(&r.id)) {
        let reason = "AVAILABLE in /resources but absent from the institution's list";
        left_out(LeftOut::List, &resource.id, reason.into());
    }
    kept
}

/// Runs `work` for every item concurrently; the results come in the order of `items`.
pub(crate) async fn all<T, R, F>(items: Vec<T>, work: impl Fn(T) -> F) -> Vec<R>
where
    F: Future<Output = R>,
{
    futures_util::future::join_all(items.into_iter().map(work)).await
}

/// The `data` object of a single-object answer, recording when it is missing or unusable.
pub(crate) fn object<'p>(
    ctx: &Ctx<'_>,
    pages: &'p [Arc<Value>],
    area: &str,
    template: &str,
    resource_id: Option<&str>,
) -> Option<&'p Value> {
    let data = data_object(pages);
    if data.is_none() {
        ctx.session.missing(area, template, resource_id, "the institution's answer has no data object");
    }
    data
}

/// A single-object answer through `parse`, recording when it is missing or malformed.
pub(crate) fn read<T>(
    ctx: &Ctx<'_>,
    pages: &[Arc<Value>],
    area: &str,
    template: &str,
    resource_id: Option<&str>,
    parse: impl FnOnce(&Value) -> Option<T>,
) -> Option<T> {
    let parsed = parse(object(ctx, pages, area, template, resource_id)?);
    if parsed.is_none() {
        ctx.session.missing(area, template, resource_id, "the institution's answer is malformed");
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(id: &str, kind: &str, status: &str) -> ResourceRef {
        ResourceRef { id: id.into(), kind: kind.into(), status: status.into() }
    }

    #[test]
    fn only_available_resources_are_read_once_and_the_others_are_named() {
        let resources = [
            resource("a1", "ACCOUNT", "AVAILABLE"),
            resource("a2", "ACCOUNT", "PENDING_AUTHORISATION"),
            resource("a3", "ACCOUNT", "AVAILABLE"),
            resource("c1", "CREDIT_CARD_ACCOUNT", "AVAILABLE"),
        ];
        let listed = vec!["a1", "a2", "a1", "x9", "c1"];
        let mut named = Vec::new();
        let kept = select(
            &resources,
            "ACCOUNT",
            listed,
            |id| id,
            |which, id, reason| named.push((which, id.to_owned(), reason)),
        );
        assert_eq!(kept, ["a1"]);
        let named: Vec<(LeftOut, &str)> = named.iter().map(|(w, id, _)| (*w, id.as_str())).collect();
        assert_eq!(
            named,
            [(LeftOut::Item, "a2"), (LeftOut::Item, "x9"), (LeftOut::Item, "c1"), (LeftOut::List, "a3")]
        );
    }

    #[test]
    fn a_hostile_number_of_resources_is_capped() {
        let resources: Vec<ResourceRef> =
            (0..MAX_RESOURCES + 5).map(|n| resource(&format!("a{n}"), "ACCOUNT", "AVAILABLE")).collect();
        let listed: Vec<String> = resources.iter().map(|r| r.id.clone()).collect();
        let mut named = 0;
        let kept = select(&resources, "ACCOUNT", listed, String::as_str, |_, _, _| named += 1);
        assert_eq!((kept.len(), named), (MAX_RESOURCES, 5));
    }

    #[test]
    fn windows_are_365_and_7_days() {
        let window = Window::ending(time::macros::date!(2026 - 03 - 01)).unwrap();
        assert_eq!(window.from, time::macros::date!(2025 - 03 - 01));
        assert_eq!(window.current_from, time::macros::date!(2026 - 02 - 23));
        assert_eq!(window.bills_to, time::macros::date!(2027 - 03 - 01));
        assert_eq!(Window::ending(Date::MIN), None);
    }
}
