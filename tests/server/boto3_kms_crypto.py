#!/usr/bin/env python3
"""The cryptographic sections of boto3_kms.py: encryption, data keys and
pairs, random bytes, signatures and MACs, the import of key material; what
the server makes checked with `cryptography` too."""

import datetime
import hashlib
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from boto3_checks import (
    alias_arn, check, describe, equal, has_request_id, key_arn, near, new_key, now, oaep,
    raises, verifies, wrap,
)


def section_crypto(kms):
    """Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext),
    GenerateDataKeyPair(WithoutPlaintext), GenerateRandom; RSA encryption
    interoperating with `cryptography`."""
    sym = new_key(kms)
    kms.create_alias(AliasName="alias/data", TargetKeyId=sym)
    context = {"tenant": "acme", "purpose": "test"}
    blob, other = symmetric_encryption(kms, sym, context)
    re_encryption(kms, blob, context, sym, other)
    data_keys(kms, sym, context)
    data_key_pairs(kms, sym, context)
    random_bytes(kms)
    rsa_encryption(kms, sym)


def symmetric_encryption(kms, sym, context):
    """Encrypt and Decrypt under `sym` (named `alias/data`), with and
    without `context`, by every reference. A ciphertext under `context`,
    and another key."""
    sealed = kms.encrypt(KeyId="alias/data", Plaintext=b"secret", EncryptionContext=context)
    has_request_id("Encrypt", sealed)
    blob = sealed["CiphertextBlob"]
    equal("Encrypt: KeyId is the key ARN", sealed["KeyId"], key_arn(sym))
    equal("Encrypt: EncryptionAlgorithm", sealed.get("EncryptionAlgorithm"), "SYMMETRIC_DEFAULT")
    check("Encrypt: a ciphertext", isinstance(blob, bytes) and len(blob) > len(b"secret"), blob)
    opened = kms.decrypt(CiphertextBlob=blob, EncryptionContext=context)
    equal("Decrypt: Plaintext", opened["Plaintext"], b"secret")
    equal("Decrypt: KeyId is the key ARN", opened["KeyId"], key_arn(sym))
    equal("Decrypt: EncryptionAlgorithm", opened.get("EncryptionAlgorithm"), "SYMMETRIC_DEFAULT")
    for ref in (sym, key_arn(sym), "alias/data", alias_arn("alias/data")):
        out = kms.decrypt(CiphertextBlob=blob, EncryptionContext=context, KeyId=ref)
        equal(f"Decrypt KeyId={ref}", out["Plaintext"], b"secret")
        sealed = kms.encrypt(KeyId=ref, Plaintext=b"by " + ref.encode())
        equal(f"Encrypt KeyId={ref}", sealed["KeyId"], key_arn(sym))
    raises("other context", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=blob, EncryptionContext={"tenant": "evil"})
    raises("no context", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=blob)
    tampered = bytearray(blob)
    tampered[-1] ^= 1
    raises("tampered", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=bytes(tampered), EncryptionContext=context)
    other = new_key(kms)
    raises("another key named", kms, "IncorrectKeyException", "decrypt", CiphertextBlob=blob, EncryptionContext=context, KeyId=other)
    big = kms.encrypt(KeyId=sym, Plaintext=b"x" * 4096)
    equal("Encrypt 4096 bytes", kms.decrypt(CiphertextBlob=big["CiphertextBlob"])["Plaintext"], b"x" * 4096)
    raises("4097 bytes", kms, "ValidationException", "encrypt", KeyId=sym, Plaintext=b"x" * 4097)
    return blob, other


def re_encryption(kms, blob, context, sym, other):
    """ReEncrypt of `blob` (under `sym`, with `context`) to `other`, and to
    `sym` again by alias ARN."""
    moved = kms.re_encrypt(
        CiphertextBlob=blob,
        SourceEncryptionContext=context,
        DestinationKeyId=other,
        DestinationEncryptionContext={"moved": "yes"},
    )
    has_request_id("ReEncrypt", moved)
    equal("ReEncrypt: SourceKeyId", moved.get("SourceKeyId"), key_arn(sym))
    equal("ReEncrypt: KeyId", moved.get("KeyId"), key_arn(other))
    equal("ReEncrypt: SourceEncryptionAlgorithm", moved.get("SourceEncryptionAlgorithm"), "SYMMETRIC_DEFAULT")
    equal("ReEncrypt: DestinationEncryptionAlgorithm", moved.get("DestinationEncryptionAlgorithm"), "SYMMETRIC_DEFAULT")
    out = kms.decrypt(CiphertextBlob=moved["CiphertextBlob"], EncryptionContext={"moved": "yes"})
    equal("ReEncrypt: decrypts under the new key", (out["Plaintext"], out["KeyId"]), (b"secret", key_arn(other)))
    moved = kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext=context, SourceKeyId="alias/data", DestinationKeyId=alias_arn("alias/data"))
    equal("ReEncrypt to the same key by alias ARN", kms.decrypt(CiphertextBlob=moved["CiphertextBlob"])["Plaintext"], b"secret")
    raises("source context missing", kms, "InvalidCiphertextException", "re_encrypt", CiphertextBlob=blob, DestinationKeyId=other)


def data_keys(kms, sym, context):
    """GenerateDataKey and GenerateDataKeyWithoutPlaintext under `sym`."""
    data_key = kms.generate_data_key(KeyId=sym, KeySpec="AES_256", EncryptionContext=context)
    equal("GenerateDataKey AES_256: 32 bytes", len(data_key["Plaintext"]), 32)
    equal("GenerateDataKey: KeyId is the key ARN", data_key["KeyId"], key_arn(sym))
    out = kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"], EncryptionContext=context)
    equal("GenerateDataKey: the ciphertext decrypts to the plaintext", out["Plaintext"], data_key["Plaintext"])
    equal("GenerateDataKey AES_128: 16 bytes", len(kms.generate_data_key(KeyId="alias/data", KeySpec="AES_128")["Plaintext"]), 16)
    equal("GenerateDataKey NumberOfBytes=64", len(kms.generate_data_key(KeyId=key_arn(sym), NumberOfBytes=64)["Plaintext"]), 64)
    raises("KeySpec and NumberOfBytes", kms, "ValidationException", "generate_data_key", KeyId=sym, KeySpec="AES_256", NumberOfBytes=32)
    bare = kms.generate_data_key_without_plaintext(KeyId="alias/data", KeySpec="AES_256", EncryptionContext=context)
    check("GenerateDataKeyWithoutPlaintext: no Plaintext", "Plaintext" not in bare, list(bare))
    equal("GenerateDataKeyWithoutPlaintext: KeyId", bare["KeyId"], key_arn(sym))
    out = kms.decrypt(CiphertextBlob=bare["CiphertextBlob"], EncryptionContext=context)
    equal("GenerateDataKeyWithoutPlaintext: decrypts to 32 bytes", len(out["Plaintext"]), 32)


def spki_der(private):
    """The DER SubjectPublicKeyInfo of a `cryptography` private key's
    public key."""
    return private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def data_key_pairs(kms, sym, context):
    """GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext under
    `sym`; the pairs checked with `cryptography`."""
    pair = kms.generate_data_key_pair(KeyId=sym, KeyPairSpec="ECC_NIST_P256", EncryptionContext=context)
    equal("GenerateDataKeyPair: KeyPairSpec", pair.get("KeyPairSpec"), "ECC_NIST_P256")
    equal("GenerateDataKeyPair: KeyId", pair.get("KeyId"), key_arn(sym))
    private = serialization.load_der_private_key(pair["PrivateKeyPlaintext"], password=None)
    check("GenerateDataKeyPair: a P-256 PKCS#8 private key", isinstance(private, ec.EllipticCurvePrivateKey) and private.curve.name == "secp256r1")
    equal("GenerateDataKeyPair: PublicKey is the private key's (SPKI DER)", pair["PublicKey"], spki_der(private))
    out = kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"], EncryptionContext=context)
    equal("GenerateDataKeyPair: PrivateKeyCiphertextBlob decrypts to the private key", out["Plaintext"], pair["PrivateKeyPlaintext"])
    pair = kms.generate_data_key_pair_without_plaintext(KeyId="alias/data", KeyPairSpec="RSA_2048")
    check("GenerateDataKeyPairWithoutPlaintext: no PrivateKeyPlaintext", "PrivateKeyPlaintext" not in pair, list(pair))
    equal("GenerateDataKeyPairWithoutPlaintext: KeyPairSpec", pair.get("KeyPairSpec"), "RSA_2048")
    private = serialization.load_der_private_key(kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"], password=None)
    check("GenerateDataKeyPairWithoutPlaintext: an RSA 2048 private key", isinstance(private, rsa.RSAPrivateKey) and private.key_size == 2048)
    equal("GenerateDataKeyPairWithoutPlaintext: PublicKey matches", pair["PublicKey"], spki_der(private))


def random_bytes(kms):
    """GenerateRandom."""
    random = kms.generate_random(NumberOfBytes=32)
    has_request_id("GenerateRandom", random)
    equal("GenerateRandom: 32 bytes", len(random["Plaintext"]), 32)
    check("GenerateRandom: not twice the same", random["Plaintext"] != kms.generate_random(NumberOfBytes=32)["Plaintext"])
    equal("GenerateRandom: 1024 bytes", len(kms.generate_random(NumberOfBytes=1024)["Plaintext"]), 1024)
    raises("1025 bytes", kms, "ValidationException", "generate_random", NumberOfBytes=1025)


def rsa_encryption(kms, sym):
    """An RSA_2048 ENCRYPT_DECRYPT key: GetPublicKey, Encrypt and Decrypt
    with OAEP, interoperating with `cryptography`; algorithms of the other
    key type (`sym`'s) refused."""
    rsa_key = new_key(kms, KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")
    info = kms.get_public_key(KeyId=rsa_key)
    equal("GetPublicKey RSA_2048: KeyId", info["KeyId"], key_arn(rsa_key))
    equal("GetPublicKey RSA_2048: KeySpec", info.get("KeySpec"), "RSA_2048")
    equal("GetPublicKey RSA_2048: KeyUsage", info.get("KeyUsage"), "ENCRYPT_DECRYPT")
    equal("GetPublicKey RSA_2048: EncryptionAlgorithms", set(info.get("EncryptionAlgorithms", [])), {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"})
    public = serialization.load_der_public_key(info["PublicKey"])
    check("GetPublicKey RSA_2048: an RSA 2048 SPKI", isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048)
    sealed = kms.encrypt(KeyId=rsa_key, Plaintext=b"to rsa", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    equal("Encrypt RSAES_OAEP_SHA_256: EncryptionAlgorithm", sealed.get("EncryptionAlgorithm"), "RSAES_OAEP_SHA_256")
    equal("Encrypt RSAES_OAEP_SHA_256: a 256-byte ciphertext", len(sealed["CiphertextBlob"]), 256)
    out = kms.decrypt(CiphertextBlob=sealed["CiphertextBlob"], KeyId=rsa_key, EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    equal("Decrypt RSAES_OAEP_SHA_256", out["Plaintext"], b"to rsa")
    for name, algorithm in (("RSAES_OAEP_SHA_256", hashes.SHA256()), ("RSAES_OAEP_SHA_1", hashes.SHA1())):
        local = public.encrypt(b"from cryptography", oaep(algorithm))
        out = kms.decrypt(CiphertextBlob=local, KeyId=key_arn(rsa_key), EncryptionAlgorithm=name)
        equal(f"Decrypt {name} of what cryptography encrypted", out["Plaintext"], b"from cryptography")
    raises("wrong OAEP hash", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=sealed["CiphertextBlob"], KeyId=rsa_key, EncryptionAlgorithm="RSAES_OAEP_SHA_1")
    raises("symmetric algorithm on an RSA key", kms, "InvalidKeyUsageException", "encrypt", KeyId=rsa_key, Plaintext=b"x", EncryptionAlgorithm="SYMMETRIC_DEFAULT")
    raises("RSA algorithm on a symmetric key", kms, "InvalidKeyUsageException", "encrypt", KeyId=sym, Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256")


def section_signing(kms):
    """Sign, Verify, GetPublicKey (ECC_NIST_P256, RSA_2048), GenerateMac,
    VerifyMac (HMAC_256); signatures checked with `cryptography`."""
    message = b"release 1.0\n"
    ecdsa_signatures(kms, message)
    rsa_signatures(kms, message)
    macs(kms, message)


def ecdsa_signatures(kms, message):
    """An ECC_NIST_P256 key: GetPublicKey, Sign and Verify of `message` (RAW
    and DIGEST), checked with `cryptography`; the refusals."""
    digest = hashlib.sha256(message).digest()
    ec_key = new_key(kms, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    kms.create_alias(AliasName="alias/signer", TargetKeyId=ec_key)
    info = kms.get_public_key(KeyId="alias/signer")
    has_request_id("GetPublicKey", info)
    equal("GetPublicKey ECC_NIST_P256: KeyId", info["KeyId"], key_arn(ec_key))
    equal("GetPublicKey ECC_NIST_P256: KeySpec", info.get("KeySpec"), "ECC_NIST_P256")
    equal("GetPublicKey ECC_NIST_P256: KeyUsage", info.get("KeyUsage"), "SIGN_VERIFY")
    equal("GetPublicKey ECC_NIST_P256: SigningAlgorithms", info.get("SigningAlgorithms"), ["ECDSA_SHA_256"])
    public = serialization.load_der_public_key(info["PublicKey"])
    check("GetPublicKey ECC_NIST_P256: a P-256 SPKI", isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1")

    signed = kms.sign(KeyId="alias/signer", Message=message, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
    has_request_id("Sign", signed)
    equal("Sign: KeyId", signed["KeyId"], key_arn(ec_key))
    equal("Sign: SigningAlgorithm", signed.get("SigningAlgorithm"), "ECDSA_SHA_256")
    signature = signed["Signature"]
    verifies("Sign ECDSA_SHA_256 RAW: cryptography verifies the DER signature", public.verify, signature, message, ec.ECDSA(hashes.SHA256()))
    verified = kms.verify(KeyId=key_arn(ec_key), Message=message, MessageType="RAW", Signature=signature, SigningAlgorithm="ECDSA_SHA_256")
    equal("Verify: SignatureValid", verified["SignatureValid"], True)
    equal("Verify: KeyId", verified["KeyId"], key_arn(ec_key))
    equal("Verify: SigningAlgorithm", verified.get("SigningAlgorithm"), "ECDSA_SHA_256")
    signed = kms.sign(KeyId=ec_key, Message=digest, MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256")
    verifies("Sign ECDSA_SHA_256 DIGEST: cryptography verifies", public.verify, signed["Signature"], digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
    verified = kms.verify(KeyId=ec_key, Message=message, MessageType="RAW", Signature=signed["Signature"], SigningAlgorithm="ECDSA_SHA_256")
    equal("Verify RAW of a DIGEST signature", verified["SignatureValid"], True)
    local = ec.generate_private_key(ec.SECP256R1()).sign(message, ec.ECDSA(hashes.SHA256()))
    raises("another key's signature", kms, "KMSInvalidSignatureException", "verify", KeyId=ec_key, Message=message, MessageType="RAW", Signature=local, SigningAlgorithm="ECDSA_SHA_256")
    raises("another message", kms, "KMSInvalidSignatureException", "verify", KeyId=ec_key, Message=b"release 2.0\n", MessageType="RAW", Signature=signature, SigningAlgorithm="ECDSA_SHA_256")
    raises("31-byte digest", kms, "ValidationException", "sign", KeyId=ec_key, Message=digest[:31], MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256")
    raises("4097-byte message", kms, "ValidationException", "sign", KeyId=ec_key, Message=b"m" * 4097, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
    raises("RSA algorithm on an ECC key", kms, "InvalidKeyUsageException", "sign", KeyId=ec_key, Message=message, MessageType="RAW", SigningAlgorithm="RSASSA_PSS_SHA_256")


def rsa_signatures(kms, message):
    """An RSA_2048 SIGN_VERIFY key: Sign and Verify of `message` with PSS
    and PKCS#1 v1.5, checked with `cryptography`."""
    rsa_key = new_key(kms, KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")
    info = kms.get_public_key(KeyId=key_arn(rsa_key))
    equal("GetPublicKey RSA_2048 SIGN_VERIFY: KeyUsage", info.get("KeyUsage"), "SIGN_VERIFY")
    public = serialization.load_der_public_key(info["PublicKey"])
    schemes = (
        ("RSASSA_PSS_SHA_256", padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)),
        ("RSASSA_PKCS1_V1_5_SHA_256", padding.PKCS1v15()),
    )
    for algorithm, scheme in schemes:
        signed = kms.sign(KeyId=rsa_key, Message=message, MessageType="RAW", SigningAlgorithm=algorithm)
        equal(f"Sign {algorithm}: 256 bytes", len(signed["Signature"]), 256)
        verifies(f"Sign {algorithm}: cryptography verifies", public.verify, signed["Signature"], message, scheme, hashes.SHA256())
        verified = kms.verify(KeyId=rsa_key, Message=message, MessageType="RAW", Signature=signed["Signature"], SigningAlgorithm=algorithm)
        equal(f"Verify {algorithm}", verified["SignatureValid"], True)
    raises("PSS signature checked as PKCS#1", kms, "KMSInvalidSignatureException", "verify", KeyId=rsa_key, Message=message, MessageType="RAW", Signature=signed["Signature"], SigningAlgorithm="RSASSA_PSS_SHA_256")


def macs(kms, message):
    """An HMAC_256 key: GenerateMac, VerifyMac, the refusals (and no
    signing of `message`)."""
    mac_key = new_key(kms, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    kms.create_alias(AliasName="alias/mac", TargetKeyId=mac_key)
    mac = kms.generate_mac(KeyId=mac_key, Message=b"hello", MacAlgorithm="HMAC_SHA_256")
    has_request_id("GenerateMac", mac)
    equal("GenerateMac: 32 bytes", len(mac["Mac"]), 32)
    equal("GenerateMac: KeyId", mac["KeyId"], key_arn(mac_key))
    equal("GenerateMac: MacAlgorithm", mac.get("MacAlgorithm"), "HMAC_SHA_256")
    again = kms.generate_mac(KeyId=key_arn(mac_key), Message=b"hello", MacAlgorithm="HMAC_SHA_256")
    equal("GenerateMac: deterministic", again["Mac"], mac["Mac"])
    verified = kms.verify_mac(KeyId="alias/mac", Message=b"hello", MacAlgorithm="HMAC_SHA_256", Mac=mac["Mac"])
    equal("VerifyMac: MacValid", verified["MacValid"], True)
    equal("VerifyMac: KeyId", verified["KeyId"], key_arn(mac_key))
    bad = bytes([mac["Mac"][0] ^ 1]) + mac["Mac"][1:]
    raises("altered MAC", kms, "KMSInvalidMacException", "verify_mac", KeyId=mac_key, Message=b"hello", MacAlgorithm="HMAC_SHA_256", Mac=bad)
    raises("another message", kms, "KMSInvalidMacException", "verify_mac", KeyId=mac_key, Message=b"hellO", MacAlgorithm="HMAC_SHA_256", Mac=mac["Mac"])
    raises("HMAC_SHA_384 on an HMAC_256 key", kms, "InvalidKeyUsageException", "generate_mac", KeyId=mac_key, Message=b"hello", MacAlgorithm="HMAC_SHA_384")
    raises("sign with an HMAC key", kms, "InvalidKeyUsageException", "sign", KeyId=mac_key, Message=message, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")


def section_import(kms):
    """GetParametersForImport, ImportKeyMaterial (RSAES_OAEP_SHA_256 wrapped
    with `cryptography`), DeleteImportedKeyMaterial, and their errors."""
    meta = kms.create_key(Origin="EXTERNAL", Description="imported")["KeyMetadata"]
    key = meta["KeyId"]
    equal("CreateKey EXTERNAL: Origin", meta["Origin"], "EXTERNAL")
    equal("CreateKey EXTERNAL: KeyState", meta["KeyState"], "PendingImport")
    equal("CreateKey EXTERNAL: Enabled", meta["Enabled"], False)
    raises("no material yet", kms, "KMSInvalidStateException", "encrypt", KeyId=key, Plaintext=b"x")

    params = kms.get_parameters_for_import(KeyId=key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    has_request_id("GetParametersForImport", params)
    equal("GetParametersForImport: KeyId", params["KeyId"], key_arn(key))
    near("GetParametersForImport: ParametersValidTo", params.get("ParametersValidTo"), now() + datetime.timedelta(hours=24), datetime.timedelta(minutes=10))
    public = serialization.load_der_public_key(params["PublicKey"])
    check("GetParametersForImport: an RSA 2048 wrapping key", isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048)
    material = os.urandom(32)

    raises("garbage token", kms, "InvalidImportTokenException", "import_key_material", KeyId=key, ImportToken=b"not a token", EncryptedKeyMaterial=wrap(params["PublicKey"], material), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    second = new_key(kms, Origin="EXTERNAL")
    raises("another key's token", kms, "InvalidImportTokenException", "import_key_material", KeyId=second, ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrap(params["PublicKey"], material), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    raises("material not wrapped with the key", kms, "InvalidCiphertextException", "import_key_material", KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=os.urandom(256), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")

    kms.create_alias(AliasName="alias/imported", TargetKeyId=key)
    imported = kms.import_key_material(KeyId=key_arn(key), ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrap(params["PublicKey"], material), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    has_request_id("ImportKeyMaterial", imported)
    meta = describe(kms, key)
    equal("ImportKeyMaterial: KeyState", meta["KeyState"], "Enabled")
    equal("ImportKeyMaterial: Enabled", meta["Enabled"], True)
    equal("ImportKeyMaterial: ExpirationModel", meta.get("ExpirationModel"), "KEY_MATERIAL_DOES_NOT_EXPIRE")
    check("ImportKeyMaterial: no ValidTo", "ValidTo" not in meta, meta.get("ValidTo"))
    sealed = kms.encrypt(KeyId=key, Plaintext=b"imported")["CiphertextBlob"]
    equal("imported key: Decrypt", kms.decrypt(CiphertextBlob=sealed)["Plaintext"], b"imported")

    deleted = kms.delete_imported_key_material(KeyId="alias/imported")
    has_request_id("DeleteImportedKeyMaterial", deleted)
    equal("DeleteImportedKeyMaterial: KeyState", describe(kms, key)["KeyState"], "PendingImport")
    raises("material deleted", kms, "KMSInvalidStateException", "encrypt", KeyId=key, Plaintext=b"x")
    raises("material deleted", kms, "KMSInvalidStateException", "decrypt", CiphertextBlob=sealed)

    params = kms.get_parameters_for_import(KeyId=key_arn(key), WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    raises("other material", kms, "IncorrectKeyMaterialException", "import_key_material", KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrap(params["PublicKey"], os.urandom(32)), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    valid_to = (now() + datetime.timedelta(days=1)).replace(microsecond=0)
    kms.import_key_material(KeyId=alias_arn("alias/imported"), ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrap(params["PublicKey"], material), ValidTo=valid_to, ExpirationModel="KEY_MATERIAL_EXPIRES")
    meta = describe(kms, key)
    equal("re-import of the same material: KeyState", meta["KeyState"], "Enabled")
    near("re-import with ValidTo: ValidTo", meta.get("ValidTo"), valid_to, datetime.timedelta(seconds=1))
    equal("re-import with ValidTo: ExpirationModel", meta.get("ExpirationModel"), "KEY_MATERIAL_EXPIRES")
    equal("re-import: the old ciphertext decrypts", kms.decrypt(CiphertextBlob=sealed)["Plaintext"], b"imported")

    plain = new_key(kms)
    raises("AWS_KMS key", kms, "UnsupportedOperationException", "get_parameters_for_import", KeyId=plain, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    raises("AWS_KMS key", kms, "UnsupportedOperationException", "delete_imported_key_material", KeyId=plain)
    raises("algorithm and spec that do not go together", kms, "ValidationException", "get_parameters_for_import", KeyId=second, WrappingAlgorithm="SM2PKE", WrappingKeySpec="RSA_2048")
