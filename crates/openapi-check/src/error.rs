//! Errors: [`SpecError`] when a spec cannot be loaded or a request cannot be matched to it,
//! [`Violations`] when a body does not conform.

use std::fmt;
use std::path::PathBuf;

/// A spec could not be loaded, or a method/path/status has no schema in it.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a usable OpenAPI 3.0 document: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("{what}")]
    NotFound { what: String },
    #[error("{spec}: no path template matches {path:?} (base paths {bases:?}); known paths: {}", known.join(", "))]
    UnknownPath { spec: String, path: String, bases: Vec<String>, known: Vec<String> },
    #[error("{spec}: {template} has no {method} operation; it declares: {}", allowed.join(", "))]
    UnknownMethod { spec: String, template: String, method: String, allowed: Vec<String> },
    #[error("{spec}: {operation} declares no response for status {status} and no `default`; declared: {}", declared.join(", "))]
    UnknownStatus { spec: String, operation: String, status: u16, declared: Vec<String> },
    #[error("{spec}: {operation}: {reason}")]
    NoSchema { spec: String, operation: String, reason: String },
    #[error("{spec}: the schema at {pointer} does not compile: {message}")]
    Schema { spec: String, pointer: String, message: String },
}

/// One way a body breaks the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the body (`""` is the body itself), e.g. `/data/0/amount`.
    pub pointer: String,
    /// Human-readable reason, e.g. `"12.3" does not match "^\d{1,15}\.\d{2,4}$"`.
    pub message: String,
    /// The failing keyword's location in the (converted) schema, e.g. `/properties/data/items/...`.
    pub schema_path: String,
}

/// Why a body was rejected: it does not conform (`Body`), or there was nothing to check it against
/// (`Lookup`: unknown path, method or status, no JSON schema declared, broken spec).
#[derive(Debug)]
pub enum Violations {
    Lookup(SpecError),
    Body {
        /// What was checked, e.g. `accounts/2.4.2.yml GET /accounts/{accountId} → 200`.
        operation: String,
        items: Vec<Violation>,
    },
}

impl Violations {
    /// The body violations (empty for a lookup failure).
    pub fn items(&self) -> &[Violation] {
        match self {
            Violations::Lookup(_) => &[],
            Violations::Body { items, .. } => items,
        }
    }

    /// Whether some violation is at exactly this JSON pointer.
    pub fn has_pointer(&self, pointer: &str) -> bool {
        self.items().iter().any(|v| v.pointer == pointer)
    }
}

impl From<SpecError> for Violations {
    fn from(error: SpecError) -> Self {
        Violations::Lookup(error)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violations::Lookup(error) => write!(f, "cannot validate: {error}"),
            Violations::Body { operation, items } => {
                write!(f, "{operation}: {} violation(s)", items.len())?;
                for item in items {
                    let pointer = if item.pointer.is_empty() { "(body)" } else { &item.pointer };
                    write!(f, "\n  {pointer}: {}", item.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Violations {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Violations::Lookup(error) => Some(error),
            Violations::Body { .. } => None,
        }
    }
}
