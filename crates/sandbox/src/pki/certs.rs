//! The certificates: the local CA and the leaves it issues (the listener's server certificate and
//! Ponte's transport certificate). ECDSA P-256 throughout: TLS needs nothing else, and RSA only
//! serves the PS256 JWS keys.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, SanType, SerialNumber,
};
use rustls::RootCertStore;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::server::WebPkiClientVerifier;
use rustls::server::danger::ClientCertVerifier;
use time::{Duration, OffsetDateTime};

use super::files::{self, PRIVATE, PUBLIC};
use super::{CA_COMMON_NAME, CLIENT_COMMON_NAME, ORGANISATION_ID, PkiError, SOFTWARE_ID};

const CA_VALIDITY: Duration = Duration::days(3650);
/// Within what browsers accept for a server certificate, even from a local root.
const LEAF_VALIDITY: Duration = Duration::days(397);
/// A certificate that expires sooner than this is reissued at start-up.
const RENEW_BEFORE: Duration = Duration::days(30);
/// Tolerates a client clock slightly behind ours.
const BACKDATE: Duration = Duration::hours(1);

const OID_UID: &[u64] = &[0, 9, 2342, 19200300, 100, 1, 1];
const OID_ORGANIZATION_IDENTIFIER: &[u64] = &[2, 5, 4, 97];
const OID_BUSINESS_CATEGORY: &[u64] = &[2, 5, 4, 15];
const OID_JURISDICTION_COUNTRY: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 60, 2, 1, 3];

/// A certificate with its private key, as loaded or issued.
pub(crate) struct Issued {
    pub(crate) der: CertificateDer<'static>,
    pub(crate) pem: String,
    pub(crate) key: KeyPair,
}

/// What a leaf is for.
pub(crate) enum Leaf<'a> {
    /// The listener, named by these hosts (already validated by [`server_names`]).
    Server(&'a [String]),
    /// Ponte's transport certificate.
    Client,
}

pub(crate) struct Ca {
    cert: Issued,
    cert_path: PathBuf,
    /// Rebuilt from constants on every start rather than parsed from `ca.pem`: issuing only needs
    /// the subject and the key, and rcgen encodes the same subject the same way. Never change it,
    /// or certificates would name an issuer that is not the CA in `ca.pem`.
    params: CertificateParams,
    server_verifier: Arc<WebPkiServerVerifier>,
    client_verifier: Arc<dyn ClientCertVerifier>,
}

impl Ca {
    pub(crate) fn load_or_create(dir: &Path, fix: &str) -> Result<Ca, PkiError> {
        let cert_path = dir.join("ca.pem");
        let key_path = dir.join("ca-key.pem");
        let existing_key = files::read_optional(&key_path)?;
        let fresh = existing_key.is_none();
        let key = match existing_key {
            Some(bytes) => parse_key(&key_path, &bytes, fix)?,
            None => create_key(&key_path)?,
        };
        let params = ca_params(OffsetDateTime::now_utc());
        // A new key makes any old ca.pem meaningless; it is replaced.
        let existing_cert = if fresh { None } else { files::read_optional(&cert_path)? };
        let cert = match existing_cert {
            Some(bytes) => {
                let (der, pem) = parse_cert(&cert_path, &bytes, fix)?;
                if !key_matches(&der, &key) {
                    return Err(PkiError::corrupt(
                        &cert_path,
                        "CA certificate",
                        "it does not belong to ca-key.pem",
                        fix,
                    ));
                }
                Issued { der, pem, key }
            }
            None => {
                let cert = params.self_signed(&key).map_err(|e| PkiError::generate("the local CA", e))?;
                files::write_atomic(&cert_path, cert.pem().as_bytes(), PUBLIC)?;
                tracing::info!(path = %cert_path.display(), "generated the sandbox's local CA");
                Issued { der: cert.der().clone(), pem: cert.pem(), key }
            }
        };
        let mut roots = RootCertStore::empty();
        roots.add(cert.der.clone()).map_err(|e| PkiError::corrupt(&cert_path, "CA certificate", e, fix))?;
        let roots = Arc::new(roots);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let server_verifier = WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone())
            .build()
            .map_err(|e| PkiError::corrupt(&cert_path, "CA certificate", e, fix))?;
        let client_verifier = WebPkiClientVerifier::builder_with_provider(roots, provider)
            .build()
            .map_err(|e| PkiError::corrupt(&cert_path, "CA certificate", e, fix))?;
        Ok(Ca { cert, cert_path, params, server_verifier, client_verifier })
    }

    pub(crate) fn der(&self) -> &CertificateDer<'static> {
        &self.cert.der
    }

    pub(crate) fn pem(&self) -> &str {
        &self.cert.pem
    }

    /// Loads the leaf at `cert_path` (its key at `key_path`) and keeps it while it still fits:
    /// same key, issued by this CA, valid for every name and for [`RENEW_BEFORE`] more; otherwise
    /// issues a new one, keeping the key.
    pub(crate) fn load_or_issue(
        &self,
        cert_path: &Path,
        key_path: &Path,
        leaf: Leaf<'_>,
        fix: &str,
    ) -> Result<Issued, PkiError> {
        let key = match files::read_optional(key_path)? {
            Some(bytes) => parse_key(key_path, &bytes, fix)?,
            None => create_key(key_path)?,
        };
        if let Some(bytes) = files::read_optional(cert_path)? {
            let (der, pem) = parse_cert(cert_path, &bytes, fix)?;
            match self.check(&der, &key, &leaf) {
                Ok(()) => return Ok(Issued { der, pem, key }),
                Err(reason) => {
                    tracing::info!(path = %cert_path.display(), %reason, "reissuing a certificate")
                }
            }
        }
        let issuer = Issuer::from_params(&self.params, &self.cert.key);
        let cert = leaf
            .params(OffsetDateTime::now_utc())
            .and_then(|params| params.signed_by(&key, &issuer))
            .map_err(|e| PkiError::generate("a certificate", e))?;
        let der = cert.der().clone();
        // Should the CA itself be expiring, every start would reissue in vain: say so instead.
        self.check(&der, &key, &leaf).map_err(|reason| {
            let reason = format!("a certificate it has just issued does not verify: {reason}");
            PkiError::corrupt(&self.cert_path, "CA certificate", reason, fix)
        })?;
        files::write_atomic(cert_path, cert.pem().as_bytes(), PUBLIC)?;
        Ok(Issued { der, pem: cert.pem(), key })
    }

    fn check(&self, der: &CertificateDer<'static>, key: &KeyPair, leaf: &Leaf<'_>) -> Result<(), String> {
        if !key_matches(der, key) {
            return Err("it does not belong to its private key".to_owned());
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|e| e.to_string())?;
        let renew = std::time::Duration::try_from(RENEW_BEFORE).map_err(|e| e.to_string())?;
        for at in [now, now + renew] {
            let at = UnixTime::since_unix_epoch(at);
            match leaf {
                Leaf::Server(names) => {
                    for name in names.iter() {
                        let name = ServerName::try_from(name.as_str()).map_err(|e| e.to_string())?;
                        self.server_verifier
                            .verify_server_cert(der, &[], &name, &[], at)
                            .map_err(|e| format!("{e} (for {})", name.to_str()))?;
                    }
                }
                Leaf::Client => {
                    self.client_verifier.verify_client_cert(der, &[], at).map_err(|e| e.to_string())?;
                }
            }
        }
        Ok(())
    }
}

impl Leaf<'_> {
    fn params(&self, now: OffsetDateTime) -> Result<CertificateParams, rcgen::Error> {
        let mut params = CertificateParams::default();
        params.not_before = now - BACKDATE;
        params.not_after = now + LEAF_VALIDITY;
        params.serial_number = Some(random_serial());
        params.use_authority_key_identifier_extension = true;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        match self {
            Leaf::Server(names) => {
                params.distinguished_name = DistinguishedName::new();
                params.distinguished_name.push(DnType::CommonName, "Ponte Sandbox institutions");
                params.subject_alt_names = names.iter().map(|n| san(n)).collect::<Result<_, _>>()?;
                params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
            }
            Leaf::Client => {
                params.distinguished_name = client_subject()?;
                params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
            }
        }
        Ok(params)
    }
}

/// The subject of a transport certificate as the OFB certificate standard lays it out.
fn client_subject() -> Result<DistinguishedName, rcgen::Error> {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, DnValue::PrintableString("BR".try_into()?));
    dn.push(DnType::OrganizationName, "Ponte Sandbox");
    dn.push(DnType::CustomDnType(OID_BUSINESS_CATEGORY.to_vec()), "Private Organization");
    dn.push(
        DnType::CustomDnType(OID_JURISDICTION_COUNTRY.to_vec()),
        DnValue::PrintableString("BR".try_into()?),
    );
    dn.push(DnType::CustomDnType(OID_UID.to_vec()), SOFTWARE_ID);
    dn.push(DnType::CustomDnType(OID_ORGANIZATION_IDENTIFIER.to_vec()), format!("OFBBR-{ORGANISATION_ID}"));
    dn.push(DnType::CommonName, CLIENT_COMMON_NAME);
    Ok(dn)
}

fn ca_params(now: OffsetDateTime) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, CA_COMMON_NAME);
    params.distinguished_name.push(DnType::OrganizationName, "Ponte Sandbox");
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = now - BACKDATE;
    params.not_after = now + CA_VALIDITY;
    params.serial_number = Some(random_serial());
    params
}

fn random_serial() -> SerialNumber {
    // Random, not rcgen's default (a hash of the public key): a reissued certificate keeps its key,
    // and two certificates with the same issuer and serial are rejected by browsers.
    let mut bytes: [u8; 16] = rand::random();
    bytes[0] &= 0x7f;
    SerialNumber::from_slice(&bytes)
}

fn san(name: &str) -> Result<SanType, rcgen::Error> {
    Ok(match name.parse::<IpAddr>() {
        Ok(ip) => SanType::IpAddress(ip),
        Err(_) => SanType::DnsName(name.try_into()?),
    })
}

/// The names the server certificate must carry: the loopback names and `hosts`, normalised
/// (brackets around IPv6 addresses dropped, DNS names lowercased), without repeats.
pub(crate) fn server_names(hosts: &[String]) -> Result<Vec<String>, PkiError> {
    let mut names: Vec<String> = Vec::new();
    for host in ["localhost", "127.0.0.1", "::1"].into_iter().chain(hosts.iter().map(String::as_str)) {
        let host = host.trim();
        let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        let name = match bare.parse::<IpAddr>() {
            Ok(ip) => ip.to_string(),
            Err(_) => match ServerName::try_from(bare.to_ascii_lowercase()) {
                Ok(ServerName::DnsName(dns)) => dns.as_ref().to_owned(),
                _ => return Err(PkiError::InvalidHost(host.to_owned())),
            },
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(names)
}

fn parse_key(path: &Path, bytes: &[u8], fix: &str) -> Result<KeyPair, PkiError> {
    let corrupt = |reason: String| PkiError::corrupt(path, "private key (PKCS#8 PEM)", reason, fix);
    let pem = std::str::from_utf8(bytes).map_err(|e| corrupt(e.to_string()))?;
    KeyPair::from_pem(pem).map_err(|e| corrupt(e.to_string()))
}

fn create_key(path: &Path) -> Result<KeyPair, PkiError> {
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(|e| PkiError::generate("a key", e))?;
    files::write_atomic(path, key.serialize_pem().as_bytes(), PRIVATE)?;
    Ok(key)
}

fn parse_cert(path: &Path, bytes: &[u8], fix: &str) -> Result<(CertificateDer<'static>, String), PkiError> {
    let corrupt = |reason: String| PkiError::corrupt(path, "certificate (PEM)", reason, fix);
    let der = CertificateDer::from_pem_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    let pem = String::from_utf8(bytes.to_vec()).map_err(|e| corrupt(e.to_string()))?;
    Ok((der, pem))
}

pub(crate) fn private_key_der(key: &KeyPair) -> PrivateKeyDer<'static> {
    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()))
}

/// Whether `der` certifies `key`'s public key (compared as SubjectPublicKeyInfo, by rustls).
fn key_matches(der: &CertificateDer<'static>, key: &KeyPair) -> bool {
    let provider = rustls::crypto::ring::default_provider();
    rustls::sign::CertifiedKey::from_der(vec![der.clone()], private_key_der(key), &provider)
        .is_ok_and(|certified| certified.keys_match().is_ok())
}
