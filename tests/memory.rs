//! The conformance suite against the in-memory provider, directly and
//! through `Arc<dyn KeyManager>`.

mod conformance;

use std::sync::Arc;

use polykms::{InMemory, KeyManager, ManualClock};

fn provider() -> (Box<InMemory>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    (Box::new(InMemory::with_clock(clock.clone())), clock)
}

mod direct {
    use super::*;
    conformance_suite!(provider());
}

mod dyn_key_manager {
    use super::*;

    fn shared() -> (Arc<dyn KeyManager>, Arc<ManualClock>) {
        let (kms, clock) = provider();
        let kms: Arc<dyn KeyManager> = Arc::new(*kms);
        (kms, clock)
    }

    conformance_suite!(shared());
}
