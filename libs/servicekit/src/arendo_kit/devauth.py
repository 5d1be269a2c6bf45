"""The development issuer of the single-machine run: an RSA key pair on disk and signed tokens.

    python -m arendo_kit.devauth --key-dir .local/devauth token --sub u-anna --username anna \
        --name "Anna Andersson" --roles officer,admin
"""

import argparse
import json
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

DEV_ISSUER = "arendo-dev"
DEV_AUDIENCE = "arendo"
PRIVATE_KEY_FILE = "private.pem"
PUBLIC_KEY_FILE = "public.pem"
KEY_ID = "arendo-dev"


class DevIssuer:
    def __init__(self, key_dir: Path, *, issuer: str = DEV_ISSUER, audience: str = DEV_AUDIENCE) -> None:
        self.key_dir = key_dir
        self.issuer = issuer
        self.audience = audience
        self._private_pem = self._load_or_create()

    @property
    def public_key_file(self) -> Path:
        return self.key_dir / PUBLIC_KEY_FILE

    def public_key_pem(self) -> str:
        return self.public_key_file.read_text()

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The public key as a JSON Web Key Set, as an OIDC provider serves it."""
        public_key = serialization.load_pem_public_key(self.public_key_file.read_bytes())
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise TypeError(f"{self.public_key_file} does not hold an RSA public key")
        jwk = json.loads(RSAAlgorithm.to_jwk(public_key))
        return {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}

    def _load_or_create(self) -> bytes:
        private_file = self.key_dir / PRIVATE_KEY_FILE
        if private_file.exists():
            return private_file.read_bytes()
        self.key_dir.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private_pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        public_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        private_file.write_bytes(private_pem)
        private_file.chmod(0o600)
        (self.key_dir / PUBLIC_KEY_FILE).write_bytes(public_pem)
        return private_pem

    def issue(self, *, sub: str, username: str, name: str, roles: Iterable[str], ttl_seconds: int = 12 * 3600) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": sub,
            "preferred_username": username,
            "name": name,
            "roles": list(roles),
            "iat": now,
            "nbf": now,
            "exp": now + ttl_seconds,
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode(claims, self._private_pem, algorithm="RS256", headers={"kid": KEY_ID})


def main() -> None:
    parser = argparse.ArgumentParser(description="Arendo development token issuer")
    parser.add_argument("--key-dir", type=Path, required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    token = sub.add_parser("token", help="print a signed token")
    token.add_argument("--sub", required=True)
    token.add_argument("--username", required=True)
    token.add_argument("--name", required=True)
    token.add_argument("--roles", default="officer")
    token.add_argument("--ttl", type=int, default=12 * 3600)
    sub.add_parser("public-key", help="print the public key (PEM)")
    args = parser.parse_args()
    issuer = DevIssuer(args.key_dir)
    if args.command == "token":
        print(
            issuer.issue(
                sub=args.sub,
                username=args.username,
                name=args.name,
                roles=[r for r in args.roles.split(",") if r],
                ttl_seconds=args.ttl,
            )
        )
    else:
        print(issuer.public_key_pem(), end="")


if __name__ == "__main__":
    main()
