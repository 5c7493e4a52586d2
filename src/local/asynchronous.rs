//! [`AsyncKeyManager`] for every [`Local`] provider, written once: each
//! operation runs inline, in the future's first poll, unless it is slow,
//! in which case it runs off the executor ([`offload::run`]). What is slow
//! is decided from the request alone (no lookup): RSA key generation and
//! RSA private-key operations always; writes when the storage says they
//! may block ([`Persist::SLOW_WRITES`]: the file store's fsync and lock).

use std::sync::Arc;

use super::{Local, Storage, offload};
use crate::engine::{Engine, Persist};
use crate::manager::{AsyncKeyManager, with_key_manager_methods};
use crate::request::{
    CreateAliasRequest, CreateKeyRequest, DecryptRequest, DeriveSharedSecretRequest,
    EnableKeyRotationRequest, EncryptRequest, GenerateDataKeyPairRequest, GenerateDataKeyRequest,
    GenerateMacRequest, GenerateRandomRequest, GetParametersForImportRequest,
    ImportKeyMaterialRequest, ImportPublicKeyRequest, ListAliasesRequest, ListKeyRotationsRequest,
    ListKeysRequest, ListResourceTagsRequest, ReEncryptRequest, ScheduleKeyDeletionRequest,
    SetMinimumDecryptionVersionRequest, SignRequest, TagResourceRequest, UntagResourceRequest,
    UpdateAliasRequest, UpdateKeyDescriptionRequest, VerifyMacRequest, VerifyRequest,
};
use crate::spec::{
    DataKeyPairSpec, EncryptionAlgorithm, KeySpec, SigningAlgorithm, WrappingKeySpec,
};
use crate::{BoxFuture, Result};

impl<S: Storage> Local<S> {
    /// Whether writes run off the executor.
    const SLOW_WRITES: bool = <S as Persist>::SLOW_WRITES;

    /// A future that runs `call` when first polled, on the executor.
    fn inline<'a, T>(
        &'a self,
        call: impl FnOnce(&Engine<S>) -> Result<T> + Send + 'a,
    ) -> BoxFuture<'a, Result<T>> {
        Box::pin(async move { call(&self.engine) })
    }

    /// A future that runs `call` off the executor once first polled.
    fn offload<'a, T: Send + 'static>(
        &'a self,
        call: impl FnOnce(&Engine<S>) -> Result<T> + Send + 'static,
    ) -> BoxFuture<'a, Result<T>> {
        let engine = Arc::clone(&self.engine);
        Box::pin(offload::run(move || call(&engine)))
    }
}

/// The async methods of a local provider: a method taking a key reference
/// or request runs the engine's method of the same name inline, or off the
/// executor with an owned copy of its argument when the write or the
/// request is slow. The provided methods are the engine's too.
macro_rules! local_async_methods {
    (() $lt:lifetime; required: [$($kind:ident $name:ident $args:tt -> $out:ty;)+]
     provided: [$($pkind:ident $pname:ident $pargs:tt -> $pout:ty;)+]) => {
        $(local_async_methods!(@method $lt $kind $name $args $out);)+
        $(local_async_methods!(@method $lt $pkind $pname $pargs $pout);)+
    };
    (@method $lt:lifetime $kind:ident $name:ident ($arg:ident: &$l:lifetime str) $out:ty) => {
        fn $name<$lt>(&$lt self, $arg: &$lt str) -> BoxFuture<$lt, Result<$out>> {
            if local_async_methods!(@slow $kind) {
                let $arg = $arg.to_owned();
                self.offload(move |engine| engine.$name(&$arg))
            } else {
                self.inline(move |engine| engine.$name($arg))
            }
        }
    };
    (@method $lt:lifetime $kind:ident $name:ident ($arg:ident: $ty:ty) $out:ty) => {
        fn $name<$lt>(&$lt self, $arg: $ty) -> BoxFuture<$lt, Result<$out>> {
            if local_async_methods!(@slow $kind) || Request::is_slow(&$arg) {
                let $arg = Request::into_owned($arg);
                self.offload(move |engine| engine.$name($arg))
            } else {
                self.inline(move |engine| engine.$name($arg))
            }
        }
    };
    (@slow read) => { false };
    (@slow write) => { Self::SLOW_WRITES };
}

impl<S: Storage> AsyncKeyManager for Local<S> {
    with_key_manager_methods!(local_async_methods!() 'a);
}

/// A request as the async methods see it (and the blocking adapter,
/// [`Blocking`](crate::Blocking), which moves it to its runtime thread).
pub(crate) trait Request {
    /// The same request owning its data, to move to another thread.
    type Owned: Send + 'static;

    /// The request owning its data.
    fn into_owned(self) -> Self::Owned;

    /// Whether the operation takes more than about a millisecond whatever
    /// the storage: RSA key generation (up to seconds for RSA_4096) or an
    /// RSA private-key operation (0.5 to 10 ms).
    fn is_slow(&self) -> bool;
}

/// [`Request`] for the requests that own their data and for those that
/// borrow it, each with the test that makes it slow, if any.
macro_rules! requests {
    ($($kind:ident $name:ident $(=> $slow:expr)?;)+) => {
        $(requests!(@impl $kind $name, $($slow)?);)+
    };
    (@impl owned $name:ident, $($slow:expr)?) => {
        impl Request for $name {
            type Owned = Self;
            fn into_owned(self) -> Self {
                self
            }
            requests!(@is_slow $($slow)?);
        }
    };
    (@impl borrowed $name:ident, $($slow:expr)?) => {
        impl Request for $name<'_> {
            type Owned = $name<'static>;
            fn into_owned(self) -> $name<'static> {
                $name::into_owned(self)
            }
            requests!(@is_slow $($slow)?);
        }
    };
    (@is_slow) => {
        fn is_slow(&self) -> bool {
            false
        }
    };
    (@is_slow $slow:expr) => {
        fn is_slow(&self) -> bool {
            let slow: fn(&Self) -> bool = $slow;
            slow(self)
        }
    };
}

requests! {
    owned CreateKeyRequest => |r| rsa_key(r.key_spec) || ml_dsa_key(r.key_spec);
    owned ListKeysRequest;
    owned UpdateKeyDescriptionRequest;
    owned ScheduleKeyDeletionRequest;
    owned CreateAliasRequest;
    owned UpdateAliasRequest;
    owned ListAliasesRequest;
    owned TagResourceRequest;
    owned UntagResourceRequest;
    owned ListResourceTagsRequest;
    borrowed EncryptRequest;
    borrowed DecryptRequest => |r| rsa_decryption(r.algorithm);
    borrowed ReEncryptRequest => |r| rsa_decryption(r.source.algorithm);
    borrowed GenerateDataKeyRequest;
    borrowed GenerateDataKeyPairRequest => |r| rsa_pair(r.key_pair_spec);
    borrowed SignRequest => |r| {
        rsa_signature(r.algorithm) || r.algorithm == SigningAlgorithm::MlDsaShake256
    };
    borrowed VerifyRequest;
    borrowed GenerateMacRequest;
    borrowed VerifyMacRequest;
    borrowed DeriveSharedSecretRequest;
    owned GenerateRandomRequest;
    owned EnableKeyRotationRequest;
    owned ListKeyRotationsRequest;
    owned SetMinimumDecryptionVersionRequest;
    owned GetParametersForImportRequest => |r| rsa_wrapping(r.wrapping_key_spec);
    // Unwraps with the wrapping key's private key, which may be RSA.
    owned ImportKeyMaterialRequest => |_| true;
    owned ImportPublicKeyRequest;
}

fn rsa_key(spec: KeySpec) -> bool {
    spec.rsa_modulus_bytes().is_some()
}

fn rsa_pair(spec: DataKeyPairSpec) -> bool {
    use DataKeyPairSpec as P;
    matches!(spec, P::Rsa2048 | P::Rsa3072 | P::Rsa4096)
}

/// ML-DSA key generation expands the seed into the matrix and vectors
/// (milliseconds here, as ML-DSA signing, whose rejection loop may repeat).
fn ml_dsa_key(spec: KeySpec) -> bool {
    matches!(spec, KeySpec::MlDsa44 | KeySpec::MlDsa65 | KeySpec::MlDsa87)
}

fn rsa_wrapping(spec: WrappingKeySpec) -> bool {
    use WrappingKeySpec as W;
    matches!(spec, W::Rsa2048 | W::Rsa3072 | W::Rsa4096)
}

fn rsa_decryption(algorithm: EncryptionAlgorithm) -> bool {
    use EncryptionAlgorithm as E;
    matches!(algorithm, E::RsaesOaepSha1 | E::RsaesOaepSha256)
}

fn rsa_signature(algorithm: SigningAlgorithm) -> bool {
    use SigningAlgorithm as S;
    matches!(
        algorithm,
        S::RsassaPssSha256
            | S::RsassaPssSha384
            | S::RsassaPssSha512
            | S::RsassaPkcs1V15Sha256
            | S::RsassaPkcs1V15Sha384
            | S::RsassaPkcs1V15Sha512
    )
}

#[cfg(test)]
mod tests {
    use std::task::{Context, Waker};

    use super::*;
    use crate::{
        CreateKeyRequest, FileKeyManager, InMemory, KeyManager, KeyUsage, RootKey, SecretBytes,
        Tag, WrappingAlgorithm,
    };

    /// Whether `future` completed in its first poll: the work ran inline.
    fn ran_inline<T>(mut future: BoxFuture<'_, T>) -> bool {
        let mut cx = Context::from_waker(Waker::noop());
        future.as_mut().poll(&mut cx).is_ready()
    }

    fn create(kms: &impl KeyManager, request: CreateKeyRequest) -> String {
        kms.create_key(request).unwrap().key_id.to_string()
    }

    #[test]
    fn in_memory_runs_cheap_work_inline() {
        let kms = InMemory::new();
        let aes = create(&kms, CreateKeyRequest::new(KeySpec::SymmetricDefault));
        let a = &kms as &dyn AsyncKeyManager;
        assert!(ran_inline(
            a.create_key(CreateKeyRequest::new(KeySpec::EccNistP256))
        ));
        assert!(ran_inline(a.describe_key(&aes)));
        assert!(ran_inline(a.encrypt(EncryptRequest::new(&aes, b"x"))));
        let tags = TagResourceRequest::new(&aes, [Tag::new("k", "v")]);
        assert!(ran_inline(a.tag_resource(tags)));
        assert!(ran_inline(a.rotate_key_on_demand(&aes)));
        let pair = GenerateDataKeyPairRequest::new(&aes, DataKeyPairSpec::EccNistP256);
        assert!(ran_inline(a.generate_data_key_pair(pair)));
    }

    #[test]
    fn rsa_generation_and_private_key_work_run_off_the_executor() {
        let kms = InMemory::new();
        let aes = create(&kms, CreateKeyRequest::new(KeySpec::SymmetricDefault));
        let signer = create(&kms, CreateKeyRequest::new(KeySpec::Rsa2048));
        let external =
            CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(crate::Origin::External);
        let external = create(&kms, external);
        let a = &kms as &dyn AsyncKeyManager;
        assert!(!ran_inline(
            a.create_key(CreateKeyRequest::new(KeySpec::Rsa2048))
        ));
        let pair = GenerateDataKeyPairRequest::new(&aes, DataKeyPairSpec::Rsa2048);
        assert!(!ran_inline(
            a.generate_data_key_pair_without_plaintext(pair)
        ));
        let sign = SignRequest::new(&signer, b"m", SigningAlgorithm::RsassaPssSha256);
        assert!(!ran_inline(a.sign(sign)));
        let decrypt = DecryptRequest::new(&[0; 256])
            .key_id(&signer)
            .algorithm(EncryptionAlgorithm::RsaesOaepSha256);
        assert!(!ran_inline(a.decrypt(decrypt)));
        let params = GetParametersForImportRequest::new(
            &external,
            WrappingAlgorithm::RsaesOaepSha256,
            WrappingKeySpec::Rsa2048,
        );
        assert!(!ran_inline(a.get_parameters_for_import(params)));
        let import = ImportKeyMaterialRequest::new(&external, [0; 8], [0; 8]);
        assert!(!ran_inline(a.import_key_material(import)));
    }

    #[test]
    fn ml_dsa_generation_and_signing_run_off_the_executor_and_verifying_inline() {
        let kms = InMemory::new();
        let key = create(&kms, CreateKeyRequest::new(KeySpec::MlDsa65));
        let a = &kms as &dyn AsyncKeyManager;
        assert!(!ran_inline(
            a.create_key(CreateKeyRequest::new(KeySpec::MlDsa44))
        ));
        let alg = SigningAlgorithm::MlDsaShake256;
        assert!(!ran_inline(a.sign(SignRequest::new(&key, b"m", alg))));
        let signature = KeyManager::sign(&kms, SignRequest::new(&key, b"m", alg))
            .unwrap()
            .signature;
        let verify = crate::VerifyRequest::new(&key, b"m", alg, &signature);
        assert!(ran_inline(a.verify(verify)));
    }

    #[test]
    fn the_file_store_writes_off_the_executor_and_reads_inline() {
        let dir = tempfile::tempdir().unwrap();
        let root = RootKey::Key(SecretBytes::from(vec![7; 32]));
        let kms = FileKeyManager::create(dir.path().join("store"), root).unwrap();
        let usage = KeyUsage::EncryptDecrypt;
        let aes = create(&kms, CreateKeyRequest::new(KeySpec::Sm4).usage(usage));
        let a = &kms as &dyn AsyncKeyManager;
        assert!(ran_inline(a.describe_key(&aes)));
        assert!(ran_inline(a.encrypt(EncryptRequest::new(&aes, b"x"))));
        assert!(!ran_inline(a.disable_key(&aes)));
        let tags = TagResourceRequest::new(&aes, [Tag::new("k", "v")]);
        assert!(!ran_inline(a.tag_resource(tags)));
        assert!(!ran_inline(
            a.create_key(CreateKeyRequest::new(KeySpec::Hmac256))
        ));
    }
}
