//! The signature nonces seen recently: a request signed with a nonce the
//! same AccessKey used within the signature window is a replay.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// How many nonces are kept before expired ones are swept (a sweep is
/// linear, so sweeping at every doubling keeps it amortised constant).
const SWEEP_FLOOR: usize = 4096;

/// The nonces of the last window, each with the time until which it is
/// remembered.
#[derive(Debug)]
pub(crate) struct Nonces {
    window: Duration,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    until: HashMap<(String, String), SystemTime>,
    sweep_at: usize,
}

impl Nonces {
    /// Remembers nonces for `window` past their request's timestamp (a
    /// request older than the window is refused for its timestamp alone).
    pub(crate) fn new(window: Duration) -> Self {
        Self {
            window,
            seen: Mutex::new(Seen {
                until: HashMap::new(),
                sweep_at: SWEEP_FLOOR,
            }),
        }
    }

    /// Records `nonce` of `access_key_id`, signed at `timestamp`; `false`
    /// if it was recorded already and is still remembered at `now`.
    pub(crate) fn first_use(
        &self,
        access_key_id: &str,
        nonce: &str,
        timestamp: SystemTime,
        now: SystemTime,
    ) -> bool {
        // A request is accepted while its timestamp is within the window
        // of the clock, so its nonce must be remembered that long.
        let until = timestamp.max(now) + self.window;
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let key = (access_key_id.to_owned(), nonce.to_owned());
        if seen.until.get(&key).is_some_and(|&u| u > now) {
            return false;
        }
        seen.until.insert(key, until);
        if seen.until.len() >= seen.sweep_at {
            seen.until.retain(|_, u| *u > now);
            seen.sweep_at = (seen.until.len() * 2).max(SWEEP_FLOOR);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_refused_again_within_the_window_and_per_access_key() {
        let nonces = Nonces::new(Duration::from_secs(900));
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert!(nonces.first_use("AK1", "n1", t, t));
        assert!(!nonces.first_use("AK1", "n1", t, t + Duration::from_secs(10)));
        assert!(nonces.first_use("AK2", "n1", t, t), "another AccessKey's");
        assert!(nonces.first_use("AK1", "n2", t, t));
        let later = t + Duration::from_secs(901);
        assert!(nonces.first_use("AK1", "n1", t, later), "forgotten after");
    }

    #[test]
    fn expired_nonces_are_swept_so_memory_stays_bounded() {
        let nonces = Nonces::new(Duration::from_secs(60));
        let mut t = SystemTime::UNIX_EPOCH;
        for i in 0..50_000 {
            t += Duration::from_secs(1);
            assert!(nonces.first_use("AK", &i.to_string(), t, t));
        }
        let kept = nonces.seen.lock().unwrap().until.len();
        assert!(kept < 2 * SWEEP_FLOOR, "{kept} nonces kept");
    }
}
