//! Test support: validates HTTP bodies against the official Open Finance Brasil OpenAPI 3.0 files
//! vendored in `specs/ofb/` (see `specs/ofb/SOURCES.md`), so tests never carry hand-copied schemas.
//!
//! ```no_run
//! use ponte_openapi_check::Spec;
//! # let body = serde_json::Value::Null;
//! let spec = Spec::ofb("accounts", "2.4.2").expect("vendored spec");
//! // `body`: what the sandbox answered to GET /open-banking/accounts/v2/accounts with 200.
//! spec.validate_response("GET", "/open-banking/accounts/v2/accounts", 200, &body)
//!     .unwrap_or_else(|violations| panic!("{violations}")); // one line per violation, with its JSON pointer
//! ```
//!
//! Load a spec once per test binary (e.g. in a `static LazyLock<Spec>`): compiled schemas are cached
//! in the `Spec`, so validating thousands of bodies compiles each response schema only once.

mod convert;
mod error;
mod lookup;
mod route;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jsonschema::{Draft, Validator};
use serde_json::{Map, Value, json};

pub use error::{SpecError, Violation, Violations};

use convert::Converter;
use route::Route;

/// A loaded OpenAPI 3.0 document with its schemas converted to JSON Schema and a validator cache.
pub struct Spec {
    /// For messages: the last two path components, e.g. `accounts/2.4.2.yml`.
    name: String,
    document: Value,
    base_paths: Vec<String>,
    routes: Vec<Route>,
    /// `components.schemas` converted, lenient (as declared) and strict (objects closed).
    lenient_components: Map<String, Value>,
    strict_components: Map<String, Value>,
    strict: Converter,
    /// (JSON pointer of a schema in `document`, strict?) → compiled validator.
    validators: Mutex<HashMap<(String, bool), Arc<Validator>>>,
}

impl std::fmt::Debug for Spec {
    // The document is large; name the spec instead of dumping it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec")
            .field("name", &self.name)
            .field("base_paths", &self.base_paths)
            .field("paths", &self.routes.len())
            .finish_non_exhaustive()
    }
}

/// An operation the spec declares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Operation {
    /// Upper case, e.g. `GET`.
    pub method: String,
    /// The path template with the first server's base path, e.g. `/open-banking/accounts/v2/accounts/{accountId}`.
    pub path: String,
    /// The key under `paths`, e.g. `/accounts/{accountId}`.
    pub template: String,
}

impl Spec {
    /// Loads an OpenAPI 3.0 YAML file (stripping a UTF-8 BOM).
    pub fn load(path: impl AsRef<Path>) -> Result<Spec, SpecError> {
        let path = path.as_ref();
        let io = |source| SpecError::Io { path: path.to_owned(), source };
        let text = std::fs::read_to_string(path).map_err(io)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let document: Value = serde_norway::from_str(text)
            .map_err(|e| SpecError::Invalid { path: path.to_owned(), reason: format!("YAML: {e}") })?;
        Spec::from_document(path, document)
    }

    /// Loads `specs/ofb/<api>/<version>.yml` from the repository root, found by walking up from the
    /// running crate's `CARGO_MANIFEST_DIR` (so tests of any workspace crate can call it), then from
    /// this crate's own location.
    pub fn ofb(api: &str, version: &str) -> Result<Spec, SpecError> {
        let plain = |s: &str| {
            !s.is_empty()
                && !s.contains("..")
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        };
        if !plain(api) || !plain(version) {
            return Err(SpecError::NotFound { what: format!("not an OFB api/version: {api:?} {version:?}") });
        }
        let starts = [
            std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
            Some(env!("CARGO_MANIFEST_DIR").into()),
        ];
        let root = starts
            .iter()
            .flatten()
            .flat_map(|start| start.ancestors())
            .find(|dir| dir.join("specs/ofb").is_dir());
        let Some(root) = root else {
            return Err(SpecError::NotFound {
                what: format!(
                    "no specs/ofb directory above {:?}",
                    starts.iter().flatten().collect::<Vec<_>>()
                ),
            });
        };
        let folder = root.join("specs/ofb").join(api);
        let file = folder.join(format!("{version}.yml"));
        if !file.is_file() {
            let mut available: Vec<String> = std::fs::read_dir(&folder)
                .map(|dir| dir.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            available.sort();
            return Err(SpecError::NotFound {
                what: format!("{} does not exist; {api} has: {available:?}", file.display()),
            });
        }
        Spec::load(file)
    }

    fn from_document(path: &Path, document: Value) -> Result<Spec, SpecError> {
        let invalid = |reason: String| SpecError::Invalid { path: path.to_owned(), reason };
        let version = document.get("openapi").and_then(Value::as_str).unwrap_or_default();
        if !version.starts_with("3.0.") {
            return Err(invalid(format!("`openapi: {version}` is not 3.0.x")));
        }
        check_refs(&document, &document, "").map_err(invalid)?;
        let routes = match document.get("paths").and_then(Value::as_object) {
            Some(paths) => paths.keys().map(|t| Route::new(t)).collect(),
            None => return Err(invalid("no `paths`".into())),
        };
        let base_paths: Vec<String> = document
            .get("servers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|server| server.get("url").and_then(Value::as_str))
            .map(route::base_path)
            .filter(|base| !base.is_empty())
            .fold(Vec::new(), |mut unique, base| {
                // Production and homologation servers usually share the path: keep the first of each.
                if !unique.contains(&base) {
                    unique.push(base);
                }
                unique
            });
        let empty = Map::new();
        let schemas = document.pointer("/components/schemas").and_then(Value::as_object).unwrap_or(&empty);
        let strict = Converter::strict(&document);
        let name: Vec<_> = path.iter().rev().take(2).map(|c| c.to_string_lossy()).collect();
        Ok(Spec {
            name: name.into_iter().rev().collect::<Vec<_>>().join("/"),
            lenient_components: Converter::lenient().convert_components(schemas),
            strict_components: strict.convert_components(schemas),
            strict,
            base_paths,
            routes,
            document,
            validators: Mutex::new(HashMap::new()),
        })
    }

    /// The parsed document (JSON data model), e.g. to look up examples or enums in tests.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// Every operation, sorted, with the first server's base path prefixed.
    pub fn operations(&self) -> Vec<Operation> {
        let base = self.base_paths.first().map_or("", String::as_str);
        let mut out: Vec<Operation> = self
            .routes
            .iter()
            .flat_map(|route| {
                let methods = self.document["paths"][&route.template].as_object().into_iter().flatten();
                methods.filter(|(m, _)| lookup::METHODS.contains(&m.as_str())).map(|(method, _)| Operation {
                    method: method.to_ascii_uppercase(),
                    path: format!("{base}{}", route.template),
                    template: route.template.clone(),
                })
            })
            .collect();
        out.sort();
        out
    }

    /// Validates a response: finds the operation by method and concrete request path (with the
    /// `servers` base path, or without it), the response for `status` (falling back to `NXX`, then
    /// `default`), its `application/json` schema, and validates `body` against it.
    /// Properties the spec does not declare are accepted, as the spec says; see
    /// [`Spec::validate_response_strict`].
    pub fn validate_response(
        &self,
        method: &str,
        path: &str,
        status: u16,
        body: &Value,
    ) -> Result<(), Violations> {
        let (label, pointer) = self.response_schema(method, path, status)?;
        self.check(&label, &pointer, false, body)
    }

    /// Like [`Spec::validate_response`], but objects that declare `properties` also reject
    /// undeclared ones: a sandbox inventing fields is a fidelity bug too. Objects that are composed
    /// (`allOf`/`anyOf`/`oneOf`) or are `allOf` members stay open, since closing them would reject
    /// the properties other members add (the vendored OFB files use no composition at all).
    pub fn validate_response_strict(
        &self,
        method: &str,
        path: &str,
        status: u16,
        body: &Value,
    ) -> Result<(), Violations> {
        let (label, pointer) = self.response_schema(method, path, status)?;
        self.check(&label, &pointer, true, body)
    }

    /// The response headers the spec declares `required: true` for that response (e.g.
    /// `x-fapi-interaction-id`, `x-v`), spelled as declared.
    pub fn required_response_headers(
        &self,
        method: &str,
        path: &str,
        status: u16,
    ) -> Result<Vec<String>, SpecError> {
        let op = self.operation(method, path)?;
        let (_, response) = self.response(&op, status)?;
        let headers = response.get("headers").and_then(Value::as_object).into_iter().flatten();
        let required = headers.filter_map(|(name, header)| {
            let header = lookup::resolve(&self.document, header).ok()?.1;
            (header.get("required") == Some(&Value::Bool(true))).then(|| name.clone())
        });
        Ok(required.collect())
    }

    /// Validates a request body (e.g. `POST /consents`) against the operation's `requestBody` schema.
    pub fn validate_request(&self, method: &str, path: &str, body: &Value) -> Result<(), Violations> {
        let op = self.operation(method, path)?;
        let label = format!("{} {} request", self.name, op.label);
        let Some(request) = op.value.get("requestBody") else {
            return Err(self.no_schema(&op.label, "declares no requestBody".into()).into());
        };
        let (pointer, request) =
            lookup::resolve(&self.document, request).map_err(|reason| self.no_schema(&op.label, reason))?;
        let pointer = pointer.unwrap_or_else(|| format!("{}/requestBody", op.pointer));
        let schema =
            lookup::json_schema_pointer(&pointer, request).map_err(|r| self.no_schema(&op.label, r))?;
        self.check(&label, &schema, false, body)
    }

    /// Validates `value` against the schema at `pointer` in the document (`#/components/schemas/X`
    /// or any JSON pointer to a Schema Object), e.g. to check one generated sub-document.
    pub fn validate_schema(&self, pointer: &str, value: &Value) -> Result<(), Violations> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        self.check(&format!("{} schema #{pointer}", self.name), pointer, false, value)
    }

    fn check(&self, label: &str, pointer: &str, strict: bool, body: &Value) -> Result<(), Violations> {
        let validator = self.validator(pointer, strict)?;
        let items: Vec<Violation> = validator
            .iter_errors(body)
            .map(|error| Violation {
                pointer: error.instance_path().as_str().to_owned(),
                message: shorten(&error.to_string()),
                schema_path: error.schema_path().as_str().trim_start_matches("/allOf/0").to_owned(),
            })
            .collect();
        let operation = if strict { format!("{label} (strict)") } else { label.to_owned() };
        if items.is_empty() { Ok(()) } else { Err(Violations::Body { operation, items }) }
    }

    fn validator(&self, pointer: &str, strict: bool) -> Result<Arc<Validator>, SpecError> {
        let key = (pointer.to_owned(), strict);
        // A panic elsewhere while holding the lock leaves the map consistent (insert is atomic).
        let mut cache = self.validators.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(validator) = cache.get(&key) {
            return Ok(validator.clone());
        }
        let schema_error =
            |message: String| SpecError::Schema { spec: self.name.clone(), pointer: pointer.into(), message };
        let schema = self.document.pointer(pointer).ok_or_else(|| schema_error("no such location".into()))?;
        let (converter, components) = if strict {
            (&self.strict, &self.strict_components)
        } else {
            (&Converter::lenient(), &self.lenient_components)
        };
        // The target sits under `allOf` so that `#/components/schemas/...` refs resolve against the
        // converted components next to it.
        let root =
            json!({ "components": { "schemas": components }, "allOf": [converter.convert(schema, true)] });
        let validator = jsonschema::options()
            .with_draft(Draft::Draft4)
            .should_validate_formats(true)
            // Not a draft-4 format, but OpenAPI specs use it (OFB: x-fapi-interaction-id).
            .with_format("uuid", is_uuid)
            .build(&root)
            .map_err(|e| schema_error(e.to_string()))?;
        let validator = Arc::new(validator);
        cache.insert(key, validator.clone());
        Ok(validator)
    }
}

/// Every `$ref` must stay inside the document and resolve: the OFB files are self-contained, and
/// remote resolution is compiled out of `jsonschema` on purpose.
fn check_refs(document: &Value, value: &Value, at: &str) -> Result<(), String> {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                let target = reference.strip_prefix('#').filter(|p| p.is_empty() || p.starts_with('/'));
                match target {
                    None => return Err(format!("{at}: $ref {reference:?} leaves the document")),
                    Some(pointer) if document.pointer(pointer).is_none() => {
                        return Err(format!("{at}: $ref {reference:?} does not resolve"));
                    }
                    Some(_) => {}
                }
            }
            object.iter().try_for_each(|(k, v)| {
                check_refs(document, v, &format!("{at}/{}", convert::escape_pointer(k)))
            })
        }
        Value::Array(items) => {
            items.iter().enumerate().try_for_each(|(i, v)| check_refs(document, v, &format!("{at}/{i}")))
        }
        _ => Ok(()),
    }
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Error messages quote the offending value, which can be a whole object: keep them readable.
fn shorten(message: &str) -> String {
    const MAX: usize = 300;
    match message.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn spec_can_be_shared_between_test_threads() {
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<super::Spec>();
    }

    #[test]
    fn uuid_format() {
        assert!(super::is_uuid("d78fc4e5-37ca-4da3-adf2-9b082bf92280"));
        assert!(!super::is_uuid("d78fc4e5-37ca-4da3-adf2-9b082bf9228"));
        assert!(!super::is_uuid("g78fc4e5-37ca-4da3-adf2-9b082bf92280"));
    }
}
