//! The conformance suite against the in-memory provider: directly, and as
//! `Arc<dyn KeyManager>` behind a `Box` (every call through the forwarding
//! implementations).

use std::sync::Arc;

use polykms::{InMemory, KeyManager, ManualClock};

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
