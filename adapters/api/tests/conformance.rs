//! The in-memory fake keeps every promise of a source, as the folder and the axis do.

use dondoc_adapter_api::conformance::{self, Harness};
use dondoc_adapter_api::fake::{FakeSource, FakeSystem};
use dondoc_adapter_api::{Disposition, Source};

struct Fake {
    system: FakeSystem,
    source: FakeSource,
}

impl Harness for Fake {
    type Source = FakeSource;

    fn source(&mut self) -> &mut FakeSource {
        &mut self.source
    }

    async fn offer(&mut self, bytes: &[u8]) -> String {
        self.system.offer(bytes)
    }

    async fn set_down(&mut self, down: bool) {
        self.system.set_down(down);
    }
}

fn fake() -> Fake {
    let system = FakeSystem::default();
    let source = system.source("fake");
    Fake { system, source }
}

#[tokio::test]
async fn the_fake_source_keeps_every_promise_of_a_source() {
    conformance::check_all(|| async { fake() }).await;
}

#[tokio::test]
async fn the_fake_system_records_each_settlement_and_what_it_served() {
    let mut h = fake();
    let a = h.system.offer(b"a");
    let b = h.system.offer(b"b");
    h.source.fetch(&a).await.unwrap();
    h.source.settle(&a, &Disposition::Done).await.unwrap();
    h.source
        .settle(&b, &Disposition::Failed { reason: "x".into() })
        .await
        .unwrap();
    assert_eq!(
        h.system.settled(),
        [
            (a.clone(), Disposition::Done),
            (b, Disposition::Failed { reason: "x".into() })
        ]
    );
    assert_eq!(h.system.fetches(), 1);
    assert!(matches!(
        h.source.fetch(&a).await,
        Err(dondoc_adapter_api::AdapterError::Gone { .. })
    ));
}
