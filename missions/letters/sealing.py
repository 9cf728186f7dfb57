"""The instance's seal on final PDFs (PAdES B-B with pyHanko) and its verification.

The key and certificate are PEM files whose paths come from the environment (SIGNING_KEY_FILE,
SIGNING_CERT_FILE). `create_certificate` writes a self-signed pair for development and the demo; an académie
would use a certificate from its own authority. Verification trusts exactly this certificate.
"""

import asyncio
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from io import BytesIO
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SEAL_FIELD = "SceauEtablissement"
SIGNATURE_BYTES = 16384  # room for the CMS signature: a 4096-bit key and a chain of three certificates fit


def create_certificate(key_file: Path, cert_file: Path, *, common_name: str = "IMP & pHARe (développement)"):
    """A self-signed RSA 2048 key and certificate valid ten years, for a seal (digital signature)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "IMP & pHARe"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_file.parent.mkdir(parents=True, exist_ok=True)
    cert_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def certificate_paths() -> tuple[Path, Path]:
    return Path(settings.SIGNING_KEY_FILE), Path(settings.SIGNING_CERT_FILE)


@cache
def _signer(key_file: str, cert_file: str):
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    class KeptKeySigner(signers.SimpleSigner):
        """pyHanko's signer re-parses (and re-checks) the private key at every signature, ~90 ms for RSA: keep
        the parsed key for the life of the process instead."""

        def __init__(self, *args, private_key, **kwargs):
            super().__init__(*args, **kwargs)
            self.private_key = private_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            if isinstance(self.private_key, RSAPrivateKey) and mechanism == "rsassa_pkcs1v15":
                return self.private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)

    loaded = signers.SimpleSigner.load(key_file, cert_file)
    private_key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    return KeptKeySigner(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
        private_key=private_key,
    )


def signer():
    key_file, cert_file = certificate_paths()
    if not key_file.exists() or not cert_file.exists():
        raise ImproperlyConfigured(
            f"Certificat de scellement introuvable ({cert_file}) : définissez SIGNING_KEY_FILE et "
            "SIGNING_CERT_FILE, ou lancez « python manage.py create_signing_certificate »."
        )
    return _signer(str(key_file), str(cert_file))


def seal_pdf(pdf: bytes, *, reason: str = "Lettre de mission contresignée", location: str = "") -> bytes:
    """The PDF with the instance's PAdES B-B seal over the whole document."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )

    # A fixed reservation for the CMS blob spares pyHanko a dummy signature made only to measure it.
    def sign() -> bytes:
        return signers.sign_pdf(writer, metadata, signer=signer(), bytes_reserved=SIGNATURE_BYTES).getvalue()

    return _outside_event_loop(sign)


def _outside_event_loop(function):
    """Run `function` here, or in a helper thread when this thread already runs an asyncio loop (an ASGI
    server, a Playwright session driving seed_demo): pyHanko's synchronous API calls asyncio.run itself."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function).result()


@dataclass(frozen=True)
class SealCheck:
    valid: bool
    reason: str
    signed_at: datetime | None = None


def check_seal(pdf: bytes) -> SealCheck:
    """Whether `pdf` carries our seal, intact, trusted, and covering the whole file."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 — any unreadable file is simply not one of ours
        return SealCheck(False, "Le fichier n'est pas un PDF lisible.")
    if not signatures:
        return SealCheck(False, "Le PDF ne porte aucun sceau électronique.")
    if len(signatures) != 1:
        return SealCheck(False, "Le PDF porte plusieurs signatures : ce n'est pas un document émis tel quel.")
    _, cert_file = certificate_paths()
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_file))])
    try:
        status = validate_pdf_signature(signatures[0], context)
    except Exception as error:  # noqa: BLE001 — a broken signature structure is a failed check
        return SealCheck(False, f"Le sceau est illisible ({type(error).__name__}).")
    if not status.intact or not status.valid:
        return SealCheck(False, "Le sceau ne correspond plus au document : le fichier a été modifié.")
    if not status.trusted:
        return SealCheck(False, "Le sceau n'a pas été apposé par cette plateforme.")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SealCheck(False, "Le document a été complété après son scellement.")
    return SealCheck(True, "Sceau valide, document intact.", status.signer_reported_dt)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
