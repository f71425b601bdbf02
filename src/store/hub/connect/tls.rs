//! rustls for the hub connection: what `sslmode` asks of the server's certificate.

use super::*;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error, SignatureScheme};

/// The connector for `t`'s sslmode.
pub fn connector(t: &Target) -> Result<tokio_postgres_rustls::MakeRustlsConnect, HubError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let fail = |why: String| HubError::Tls { at: t.at(), why };
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| fail(e.to_string()))?;
    let config = match t.sslmode {
        SslMode::Disable | SslMode::Prefer | SslMode::Require => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unchecked(provider)))
            .with_no_client_auth(),
        SslMode::VerifyCa | SslMode::VerifyFull => {
            let roots = Arc::new(roots(t)?);
            let webpki =
                rustls::client::WebPkiServerVerifier::builder_with_provider(roots, provider)
                    .build()
                    .map_err(|e| fail(e.to_string()))?;
            if t.sslmode == SslMode::VerifyCa {
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(AnyName(webpki)))
                    .with_no_client_auth()
            } else {
                builder.with_webpki_verifier(webpki).with_no_client_auth()
            }
        }
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The file of root certificates to check the server's against: `sslrootcert` (unless it
/// says `system`), else ~/.postgresql/root.crt if there is one (as libpq); None for the
/// system's.
fn root_file(t: &Target) -> Option<PathBuf> {
    match t.sslrootcert.as_deref() {
        Some("system") => None,
        Some(f) => Some(PathBuf::from(f)),
        None => home()
            .map(|h| h.join(".postgresql/root.crt"))
            .filter(|p| p.is_file()),
    }
}

/// Why the server's certificate (or the secure connection) was refused, in plain words.
pub fn words(t: &Target, e: &Error) -> String {
    let roots = match root_file(t) {
        Some(f) => crate::domain::clean_line(&f.display().to_string()),
        None => "the system's root certificates".into(),
    };
    let host = crate::domain::clean_line(&t.host);
    let Error::InvalidCertificate(c) = e else {
        return match e {
            Error::AlertReceived(_) => "the server ended the secure connection".into(),
            other => crate::domain::clean_line(&other.to_string()),
        };
    };
    match c {
        CertificateError::UnknownIssuer => {
            format!("the server's certificate is not signed by an authority in {roots}")
        }
        CertificateError::NotValidForName => {
            format!("the server's certificate is not made out to {host}")
        }
        CertificateError::NotValidForNameContext { presented, .. } => {
            // webpki lists them as DnsName("x") or IpAddress(1.2.3.4).
            let names: Vec<String> = presented
                .iter()
                .map(|n| {
                    let inner = n
                        .split_once('(')
                        .map(|(_, r)| r.trim_end_matches(')'))
                        .unwrap_or(n);
                    crate::domain::clean_line(inner.trim_matches('"'))
                })
                .collect();
            if names.is_empty() {
                format!("the server's certificate is not made out to {host}")
            } else {
                format!(
                    "the server's certificate is not made out to {host} (it names {})",
                    names.join(", ")
                )
            }
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "the server's certificate has expired".into()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "the server's certificate is not valid yet".into()
        }
        CertificateError::Revoked => "the server's certificate has been revoked".into(),
        CertificateError::BadSignature => {
            "the server's certificate is not signed as its issuer's key would sign it".into()
        }
        _ => "the server's certificate is not one plp can accept".into(),
    }
}

/// The roots to check the server's certificate against (see [`root_file`]).
fn roots(t: &Target) -> Result<rustls::RootCertStore, HubError> {
    use rustls::pki_types::pem::PemObject;
    let mut store = rustls::RootCertStore::empty();
    match root_file(t) {
        Some(f) => {
            let certs = CertificateDer::pem_file_iter(&f).map_err(|_| HubError::Tls {
                at: t.at(),
                why: format!("the root certificate file {} cannot be read", f.display()),
            })?;
            for c in certs {
                let c = c.map_err(|_| HubError::Tls {
                    at: t.at(),
                    why: format!("{} is not a PEM certificate file", f.display()),
                })?;
                store.add(c).map_err(|e| HubError::Tls {
                    at: t.at(),
                    why: format!("a certificate in {} is not usable: {e}", f.display()),
                })?;
            }
        }
        None => {
            for c in rustls_native_certs::load_native_certs().certs {
                let _ = store.add(c);
            }
        }
    }
    if store.is_empty() {
        return Err(HubError::Tls {
            at: t.at(),
            why: "there are no root certificates to check the server's against (give \
                  sslrootcert or PGSSLROOTCERT)"
                .into(),
        });
    }
    Ok(store)
}

/// `require`: the link is encrypted but the certificate is not checked (libpq's meaning).
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain is checked against the roots; the name in it is not.
#[derive(Debug)]
struct AnyName(Arc<rustls::client::WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end: &CertificateDer<'_>,
        chain: &[CertificateDer<'_>],
        name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        match self.0.verify_server_cert(end, chain, name, ocsp, now) {
            Err(Error::InvalidCertificate(CertificateError::NotValidForName))
            | Err(Error::InvalidCertificate(CertificateError::NotValidForNameContext { .. })) => {
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
