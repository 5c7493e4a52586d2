//! The conformance suite against the in-memory provider, through both
//! interfaces: directly, and as `Arc<dyn KeyManager>` behind a `Box` (every
//! call through the forwarding implementations); then through the async
//! interface, directly on a current-thread runtime and as
//! `Arc<dyn AsyncKeyManager>` on a multi-thread one.

use std::sync::Arc;

use polykms::conformance::ThroughAsync;
use polykms::{AsyncKeyManager, InMemory, KeyManager, ManualClock};

fn provider() -> (Box<InMemory>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    (Box::new(InMemory::with_clock(clock.clone())), clock)
}

mod direct {
    use super::*;
    polykms::conformance_suite!(provider(); contract, clock, import, extensions);
}

mod dyn_key_manager {
    use super::*;

    fn shared() -> (Box<Arc<dyn KeyManager>>, Arc<ManualClock>) {
        let (kms, clock) = provider();
        let kms: Arc<dyn KeyManager> = Arc::new(*kms);
        (Box::new(kms), clock)
    }

    polykms::conformance_suite!(shared(); contract, clock, import, extensions);
}

mod through_async {
    use super::*;
    polykms::conformance_suite!(async: provider(); contract, clock, import, extensions);
}

mod dyn_async_key_manager {
    use super::*;

    type Shared = ThroughAsync<Arc<dyn AsyncKeyManager>>;

    fn shared() -> (Box<Shared>, Arc<ManualClock>) {
        let (kms, clock) = provider();
        let kms: Arc<dyn AsyncKeyManager> = Arc::new(*kms);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        (Box::new(ThroughAsync::with_runtime(kms, runtime)), clock)
    }

    polykms::conformance_suite!(shared(); contract, clock, import, extensions);
}
