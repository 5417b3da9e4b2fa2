//! Finding things in the document: operation by method + path, response by status, the JSON
//! media type's schema, and `$ref` chains between Response/Header/RequestBody objects.

use serde_json::Value;

use crate::convert::escape_pointer;
use crate::{Spec, SpecError, route};

/// The Path Item keys that are operations (the others are `parameters`, `summary`, ...).
pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A matched operation.
pub(crate) struct Op<'s> {
    /// For messages: `GET /accounts/{accountId}`.
    pub(crate) label: String,
    /// JSON pointer of the Operation Object, e.g. `/paths/~1accounts~1{accountId}/get`.
    pub(crate) pointer: String,
    pub(crate) value: &'s Value,
}

impl Spec {
    pub(crate) fn operation(&self, method: &str, path: &str) -> Result<Op<'_>, SpecError> {
        let Some(route) = route::find(&self.routes, &self.base_paths, path) else {
            return Err(SpecError::UnknownPath {
                spec: self.name.clone(),
                path: path.to_owned(),
                bases: self.base_paths.clone(),
                known: self.routes.iter().map(|r| r.template.clone()).collect(),
            });
        };
        let item = &self.document["paths"][&route.template];
        let key = method.to_ascii_lowercase();
        match item.get(&key).filter(|_| METHODS.contains(&key.as_str())) {
            Some(value) => Ok(Op {
                label: format!("{} {}", key.to_ascii_uppercase(), route.template),
                pointer: format!("/paths/{}/{key}", escape_pointer(&route.template)),
                value,
            }),
            None => Err(SpecError::UnknownMethod {
                spec: self.name.clone(),
                template: route.template.clone(),
                method: method.to_owned(),
                allowed: item
                    .as_object()
                    .into_iter()
                    .flat_map(|o| o.keys())
                    .filter(|k| METHODS.contains(&k.as_str()))
                    .map(|k| k.to_ascii_uppercase())
                    .collect(),
            }),
        }
    }

    /// The Response Object for `status`: exact code, then the `NXX` range, then `default`.
    /// Returns it with its JSON pointer (after following `$ref`s).
    pub(crate) fn response<'s>(&'s self, op: &Op<'s>, status: u16) -> Result<(String, &'s Value), SpecError> {
        let responses = op.value.get("responses").and_then(Value::as_object);
        let keys = [status.to_string(), format!("{}XX", status / 100), "default".to_owned()];
        let found = keys.iter().find_map(|k| responses.and_then(|r| r.get(k)).map(|v| (k, v)));
        let Some((key, response)) = found else {
            return Err(SpecError::UnknownStatus {
                spec: self.name.clone(),
                operation: op.label.clone(),
                status,
                declared: responses.into_iter().flat_map(|r| r.keys().cloned()).collect(),
            });
        };
        let (target, response) =
            resolve(&self.document, response).map_err(|r| self.no_schema(&op.label, r))?;
        Ok((target.unwrap_or_else(|| format!("{}/responses/{key}", op.pointer)), response))
    }

    /// (label for messages, JSON pointer of the JSON body schema) for a response.
    pub(crate) fn response_schema(
        &self,
        method: &str,
        path: &str,
        status: u16,
    ) -> Result<(String, String), SpecError> {
        let op = self.operation(method, path)?;
        let (pointer, response) = self.response(&op, status)?;
        let label = format!("{} {} → {status}", self.name, op.label);
        let schema = json_schema_pointer(&pointer, response)
            .map_err(|reason| self.no_schema(&op.label, format!("response {status}: {reason}")))?;
        Ok((label, schema))
    }

    pub(crate) fn no_schema(&self, operation: &str, reason: String) -> SpecError {
        SpecError::NoSchema { spec: self.name.clone(), operation: operation.to_owned(), reason }
    }
}

/// Follows a chain of `$ref`s (Response, Header, RequestBody and Parameter objects may be refs).
/// Returns the pointer of the final target when at least one ref was followed.
pub(crate) fn resolve<'d>(
    document: &'d Value,
    value: &'d Value,
) -> Result<(Option<String>, &'d Value), String> {
    let mut current = (None, value);
    // Bounded: a ref cycle between non-schema objects is a broken spec, not an infinite loop.
    for _ in 0..16 {
        let Some(reference) = current.1.get("$ref").and_then(Value::as_str) else {
            return Ok(current);
        };
        let pointer = reference.strip_prefix('#').unwrap_or(reference);
        let target =
            document.pointer(pointer).ok_or_else(|| format!("$ref {reference:?} does not resolve"))?;
        current = (Some(pointer.to_owned()), target);
    }
    Err(format!("$ref chain from {value} is too long (a cycle?)"))
}

/// The pointer of the schema of the JSON media type under `holder.content` (a Response or
/// RequestBody object at `pointer`). Accepts `application/json` with parameters (the OFB files
/// mostly say `application/json; charset=utf-8`) and `+json` suffixes.
pub(crate) fn json_schema_pointer(pointer: &str, holder: &Value) -> Result<String, String> {
    let content = holder.get("content").and_then(Value::as_object);
    let declared: Vec<&String> = content.into_iter().flat_map(|c| c.keys()).collect();
    let is_json = |media: &str| {
        let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    };
    let media = declared.iter().find(|m| is_json(m)).ok_or_else(|| {
        if declared.is_empty() {
            "declares no body".to_owned()
        } else {
            format!("declares no JSON body, only {declared:?}")
        }
    })?;
    if content.and_then(|c| c.get(media.as_str())).and_then(|m| m.get("schema")).is_none() {
        return Err(format!("{media} has no schema"));
    }
    Ok(format!("{pointer}/content/{}/schema", escape_pointer(media)))
}
