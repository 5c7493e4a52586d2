#!/usr/bin/env python3
"""The boto3 half of tests/server/cross.rs: files in DIR carry ciphertexts,
keys and signatures between boto3 (through the server) and the library or
the openssl tool (in the test).

    python3 cross_kms.py ciphertexts DIR
        Decrypts DIR/library.json (made by the library) through the server;
        writes DIR/boto3.json: a key made through the server, a ciphertext
        and a data key made with it.
    python3 cross_kms.py sign DIR
        Signs DIR/message.txt through the server (ECC_NIST_P256
        ECDSA_SHA_256; RSA_2048 RSASSA_PSS_SHA_256 and
        RSASSA_PKCS1_V1_5_SHA_256; MessageType RAW); writes each public key
        (GetPublicKey, DER) and signature.

Environment as for boto3_kms.py (see boto3_checks.py).
"""

import base64
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

from boto3_checks import FAILURES, client, equal, key_arn


def b64(data):
    return base64.b64encode(data).decode()


def ciphertexts(kms, folder):
    with open(os.path.join(folder, "library.json")) as f:
        library = json.load(f)
    opened = kms.decrypt(
        CiphertextBlob=base64.b64decode(library["ciphertext"]),
        EncryptionContext=library["context"],
    )
    equal("the library's ciphertext decrypts through boto3", opened["Plaintext"], library["plaintext"].encode())
    equal("the library's ciphertext: KeyId is the key's ARN", opened["KeyId"], key_arn(library["key_id"]))
    meta = kms.describe_key(KeyId="alias/from-library")["KeyMetadata"]
    equal("the library's alias resolves through boto3", meta["KeyId"], library["key_id"])

    key = kms.create_key(Description="made through boto3")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/from-boto3", TargetKeyId=key)
    context = {"made-by": "boto3"}
    plaintext = "sealed through the server"
    sealed = kms.encrypt(KeyId="alias/from-boto3", Plaintext=plaintext.encode(), EncryptionContext=context)
    data_key = kms.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext=context)
    with open(os.path.join(folder, "boto3.json"), "w") as f:
        json.dump(
            {
                "key_id": key,
                "context": context,
                "plaintext": plaintext,
                "ciphertext": b64(sealed["CiphertextBlob"]),
                "data_key_ciphertext": b64(data_key["CiphertextBlob"]),
                "data_key_plaintext": b64(data_key["Plaintext"]),
            },
            f,
        )


def sign(kms, folder):
    with open(os.path.join(folder, "message.txt"), "rb") as f:
        message = f.read()
    jobs = (
        ("ec", "ECC_NIST_P256", ("ECDSA_SHA_256",)),
        ("rsa", "RSA_2048", ("RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256")),
    )
    for name, spec, algorithms in jobs:
        key = kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        with open(os.path.join(folder, f"{name}.der"), "wb") as f:
            f.write(kms.get_public_key(KeyId=key)["PublicKey"])
        for algorithm in algorithms:
            signed = kms.sign(KeyId=key, Message=message, MessageType="RAW", SigningAlgorithm=algorithm)
            with open(os.path.join(folder, f"{algorithm}.sig"), "wb") as f:
                f.write(signed["Signature"])
            print(f"signed with {spec} {algorithm}")


def main(mode, folder):
    kms = client()
    {"ciphertexts": ciphertexts, "sign": sign}[mode](kms, folder)
    if FAILURES:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
