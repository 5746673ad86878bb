"""A signer's key and certificates, from a PKCS#12 file or a PEM key with its certificate and chain.

The passphrase is asked for only when the key is encrypted, through a callable the caller supplies
(an environment variable or a prompt without echo). It is never put into a message: every error
here says which file could not be opened, not what was tried.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sla_docgen.errors import UserError
from sla_docgen.i18n import N_
from sla_docgen.reading import read_input

Passphrase = Callable[[], bytes]
"""Called at most once, when the key turns out to be encrypted."""

MAX_CREDENTIAL_BYTES = 1024 * 1024
MSG_KEY = N_("Cannot open the key in {path}: wrong passphrase, or not a private key")
MSG_CERT = N_("{path} holds no certificate in PEM or DER form")
MSG_NO_CERT = N_("{path} holds a key but no certificate; give the certificate with --cert")
MSG_MISMATCH = N_("The certificate in {cert} does not belong to the key in {key}")
MSG_KEY_TYPE = N_("Unsupported key type in {path}: use an RSA or an elliptic-curve (ECDSA) key")

CMS_OVERHEAD = 4096
"""Signed attributes, algorithm identifiers and the ASN.1 framing of the CMS container, generously."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """A loaded key with its certificate and the chain to embed in each signature."""

    key: Any
    """The private key as a `cryptography` object, loaded (and checked) once."""
    certificate: Any
    """asn1crypto x509.Certificate of the signer."""
    chain: tuple[Any, ...]
    """asn1crypto certificates of the issuers, as found (intermediates, possibly the root)."""

    def signer(self) -> Any:
        """A pyHanko signer that signs with the loaded key."""
        return _loaded_key_signer(self)

    def reserved_bytes(self) -> int:
        """Room for the signature container in the PDF, as hexadecimal digits.

        Telling pyHanko how much to reserve spares it a trial signature made only to measure the
        size (which also loads and checks the RSA key a second time).
        """
        der = len(self.certificate.dump()) + sum(len(c.dump()) for c in self.chain)
        signature = (int(self.key.key_size) + 7) // 8 * 2 + 16
        return 2 * (der + signature + CMS_OVERHEAD)

    @property
    def subject(self) -> str:
        return str(self.certificate.subject.human_friendly)

    @property
    def common_name(self) -> str:
        name = self.certificate.subject.native.get("common_name")
        return str(name[0] if isinstance(name, list) else name) if name else self.subject


def _read(path: Path) -> bytes:
    """A key or certificate file: regular, at most MAX_CREDENTIAL_BYTES (InputError says why not)."""
    return read_input(path, limit=MAX_CREDENTIAL_BYTES)


def _with_passphrase(load: Callable[[bytes | None], Any], passphrase: Passphrase | None, path: Path) -> Any:
    """Open the file unencrypted or with PKCS#12's customary empty password, else with the caller's passphrase."""
    for password in (None, b""):
        try:
            return load(password)
        except (TypeError, ValueError):  # cryptography: encrypted, wrong password, or not a key at all
            continue
    if passphrase is None:
        raise UserError(MSG_KEY, path=str(path))
    try:
        return load(passphrase())
    except (TypeError, ValueError):
        raise UserError(MSG_KEY, path=str(path)) from None


def _pem_or_der_certificates(data: bytes, path: Path) -> list[Any]:
    from cryptography import x509

    try:
        if b"-----BEGIN" in data:
            return list(x509.load_pem_x509_certificates(data))
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise UserError(MSG_CERT, path=str(path)) from None


def _private_key(data: bytes, path: Path, passphrase: Passphrase | None) -> Any:
    from cryptography.hazmat.primitives import serialization

    def load(password: bytes | None) -> Any:
        if b"-----BEGIN" in data:
            return serialization.load_pem_private_key(data, password)
        return serialization.load_der_private_key(data, password)

    return _with_passphrase(load, passphrase, path)


def load_credentials(
    *, key: Path, cert: Path | None = None, chain: Sequence[Path] = (), passphrase: Passphrase | None = None
) -> Credentials:
    """Read a PKCS#12 file (`key` alone) or a PEM/DER key with `cert` and optional `chain` files."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    data = _read(key)
    extra: list[Any] = []
    if cert is None:
        bundle = _with_passphrase(lambda password: pkcs12.load_key_and_certificates(data, password), passphrase, key)
        private_key, certificate, extra = bundle[0], bundle[1], list(bundle[2] or ())
        if private_key is None:
            raise UserError(MSG_KEY, path=str(key))
        if certificate is None:
            raise UserError(MSG_NO_CERT, path=str(key))
    else:
        private_key = _private_key(data, key, passphrase)
        found = _pem_or_der_certificates(_read(cert), cert)
        certificate, extra = found[0], found[1:]
    for path in chain:
        extra.extend(_pem_or_der_certificates(_read(path), path))
    return _checked(private_key, certificate, extra, key=key, cert=cert or key)


def _checked(private_key: Any, certificate: Any, chain: list[Any], *, key: Path, cert: Path) -> Credentials:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    if not isinstance(private_key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise UserError(MSG_KEY_TYPE, path=str(key))
    spki = (Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    if certificate.public_key().public_bytes(*spki) != private_key.public_key().public_bytes(*spki):
        raise UserError(MSG_MISMATCH, cert=str(cert), key=str(key))

    def asn1(c: Any) -> Any:
        return asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))

    signer_der = certificate.public_bytes(Encoding.DER)
    others = tuple(asn1(c) for c in chain if c.public_bytes(Encoding.DER) != signer_der)
    return Credentials(key=private_key, certificate=asn1(certificate), chain=others)


def _loaded_key_signer(credentials: Credentials) -> Any:
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import CertificateRegistry
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class LoadedKeySigner(SimpleSigner):
        """pyHanko's SimpleSigner parses the key from DER on every signature; this one keeps it loaded."""

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            digest = get_pyca_cryptography_hash(digest_algorithm)
            key = credentials.key
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return bytes(key.sign(data, padding.PKCS1v15(), digest))
            if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return bytes(key.sign(data, ec.ECDSA(digest)))
            return bytes(super().sign_raw(data, digest_algorithm))

    der = credentials.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    return LoadedKeySigner(
        signing_cert=credentials.certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=CertificateRegistry.build(credentials.chain),
    )
