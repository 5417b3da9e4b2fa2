//! Live fetch progress for the Link success page. Each replica keeps the progress of the
//! fetches it runs in memory and publishes it to subscribers (the page's event stream); the
//! durable state (running/done/failed, current step) is in the store for every replica.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;
use uuid::Uuid;

/// Where a consent's fetch is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchProgress {
    /// Fetching: the API area and how many of its resources are done.
    Running {
        area: String,
        done: usize,
        total: usize,
    },
    Done,
    Failed,
}

/// Publishes progress per consent.
#[derive(Clone, Default)]
pub struct ProgressHub {
    channels: Arc<Mutex<HashMap<Uuid, watch::Sender<Option<FetchProgress>>>>>,
}

impl ProgressHub {
    /// Subscribes to a consent's progress (a fresh channel if nothing ran yet on this replica).
    pub fn subscribe(&self, consent_id: Uuid) -> watch::Receiver<Option<FetchProgress>> {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        channels.entry(consent_id).or_insert_with(|| watch::channel(None).0).subscribe()
    }

    pub fn publish(&self, consent_id: Uuid, progress: FetchProgress) {
        let finished = matches!(progress, FetchProgress::Done | FetchProgress::Failed);
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        let sender = channels.entry(consent_id).or_insert_with(|| watch::channel(None).0);
        sender.send_replace(Some(progress));
        if finished {
            // Subscribers keep their receiver (and see the final value); the hub forgets it.
            channels.remove(&consent_id);
        }
    }
}
