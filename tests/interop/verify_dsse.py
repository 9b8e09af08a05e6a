#!/usr/bin/python3
"""Verifies the DSSE envelopes of a JSON Lines file with securesystemslib, independently of our C# code.

Usage: /usr/bin/python3 verify_dsse.py FILE.intoto.jsonl PUBLIC_KEY_PEM SCHEME

SCHEME is the securesystemslib signature scheme of the key (ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ed25519 or
rsassa-pss-sha256). The key object is the TUF one (keytype, scheme, keyval) and its key id the SHA-256 of its
canonical JSON as securesystemslib encodes it; every envelope must carry exactly one signature whose key id is that id and
which securesystemslib's SSlibKey verifies over the DSSE pre-authentication encoding of the envelope. (Debian's
securesystemslib 0.26 has no DSSE envelope class, so the few lines of the encoding, from the DSSE v1 protocol, are
written out here.) Each line's payload type must be application/vnd.in-toto+json.

Prints "verified: FILE:LINE KEYID" or "invalid: FILE:LINE: REASON" per line.
Exit codes: 0 every line verified, 1 one did not, 2 bad usage or unreadable input.
"""

import base64
import hashlib
import json
import sys

try:
    from cryptography.hazmat.primitives import serialization
    from securesystemslib import exceptions, formats
    from securesystemslib.signer import Signature, SSlibKey
except ImportError as error:  # pragma: no cover
    print(f"securesystemslib is not installed: {error}", file=sys.stderr)
    sys.exit(2)

IN_TOTO = "application/vnd.in-toto+json"


def pae(payload_type: str, payload: bytes) -> bytes:
    type_bytes = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(type_bytes), type_bytes, len(payload), payload)


def load_key(pem: str, scheme: str) -> SSlibKey:
    """The key object of the TUF specification (as python-tuf's SSlibKey.from_crypto makes it), its key id the
    SHA-256 of its canonical JSON, encoded by securesystemslib."""
    public = serialization.load_pem_public_key(pem.encode("ascii"))
    if scheme == "ed25519":
        keytype = "ed25519"
        value = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    elif scheme.startswith("ecdsa-sha2-nistp"):
        keytype = "ecdsa"
        value = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
    elif scheme.startswith("rsassa-pss"):
        keytype = "rsa"
        value = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
    else:
        raise ValueError(f"unsupported scheme {scheme}")
    keyval = {"public": value}
    canonical = formats.encode_canonical({"keytype": keytype, "scheme": scheme, "keyval": keyval})
    keyid = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return SSlibKey(keyid, keytype, scheme, keyval)


def main(argv) -> int:
    if len(argv) != 4:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    path, key_path, scheme = argv[1:]
    try:
        with open(key_path, encoding="ascii") as handle:
            key = load_key(handle.read(), scheme)
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except (OSError, ValueError, exceptions.Error) as error:
        print(f"cannot read the inputs: {error}", file=sys.stderr)
        return 2

    status, checked = 0, 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        checked += 1
        try:
            envelope = json.loads(line)
            if envelope["payloadType"] != IN_TOTO:
                raise ValueError(f"payloadType is {envelope['payloadType']!r}")
            payload = base64.b64decode(envelope["payload"], validate=True)
            if len(envelope["signatures"]) != 1:
                raise ValueError(f"{len(envelope['signatures'])} signatures")
            entry = envelope["signatures"][0]
            if entry.get("keyid") != key.keyid:
                raise ValueError(f"keyid {entry.get('keyid')!r} is not the key's {key.keyid!r}")
            signature = Signature(key.keyid, base64.b64decode(entry["sig"], validate=True).hex())
            key.verify_signature(signature, pae(envelope["payloadType"], payload))
            statement = json.loads(payload)
            if statement.get("_type") != "https://in-toto.io/Statement/v1":
                raise ValueError(f"_type is {statement.get('_type')!r}")
            print(f"verified: {path}:{number} {key.keyid}")
        except (ValueError, KeyError, TypeError, exceptions.Error) as error:
            status = 1
            print(f"invalid: {path}:{number}: {type(error).__name__}: {error}")
    if checked == 0:
        print(f"invalid: {path}: no envelope")
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
