//! The folder and the document axis keep every promise of a source (the suite of
//! `dondoc_adapter_api::conformance`, which the in-memory fake passes too): list, fetch, settle,
//! down, duplicate offer.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use dondoc::config::SpoolConfig;
use dondoc::sync::spool::Spool;
use dondoc_adapter_api::conformance::{self, Harness};
use dondoc_vdxp::{VdxpConfig, VdxpSource};
use wiremock::MockServer;

use crate::mock_axis::{self, Axis, COMMITTEE};

/// A spool folder: a message offered is a file dropped in the inbox, named so that names sort
/// as offered; a folder that is down is an inbox that cannot be read (an unmounted share).
struct Folder {
    root: tempfile::TempDir,
    spool: Spool,
    offered: usize,
}

impl Folder {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let spool = Spool::new(SpoolConfig {
            name: "inbox".into(),
            path: root.path().join("inbox"),
            poll_interval: Duration::from_secs(1),
            settle: Duration::ZERO,
        });
        spool.prepare().unwrap();
        Self {
            root,
            spool,
            offered: 0,
        }
    }
}

impl Harness for Folder {
    type Source = Spool;

    fn source(&mut self) -> &mut Spool {
        &mut self.spool
    }

    async fn offer(&mut self, bytes: &[u8]) -> String {
        self.offered += 1;
        let name = format!("{:06}.edxml", self.offered);
        std::fs::write(self.spool.inbox().join(&name), bytes).unwrap();
        name
    }

    async fn set_down(&mut self, down: bool) {
        let (inbox, away) = (self.spool.inbox(), self.root.path().join("unmounted"));
        if down {
            std::fs::rename(inbox, away).unwrap();
        } else {
            std::fs::rename(away, inbox).unwrap();
        }
    }
}

#[tokio::test]
async fn the_spool_folder_keeps_every_promise_of_a_source() {
    conformance::check_all(|| async { Folder::new() }).await;
}

/// The axis with memory: a message offered is a document from the Committee to us; down, every
/// operation answers 503.
struct AxisHarness {
    _server: MockServer,
    axis: Arc<Axis>,
    source: VdxpSource,
    offered: usize,
}

impl AxisHarness {
    async fn new() -> Self {
        let (server, axis) = mock_axis::start(BTreeMap::new()).await;
        let source = VdxpSource::new(VdxpConfig {
            name: "axis".into(),
            endpoint: server.uri().parse().unwrap(),
            system_id: "000.00.31.H57".into(),
            secret: "conformance".to_string().into(),
            page_size: 2,
            timeout: Duration::from_secs(5),
            // A request that fails is not retried: the case looks at one pass.
            max_retries: 0,
            retry_base: Duration::from_millis(1),
            retry_max: Duration::from_millis(1),
            our_organ_ids: vec!["000.00.31.H57".into()],
            tracked_issuers: vec![COMMITTEE.into()],
            acknowledge_as: None,
            max_reply_bytes: 4 << 20,
            spill_dir: None,
        })
        .unwrap();
        Self {
            _server: server,
            axis,
            source,
            offered: 0,
        }
    }
}

impl Harness for AxisHarness {
    type Source = VdxpSource;

    fn source(&mut self) -> &mut VdxpSource {
        &mut self.source
    }

    async fn offer(&mut self, bytes: &[u8]) -> String {
        self.offered += 1;
        let id = format!("doc-{:06}", self.offered);
        self.axis
            .waiting
            .lock()
            .unwrap()
            .insert(id.clone(), bytes.to_vec());
        id
    }

    async fn set_down(&mut self, down: bool) {
        self.axis.down.store(down, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn the_document_axis_keeps_every_promise_of_a_source() {
    conformance::check_all(AxisHarness::new).await;
}
