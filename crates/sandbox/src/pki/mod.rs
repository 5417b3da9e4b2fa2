//! The sandbox's local PKI: a CA generated on the first run, the HTTPS listener's server certificate,
//! and Ponte's OFB client material (transport certificate, PS256 signing key, JWKS, client id), all
//! kept in one directory so that restarts find the same CA and keys.
//!
//! ```text
//! <dir>/ca.pem               the CA certificate (0644: clients trust it)
//! <dir>/ca-key.pem           0600
//! <dir>/server.pem           the listener's certificate, reissued when the hosts change
//! <dir>/server-key.pem       0600
//! <dir>/client/cert.pem      Ponte's transport certificate (mTLS)
//! <dir>/client/key.pem       0600
//! <dir>/client/signing-key.pem  RSA, PKCS#8, 0600: private_key_jwt and request objects (PS256)
//! <dir>/client/jwks.json     the signing key's public JWKS
//! <dir>/client/client_id     the client id the sandbox banks know Ponte by
//! <dir>/client/README.md     how an outside OFB client uses these files
//! ```

mod certs;
mod files;
mod rsa_key;

use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};

pub use rsa_key::{RsaSigningKey, load_or_create_rsa_key, rsa_jwk_thumbprint};

use certs::{Ca, Leaf};
use files::{PRIVATE_DIR, PUBLIC, TRAVERSABLE_DIR};

/// The subject CN of the local CA.
pub const CA_COMMON_NAME: &str = "Ponte Sandbox Local CA";
/// The CN of Ponte's transport certificate.
pub const CLIENT_COMMON_NAME: &str = "Ponte Sandbox Client";
/// The client id written to `client/client_id` on the first run.
pub const DEFAULT_CLIENT_ID: &str = "ponte-sandbox-client";
/// Ponte's organisation id in the sandbox directory (`organizationIdentifier` = `OFBBR-<this>`).
pub const ORGANISATION_ID: &str = "5e2b1c57-0f3a-4d6e-9b8c-70a1d2e3f405";
/// Ponte's software statement id in the sandbox directory (the certificate's `UID`).
pub const SOFTWARE_ID: &str = "9c4d7e21-3b5a-4f60-8e1d-2a6b9c0f7d13";

const CLIENT_README: &str = include_str!("client-readme.md");

#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("cannot read or write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a valid {what}: {reason}; to fix it, {fix}", path.display())]
    Corrupt { path: PathBuf, what: &'static str, reason: String, fix: String },
    #[error("sandbox host `{0}` is neither a DNS name nor an IP address")]
    InvalidHost(String),
    #[error("cannot generate {what}: {reason}")]
    Generate { what: &'static str, reason: String },
}

impl PkiError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        PkiError::Io { path: path.to_owned(), source }
    }

    pub(crate) fn corrupt(path: &Path, what: &'static str, reason: impl fmt::Display, fix: &str) -> Self {
        PkiError::Corrupt { path: path.to_owned(), what, reason: reason.to_string(), fix: fix.to_owned() }
    }

    pub(crate) fn generate(what: &'static str, reason: impl fmt::Display) -> Self {
        PkiError::Generate { what, reason: reason.to_string() }
    }
}

/// The loaded PKI. Holds private keys: share it behind an `Arc`, never log it (its `Debug` shows
/// no key material).
pub struct SandboxPki {
    dir: PathBuf,
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    server_cert: CertificateDer<'static>,
    server_key: PrivateKeyDer<'static>,
    client_cert_pem: String,
    client_cert: CertificateDer<'static>,
    client_key_pem: String,
    client_x5t: String,
    signing_key: RsaSigningKey,
    client_id: String,
}

impl SandboxPki {
    /// Loads the PKI kept in `dir`, creating what is missing: the CA and keys on the first run, the
    /// server certificate again whenever it does not name every one of `hosts` (DNS names or IP
    /// addresses; `localhost`, `127.0.0.1` and `::1` are always named) or is about to expire. The
    /// CA and all keys stay as they are once created.
    pub fn load_or_create(dir: &Path, hosts: &[String]) -> Result<SandboxPki, PkiError> {
        let names = certs::server_names(hosts)?;
        let fix = format!(
            "delete the sandbox directory {} and restart to start over with a new local CA \
             (clients that trusted the old ca.pem must then trust the new one)",
            dir.display()
        );
        files::ensure_dir(dir, TRAVERSABLE_DIR)?;
        let ca = Ca::load_or_create(dir, &fix)?;
        let server = ca.load_or_issue(
            &dir.join("server.pem"),
            &dir.join("server-key.pem"),
            Leaf::Server(&names),
            &fix,
        )?;

        let client_dir = dir.join("client");
        files::ensure_dir(&client_dir, PRIVATE_DIR)?;
        let client =
            ca.load_or_issue(&client_dir.join("cert.pem"), &client_dir.join("key.pem"), Leaf::Client, &fix)?;
        let signing_key = rsa_key::load_or_create(&client_dir.join("signing-key.pem"), &fix)?;
        let jwks = serde_json::to_string_pretty(&signing_key.jwks())
            .map_err(|e| PkiError::generate("the client JWKS", e))?;
        files::write_if_changed(&client_dir.join("jwks.json"), format!("{jwks}\n").as_bytes(), PUBLIC)?;
        let client_id = load_or_create_client_id(&client_dir.join("client_id"), &fix)?;
        let readme = CLIENT_README
            .replace("{client_id}", &client_id)
            .replace("{software_id}", SOFTWARE_ID)
            .replace("{organisation_id}", ORGANISATION_ID);
        files::write_if_changed(&client_dir.join("README.md"), readme.as_bytes(), PUBLIC)?;

        Ok(SandboxPki {
            dir: dir.to_owned(),
            ca_pem: ca.pem().to_owned(),
            ca_der: ca.der().clone(),
            server_cert: server.der,
            server_key: certs::private_key_der(&server.key),
            client_x5t: x5t_s256(&client.der),
            client_cert_pem: client.pem,
            client_cert: client.der,
            client_key_pem: client.key.serialize_pem(),
            signing_key,
            client_id,
        })
    }

    /// The directory the files live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The CA certificate (PEM): the one root a client of the sandbox banks needs.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    pub fn ca_der(&self) -> &CertificateDer<'static> {
        &self.ca_der
    }

    /// The listener's certificate (its chain is just this leaf: clients trust the CA directly).
    pub fn server_cert_der(&self) -> &CertificateDer<'static> {
        &self.server_cert
    }

    pub(crate) fn server_key_der(&self) -> PrivateKeyDer<'static> {
        self.server_key.clone_key()
    }

    /// Ponte's transport certificate (PEM).
    pub fn client_cert_pem(&self) -> &str {
        &self.client_cert_pem
    }

    pub fn client_cert_der(&self) -> &CertificateDer<'static> {
        &self.client_cert
    }

    /// `x5t#S256` of Ponte's transport certificate: what `cnf` of its access tokens holds.
    pub fn client_cert_thumbprint(&self) -> &str {
        &self.client_x5t
    }

    /// The transport certificate and its private key in one PEM, for `reqwest::Identity::from_pem`.
    pub fn transport_identity_pem(&self) -> String {
        format!("{}{}", self.client_cert_pem, self.client_key_pem)
    }

    /// Ponte's PS256 key for private_key_jwt and signed request objects.
    pub fn client_signing_key(&self) -> &RsaSigningKey {
        &self.signing_key
    }

    /// The client id the sandbox banks know Ponte by.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl fmt::Debug for SandboxPki {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxPki")
            .field("dir", &self.dir)
            .field("client_id", &self.client_id)
            .field("client_cert_thumbprint", &self.client_x5t)
            .finish_non_exhaustive()
    }
}

/// `x5t#S256` of a certificate (RFC 8705 §3.1): base64url, unpadded, of SHA-256 over its DER.
pub fn x5t_s256(cert_der: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(cert_der))
}

fn load_or_create_client_id(path: &Path, fix: &str) -> Result<String, PkiError> {
    if let Some(bytes) = files::read_optional(path)? {
        let text = String::from_utf8(bytes).map_err(|e| PkiError::corrupt(path, "client id", e, fix))?;
        let id = text.trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_graphic()) {
            return Err(PkiError::corrupt(path, "client id", "expected one word of printable ASCII", fix));
        }
        return Ok(id.to_owned());
    }
    files::write_atomic(path, format!("{DEFAULT_CLIENT_ID}\n").as_bytes(), PUBLIC)?;
    Ok(DEFAULT_CLIENT_ID.to_owned())
}
