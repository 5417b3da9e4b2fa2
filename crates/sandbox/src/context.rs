//! What a sandbox bank's handlers share: who the bank is, where it lives, its keys, its
//! clients, its storage and its fault profile.

use crate::auth::clients::ClientRegistry;
use crate::auth::tokens::BankKeys;
use crate::bank::Bank;
use crate::faults::Faults;
use crate::personas::{self, CustomerData};
use ponte_domain::TaxId;
use ponte_store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::{Date, OffsetDateTime};

pub struct BankContext {
    pub bank: &'static Bank,
    pub store: Store,
    /// `https://<sandbox>/banks/<code>`: the issuer, and the root of the bank's URLs.
    pub issuer: String,
    pub keys: BankKeys,
    pub clients: Arc<dyn ClientRegistry>,
    pub faults: Faults,
    data: DataCache,
    verified: VerifiedTokens,
}

impl BankContext {
    pub fn new(
        bank: &'static Bank,
        store: Store,
        issuer: String,
        keys: BankKeys,
        clients: Arc<dyn ClientRegistry>,
        faults: Faults,
    ) -> Arc<BankContext> {
        Arc::new(BankContext {
            bank,
            store,
            issuer,
            keys,
            clients,
            faults,
            data: DataCache::default(),
            verified: VerifiedTokens::default(),
        })
    }

    pub fn now(&self) -> OffsetDateTime {
        self.store.clock().now()
    }

    /// The bank's URL for an OFB API path, e.g. `/open-banking/consents/v3/consents`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    /// An access token's claims: verified (PS256, issuer, audience, expiry, use) the first time
    /// it is seen, then from memory while it has not expired.
    pub fn verify_access_token(
        &self,
        token: &str,
    ) -> Result<crate::auth::tokens::TokenClaims, crate::auth::tokens::TokenError> {
        use crate::auth::tokens::{self, TokenError, TokenUse};
        let now = OffsetDateTime::now_utc().unix_timestamp();
        if let Some(claims) = self.verified.0.lock().ok().and_then(|map| map.get(token).cloned()) {
            if claims.exp >= now {
                return Ok(claims);
            }
            return Err(TokenError::Invalid("ExpiredSignature".into()));
        }
        let claims = tokens::verify(&self.keys, &self.issuer, token, TokenUse::Access)?;
        if let Ok(mut map) = self.verified.0.lock() {
            if map.len() >= VERIFIED_TOKENS {
                map.clear();
            }
            map.insert(token.to_owned(), claims.clone());
        }
        Ok(claims)
    }

    /// A customer's data at this bank today (generated once per day and kept: generation of a
    /// high-volume persona takes milliseconds, a page must take microseconds).
    pub fn customer_data(&self, tax_id: &TaxId) -> Arc<CustomerData> {
        let today = self.now().date();
        self.data.get_or_generate(tax_id, self.bank.code, today)
    }
}

/// Generated data by (tax id, day), bounded: when full it starts over, which costs one
/// regeneration per customer and never grows memory.
#[derive(Default)]
struct DataCache(Mutex<HashMap<(String, Date), Arc<CustomerData>>>);

const CACHED_CUSTOMERS: usize = 256;

impl DataCache {
    fn get_or_generate(&self, tax_id: &TaxId, bank: crate::bank::BankCode, today: Date) -> Arc<CustomerData> {
        let key = (tax_id.as_str().to_owned(), today);
        if let Some(data) = self.0.lock().ok().and_then(|map| map.get(&key).cloned()) {
            return data;
        }
        let data = Arc::new(personas::generate(tax_id, bank, today));
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= CACHED_CUSTOMERS {
                map.clear();
            }
            map.insert(key, data.clone());
        }
        data
    }
}

/// Access tokens already verified, by token; bounded like the data cache.
#[derive(Default)]
struct VerifiedTokens(Mutex<HashMap<String, crate::auth::tokens::TokenClaims>>);

const VERIFIED_TOKENS: usize = 4096;
