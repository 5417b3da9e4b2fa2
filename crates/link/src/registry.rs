//! The institution registry: which institutions each environment's apps may connect to, read
//! from an OFB participants document (the sandbox's directory, or the real one in production)
//! and refreshed periodically, with each institution's own word on its health (discovery
//! status) to flag outages.

use ponte_domain::Environment;
use ponte_ofb::FapiClient;
use ponte_ofb::directory::{CodeTable, Institution, parse};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tokio::task::JoinSet;
use url::Url;

/// Where one environment's institutions come from, and the client that talks to them.
#[derive(Clone)]
pub struct Connector {
    pub environment: Environment,
    /// A participants document: an `http(s)://` URL or a file path.
    pub directory: String,
    pub fapi: FapiClient,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstitutionEntry {
    pub institution: Institution,
    /// The institution's discovery status was not `OK` (or it did not answer).
    pub outage: bool,
}

#[derive(Default)]
struct Snapshot {
    by_environment: HashMap<Environment, Arc<Vec<InstitutionEntry>>>,
}

pub struct Registry {
    connectors: Vec<Connector>,
    codes: CodeTable,
    snapshot: RwLock<Snapshot>,
}

impl Registry {
    pub fn new(connectors: Vec<Connector>, codes: CodeTable) -> Registry {
        Registry { connectors, codes, snapshot: RwLock::new(Snapshot::default()) }
    }

    /// The OFB client for an environment's institutions.
    pub fn fapi(&self, environment: Environment) -> Option<&FapiClient> {
        self.connectors.iter().find(|c| c.environment == environment).map(|c| &c.fapi)
    }

    /// The institutions an app of `environment` may use, in directory order.
    pub fn institutions(&self, environment: Environment) -> Arc<Vec<InstitutionEntry>> {
        let snapshot = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
        snapshot.by_environment.get(&environment).cloned().unwrap_or_default()
    }

    pub fn institution(&self, environment: Environment, code: &str) -> Option<InstitutionEntry> {
        self.institutions(environment).iter().find(|e| e.institution.code == code).cloned()
    }

    /// Reloads every environment's directory and its institutions' statuses. An environment
    /// whose directory cannot be read keeps its previous list (and the error is returned for
    /// logging), so a directory outage never empties the institution list.
    pub async fn refresh(&self) -> Vec<(Environment, String)> {
        let mut failures = Vec::new();
        for connector in &self.connectors {
            match self.load(connector).await {
                Ok(entries) => {
                    let mut snapshot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
                    snapshot.by_environment.insert(connector.environment, Arc::new(entries));
                }
                Err(error) => failures.push((connector.environment, error)),
            }
        }
        failures
    }

    async fn load(&self, connector: &Connector) -> Result<Vec<InstitutionEntry>, String> {
        let institutions =
            if connector.directory.starts_with("http://") || connector.directory.starts_with("https://") {
                let url = Url::parse(&connector.directory).map_err(|e| format!("directory URL: {e}"))?;
                connector.fapi.participants(&url, &self.codes).await.map_err(|e| e.to_string())?
            } else {
                let bytes = tokio::fs::read(&connector.directory)
                    .await
                    .map_err(|e| format!("reading the directory {}: {e}", connector.directory))?;
                parse(&bytes, &self.codes).map_err(|e| e.to_string())?
            };
        let mut statuses = JoinSet::new();
        for (index, institution) in institutions.iter().enumerate() {
            let Some(base) = institution.endpoints.api_base() else { continue };
            let fapi = connector.fapi.clone();
            statuses.spawn(async move {
                let available = fapi.discovery_status(&base).await.map(|s| s.available).unwrap_or(false);
                (index, available)
            });
        }
        let mut outage = vec![true; institutions.len()];
        while let Some(joined) = statuses.join_next().await {
            if let Ok((index, available)) = joined {
                outage[index] = !available;
            }
        }
        Ok(institutions
            .into_iter()
            .zip(outage)
            .map(|(institution, outage)| InstitutionEntry { institution, outage })
            .collect())
    }

    /// Sets an environment's list directly (tests, and deployments without a directory).
    pub fn replace(&self, environment: Environment, entries: Vec<InstitutionEntry>) {
        let mut snapshot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        snapshot.by_environment.insert(environment, Arc::new(entries));
    }
}
