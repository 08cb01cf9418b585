//! What every [`Source`] must do, as one suite each source's tests run against a harness of
//! theirs: the folder, the document axis (against a mock built from its published format), the
//! in-memory fake. The loop that drives sources relies on exactly these promises:
//!
//! - **list**: what waits is listed, once each and nothing else, in the system's order (each
//!   harness offers its messages in that order: a folder's is its file names', an axis's its
//!   list's);
//! - **fetch**: gives the message's bytes as sent, as often as asked, until it is settled;
//! - **settle**: a message settled (done, failed or dropped) is not listed again and cannot be
//!   fetched (it is gone), and the others stay;
//! - **down**: an unreachable system fails the listing (never an empty success, which would read
//!   as "nothing waits"), and once it is back everything offered is still there;
//! - **duplicate offer**: the same bytes offered twice are two messages, both listed and both
//!   fetched whole — telling them apart is the store's work (by the message's hash), not the
//!   source's.
//!
//! A failed check panics with the case's name and what was seen: the suite runs inside tests.

use std::future::Future;

use crate::{AdapterError, Disposition, Source};

/// The system behind a source, as a test drives it.
pub trait Harness: Send {
    type Source: Source;

    /// The source under test, reading this system.
    fn source(&mut self) -> &mut Self::Source;

    /// Puts a message waiting, after every one offered before, and returns the id the source
    /// will list it under.
    fn offer(&mut self, bytes: &[u8]) -> impl Future<Output = String> + Send;

    /// Makes the system unreachable (`true`) or reachable again.
    fn set_down(&mut self, down: bool) -> impl Future<Output = ()> + Send;
}

/// Runs every case, each on a fresh harness from `make`.
pub async fn check_all<H, F, Fut>(mut make: F)
where
    H: Harness,
    F: FnMut() -> Fut,
    Fut: Future<Output = H>,
{
    lists_what_waits_in_the_order_offered(&mut make().await).await;
    fetch_gives_the_bytes_as_sent(&mut make().await).await;
    a_settled_message_is_not_listed_again(&mut make().await).await;
    a_system_that_is_down_fails_the_listing_and_loses_nothing(&mut make().await).await;
    the_same_bytes_offered_twice_are_two_messages(&mut make().await).await;
}

async fn list<H: Harness>(h: &mut H, case: &str) -> Vec<String> {
    match h.source().list().await {
        Ok(ids) => ids,
        Err(e) => panic!("{case}: listing failed: {e}"),
    }
}

async fn fetch<H: Harness>(h: &mut H, id: &str, case: &str) -> Vec<u8> {
    match h.source().fetch(id).await {
        Ok(bytes) => bytes,
        Err(e) => panic!("{case}: fetching {id} failed: {e}"),
    }
}

/// A message the way a real one looks to a source: XML with Vietnamese text, a few lines.
fn message(n: usize) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<edXML><Subject>Văn bản số {n}/UBND-KT \
         về việc đôn đốc</Subject></edXML>\n"
    )
    .into_bytes()
}

/// list: what waits is listed, once each and nothing else, in the order offered.
pub async fn lists_what_waits_in_the_order_offered<H: Harness>(h: &mut H) {
    const CASE: &str = "list";
    assert_eq!(
        list(h, CASE).await,
        Vec::<String>::new(),
        "{CASE}: an empty system lists nothing"
    );
    let mut offered = Vec::new();
    for n in 1..=3 {
        offered.push(h.offer(&message(n)).await);
    }
    assert_eq!(list(h, CASE).await, offered, "{CASE}: listed as offered");
    assert_eq!(
        list(h, CASE).await,
        offered,
        "{CASE}: listing again changes nothing"
    );
}

/// fetch: the bytes as sent, as often as asked, until settled; binary and large ones too.
pub async fn fetch_gives_the_bytes_as_sent<H: Harness>(h: &mut H) {
    const CASE: &str = "fetch";
    let mut large = message(7);
    // 256 KiB of every byte value: nothing is decoded, trimmed or re-encoded on the way.
    large.extend((0..256 * 1024).map(|i| (i % 251) as u8));
    let small = message(1);
    let a = h.offer(&small).await;
    let b = h.offer(&large).await;
    assert!(
        fetch(h, &a, CASE).await == small,
        "{CASE}: {a} fetched as sent"
    );
    assert!(
        fetch(h, &b, CASE).await == large,
        "{CASE}: {b} fetched as sent"
    );
    assert!(
        fetch(h, &a, CASE).await == small,
        "{CASE}: {a} fetched again, the same"
    );
    assert_eq!(
        list(h, CASE).await,
        [a, b],
        "{CASE}: fetching settles nothing"
    );
}

/// settle: a message settled done, failed or dropped is not listed again and is gone; the
/// others stay.
pub async fn a_settled_message_is_not_listed_again<H: Harness>(h: &mut H) {
    const CASE: &str = "settle";
    let ids: Vec<String> = {
        let mut ids = Vec::new();
        for n in 1..=4 {
            ids.push(h.offer(&message(n)).await);
        }
        ids
    };
    let dispositions = [
        Disposition::Done,
        Disposition::Failed {
            reason: "field Code: is missing".into(),
        },
        Disposition::Dropped,
    ];
    for (id, disposition) in ids.iter().zip(&dispositions) {
        let _ = fetch(h, id, CASE).await;
        if let Err(e) = h.source().settle(id, disposition).await {
            panic!("{CASE}: settling {id} as {disposition:?} failed: {e}");
        }
    }
    assert_eq!(
        list(h, CASE).await,
        [ids[3].clone()],
        "{CASE}: only the unsettled message is listed"
    );
    for id in &ids[..3] {
        match h.source().fetch(id).await {
            Err(AdapterError::Gone { .. }) => {}
            other => panic!("{CASE}: fetching {id} once settled gave {other:?}"),
        }
    }
}

/// down: the listing fails while the system is unreachable; nothing is lost when it is back.
pub async fn a_system_that_is_down_fails_the_listing_and_loses_nothing<H: Harness>(h: &mut H) {
    const CASE: &str = "down";
    let a = h.offer(&message(1)).await;
    h.set_down(true).await;
    match h.source().list().await {
        Err(AdapterError::Down { .. } | AdapterError::Unavailable { .. }) => {}
        other => panic!("{CASE}: listing a system that is down gave {other:?}"),
    }
    h.set_down(false).await;
    assert_eq!(
        list(h, CASE).await,
        std::slice::from_ref(&a),
        "{CASE}: listed again once back"
    );
    assert!(
        fetch(h, &a, CASE).await == message(1),
        "{CASE}: fetched whole once back"
    );
}

/// duplicate offer: the same bytes twice are two messages, both listed and fetched whole.
pub async fn the_same_bytes_offered_twice_are_two_messages<H: Harness>(h: &mut H) {
    const CASE: &str = "duplicate offer";
    let a = h.offer(&message(5)).await;
    let b = h.offer(&message(5)).await;
    assert_ne!(a, b, "{CASE}: two offers, two ids");
    assert_eq!(
        list(h, CASE).await,
        [a.clone(), b.clone()],
        "{CASE}: both listed"
    );
    for id in [&a, &b] {
        assert!(
            fetch(h, id, CASE).await == message(5),
            "{CASE}: {id} fetched whole"
        );
    }
}
