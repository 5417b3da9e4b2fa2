//! The partner's event receiver: notes when each consent's `consent_authorised` arrives.

use super::*;

/// What the receiver knows about one consent's event.
pub(super) enum Slot {
    Arrived(Instant),
    Waiting(oneshot::Sender<Instant>),
}

#[derive(Default)]
pub(super) struct Receiver {
    pub(super) state: Mutex<ReceiverState>,
}

#[derive(Default)]
pub(super) struct ReceiverState {
    /// `consent_authorised` events by consentId, until a journey takes them.
    pub(super) slots: HashMap<String, Slot>,
    pub(super) seen: HashSet<String>,
    pub(super) counts: BTreeMap<String, u64>,
    pub(super) last_link_created: Option<Instant>,
    pub(super) duplicates: u64,
}

impl Receiver {
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, ReceiverState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn arrived(&self, webhook_id: Option<&str>, body: &[u8], at: Instant) {
        let event: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let name = event["eventName"].as_str().unwrap_or("(not an event)").to_owned();
        let mut state = self.lock();
        if let Some(id) = webhook_id
            && !state.seen.insert(id.to_owned())
        {
            state.duplicates += 1;
            return;
        }
        *state.counts.entry(name.clone()).or_insert(0) += 1;
        if name == "link_created" {
            state.last_link_created = Some(at);
        }
        if name != EVENT {
            return;
        }
        let Some(consent) = event["payload"]["consents"]["consentId"].as_str() else { return };
        match state.slots.remove(consent) {
            Some(Slot::Waiting(waiter)) => {
                let _ = waiter.send(at);
            }
            Some(arrived @ Slot::Arrived(_)) => {
                state.slots.insert(consent.to_owned(), arrived);
            }
            None => {
                state.slots.insert(consent.to_owned(), Slot::Arrived(at));
            }
        }
    }

    /// When the consent's event arrived (perhaps before this call).
    pub(super) async fn wait(&self, consent: &str) -> Option<Instant> {
        let waiting = {
            let mut state = self.lock();
            match state.slots.remove(consent) {
                Some(Slot::Arrived(at)) => return Some(at),
                _ => {
                    let (tx, rx) = oneshot::channel();
                    state.slots.insert(consent.to_owned(), Slot::Waiting(tx));
                    rx
                }
            }
        };
        let arrived = tokio::time::timeout(EVENT_TIMEOUT, waiting).await.ok().and_then(Result::ok);
        if arrived.is_none() {
            self.lock().slots.remove(consent);
        }
        arrived
    }

    /// `link_created` events read so far, and when the last one came.
    pub(super) fn link_events(&self) -> (u64, Option<Instant>) {
        let state = self.lock();
        (state.counts.get("link_created").copied().unwrap_or(0), state.last_link_created)
    }

    pub(super) fn counts(&self) -> (BTreeMap<String, u64>, u64) {
        let state = self.lock();
        (state.counts.clone(), state.duplicates)
    }
}

/// Serves the receiver on 127.0.0.1:0 for the rest of the process; returns its URL.
pub(super) async fn serve_receiver(receiver: Arc<Receiver>) -> anyhow::Result<String> {
    let router = Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let receiver = receiver.clone();
        async move {
            let at = Instant::now();
            let id = headers.get("webhook-id").and_then(|v| v.to_str().ok());
            receiver.arrived(id, &body, at);
            "ok"
        }
    });
    let listener =
        tokio::net::TcpListener::bind("127.0.0.1:0").await.context("listening for the event receiver")?;
    let url = format!("http://{}/events", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(url)
}

// The partner's backend: one keep-alive connection per client.

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, consent: &str) -> Vec<u8> {
        json!({ "eventName": name, "payload": { "consents": { "consentId": consent } } })
            .to_string()
            .into_bytes()
    }

    #[tokio::test]
    async fn the_receiver_hands_each_consent_its_event_whether_it_came_before_or_after() {
        let receiver = Arc::new(Receiver::default());
        let early = Instant::now();
        receiver.arrived(Some("w1"), &event(EVENT, "c1"), early);
        assert_eq!(receiver.wait("c1").await, Some(early));

        let waiting = {
            let receiver = receiver.clone();
            tokio::spawn(async move { receiver.wait("c2").await })
        };
        tokio::task::yield_now().await;
        let late = Instant::now();
        receiver.arrived(Some("w2"), &event(EVENT, "c2"), late);
        assert_eq!(waiting.await.unwrap(), Some(late));
    }

    #[test]
    fn the_receiver_counts_events_by_name_and_ignores_redeliveries() {
        let receiver = Receiver::default();
        let now = Instant::now();
        receiver.arrived(Some("w1"), &event("link_created", ""), now);
        receiver.arrived(Some("w1"), &event("link_created", ""), now);
        receiver.arrived(Some("w2"), &event(EVENT, "c1"), now);
        receiver.arrived(Some("w2"), &event(EVENT, "c1"), now);
        let (counts, duplicates) = receiver.counts();
        assert_eq!(counts.get("link_created"), Some(&1));
        assert_eq!(counts.get(EVENT), Some(&1));
        assert_eq!(duplicates, 2);
        assert_eq!(receiver.link_events(), (1, Some(now)));
    }
}
