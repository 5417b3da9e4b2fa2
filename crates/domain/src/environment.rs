//! Whether an app talks to sandbox institutions or real ones.
//!
//! The environment is fixed when an app is created and travels in every access token (`env`),
//! so a sandbox credential can never reach a real bank and vice versa.

use std::fmt;
use std::str::FromStr;

use crate::serde_str::string_serde;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Environment {
    /// Test institutions with synthetic personas; no real data.
    Sandbox,
    /// Real Open Finance Brasil institutions.
    Production,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("environment must be \"sandbox\" or \"production\"")]
pub struct EnvironmentError;

impl Environment {
    pub const ALL: [Environment; 2] = [Environment::Sandbox, Environment::Production];

    pub const fn as_str(self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Production => "production",
        }
    }

    pub const fn is_sandbox(self) -> bool {
        matches!(self, Environment::Sandbox)
    }
}

impl FromStr for Environment {
    type Err = EnvironmentError;

    /// Exact lowercase names only: these appear in tokens and config, where a second spelling
    /// would only cause confusion.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sandbox" => Ok(Environment::Sandbox),
            "production" => Ok(Environment::Production),
            _ => Err(EnvironmentError),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(Environment, "\"sandbox\" or \"production\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for env in Environment::ALL {
            assert_eq!(env.as_str().parse::<Environment>(), Ok(env));
            let json = serde_json::to_string(&env).unwrap();
            assert_eq!(json, format!("\"{env}\""));
            assert_eq!(serde_json::from_str::<Environment>(&json).unwrap(), env);
        }
        assert!(Environment::Sandbox.is_sandbox());
    }

    #[test]
    fn rejects_other_spellings() {
        for bad in ["", "Sandbox", "PRODUCTION", "prod", "test", " sandbox"] {
            assert_eq!(bad.parse::<Environment>(), Err(EnvironmentError), "{bad}");
        }
        let err = serde_json::from_str::<Environment>("\"prod\"").unwrap_err();
        assert!(err.to_string().contains("\"sandbox\" or \"production\""), "{err}");
    }
}
