"""Encryption of backup archives with BACKUP_KEY: AES-256-GCM in chunks (the "STREAM" construction).

An archive can be many gigabytes, so it is encrypted as it is written, in chunks of 1 MiB, and
decrypted the same way; no step holds it whole in memory. Each chunk is sealed on its own with a
nonce made of a random per-archive prefix, the chunk's number and a flag set only on the last
chunk. A chunk moved, dropped, repeated or altered does not open, and an archive cut short lacks
its last chunk, so truncation is noticed even at a chunk boundary.

The key: 32 random bytes in URL-safe base64 (the format of Fernet.generate_key(); `manage.py
backup --new-key` prints one). It is not used directly: each archive draws a random salt, and
HKDF-SHA256 turns key and salt into the archive's AES key and a key-check value kept in the
header, so a wrong key is told apart from a damaged archive before any chunk is read.

Layout: MAGIC, salt (16 bytes), nonce prefix (7), key check (32), then chunks, each a 4-byte
big-endian length and the sealed bytes. The header is bound into every chunk as associated data.
"""

import base64
import hashlib
import hmac
import os
import secrets
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"MANARA-BACKUP-AES256GCM-1\n"
CHUNK = 1024 * 1024
SALT_SIZE, PREFIX_SIZE, CHECK_SIZE, TAG_SIZE = 16, 7, 32, 16
HEADER_SIZE = len(MAGIC) + SALT_SIZE + PREFIX_SIZE + CHECK_SIZE


class BackupKeyError(ValueError):
    """BACKUP_KEY is missing, malformed, or not the key an archive was made with."""


class DamagedArchive(ValueError):
    """The encrypted archive was cut short or altered."""


def new_key() -> str:
    """A fresh BACKUP_KEY."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def parse_key(key: str) -> bytes:
    """The 32 bytes of a BACKUP_KEY; the message never repeats the key."""
    try:
        raw = base64.urlsafe_b64decode(key.strip().encode())
    except (ValueError, TypeError):
        raw = b""
    if len(raw) != 32:
        raise BackupKeyError(
            "BACKUP_KEY is not a backup key: it must be 32 bytes in URL-safe base64, "
            "as printed by `manage.py backup --new-key`."
        )
    return raw


def _derive(key: str, salt: bytes) -> tuple[bytes, bytes]:
    material = HKDF(
        algorithm=hashes.SHA256(), length=64, salt=salt, info=b"manara backup archive"
    ).derive(parse_key(key))
    return material[:32], material[32:]


def is_encrypted(path) -> bool:
    with open(path, "rb") as archive:
        return archive.read(len(MAGIC)) == MAGIC


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    if index >= 2**32:
        raise ValueError("archive too large for one encryption stream")
    return prefix + struct.pack(">IB", index, 1 if last else 0)


class EncryptingWriter:
    """A write-only file object that seals what it is given into `target` (a binary file)."""

    def __init__(self, target, key: str):
        salt, self.prefix = os.urandom(SALT_SIZE), os.urandom(PREFIX_SIZE)
        aes_key, check_key = _derive(key, salt)
        self.cipher = AESGCM(aes_key)
        check = hmac.new(check_key, MAGIC + salt + self.prefix, hashlib.sha256).digest()
        self.header = MAGIC + salt + self.prefix + check
        self.target = target
        self.target.write(self.header)
        self.buffer = bytearray()
        self.index = 0
        self.closed = False

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, last: bool) -> None:
        sealed = self.cipher.encrypt(_nonce(self.prefix, self.index, last), plain, self.header)
        self.target.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def close(self) -> None:
        """Seal what is left as the last chunk (possibly empty); the stream is then complete."""
        if not self.closed:
            self._seal(bytes(self.buffer), last=True)
            self.buffer.clear()
            self.closed = True


def decrypt_file(source_path, target, key: str) -> None:
    """Write the plain archive of the encrypted file `source_path` into `target`.

    Raises BackupKeyError when the key is not the archive's, DamagedArchive when a chunk does
    not open, chunks are missing at the end, or bytes follow the last chunk.
    """
    with open(source_path, "rb") as source:
        header = source.read(HEADER_SIZE)
        if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
            raise DamagedArchive("the archive's encryption header is cut short")
        salt = header[len(MAGIC) : len(MAGIC) + SALT_SIZE]
        prefix = header[len(MAGIC) + SALT_SIZE : len(MAGIC) + SALT_SIZE + PREFIX_SIZE]
        aes_key, check_key = _derive(key, salt)
        expected = hmac.new(check_key, header[:-CHECK_SIZE], hashlib.sha256).digest()
        if not hmac.compare_digest(expected, header[-CHECK_SIZE:]):
            raise BackupKeyError(
                "BACKUP_KEY does not open this archive: it was made with another key. "
                "Nothing was changed."
            )
        cipher = AESGCM(aes_key)
        index = 0
        while True:
            length_bytes = source.read(4)
            if len(length_bytes) < 4:
                raise DamagedArchive(
                    "the archive is cut short: its last encrypted chunk is missing"
                )
            (length,) = struct.unpack(">I", length_bytes)
            sealed = source.read(length)
            if length > CHUNK + TAG_SIZE or len(sealed) < length:
                raise DamagedArchive(f"encrypted chunk {index} is cut short or its length altered")
            last = _open(cipher, prefix, index, sealed, header, target)
            index += 1
            if last:
                if source.read(1):
                    raise DamagedArchive("bytes were added after the archive's last chunk")
                return


def _open(cipher: AESGCM, prefix: bytes, index: int, sealed: bytes, header: bytes, target) -> bool:
    """Decrypt chunk `index` into target; whether it was the last one."""
    for last in (False, True):
        try:
            target.write(cipher.decrypt(_nonce(prefix, index, last), sealed, header))
            return last
        except InvalidTag:
            continue
    raise DamagedArchive(f"encrypted chunk {index} was altered: it does not open with its key")
