//! An in-memory source: messages offered by a test, listed in the order offered, settled into
//! memory the test can read back, and a switch that makes the system unreachable. For tests of
//! the loop that drives sources, and the reference the conformance suite is checked against.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::{AdapterError, Disposition, Source};

/// The system behind a [`FakeSource`]: what waits, what was settled and how, whether it is up.
/// Clones share one system, so a test keeps one while the source it gave away reads it.
#[derive(Debug, Clone, Default)]
pub struct FakeSystem(Arc<Mutex<State>>);

#[derive(Debug, Default)]
struct State {
    /// Waiting messages by the order they were offered in.
    waiting: BTreeMap<u64, (String, Vec<u8>)>,
    next: u64,
    settled: Vec<(String, Disposition)>,
    down: bool,
    fetches: u64,
}

impl FakeSystem {
    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding it has failed already; its state is still readable.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Puts a message waiting and returns its id (`m000001`, `m000002`, … in the order offered).
    pub fn offer(&self, bytes: &[u8]) -> String {
        let mut s = self.state();
        s.next += 1;
        let id = format!("m{:06}", s.next);
        let n = s.next;
        s.waiting.insert(n, (id.clone(), bytes.to_vec()));
        id
    }

    /// Makes the system unreachable (`true`) or reachable again.
    pub fn set_down(&self, down: bool) {
        self.state().down = down;
    }

    /// Every settlement the source made, in order.
    pub fn settled(&self) -> Vec<(String, Disposition)> {
        self.state().settled.clone()
    }

    /// How many fetches reached the system.
    pub fn fetches(&self) -> u64 {
        self.state().fetches
    }

    /// A source reading this system, named `name`.
    pub fn source(&self, name: &str) -> FakeSource {
        FakeSource {
            name: name.to_string(),
            system: self.clone(),
        }
    }
}

/// A [`Source`] over a [`FakeSystem`]. Like a folder, it keeps what was settled failed (in
/// [`FakeSystem::settled`]) and is not shared between daemons.
#[derive(Debug, Clone)]
pub struct FakeSource {
    name: String,
    system: FakeSystem,
}

impl FakeSource {
    fn down(&self) -> AdapterError {
        AdapterError::Down {
            source_name: self.name.clone(),
            reason: "the fake system is switched off".into(),
        }
    }
}

impl Source for FakeSource {
    fn name(&self) -> &str {
        &self.name
    }

    async fn list(&mut self) -> Result<Vec<String>, AdapterError> {
        let s = self.system.state();
        if s.down {
            return Err(self.down());
        }
        Ok(s.waiting.values().map(|(id, _)| id.clone()).collect())
    }

    async fn fetch(&mut self, id: &str) -> Result<Vec<u8>, AdapterError> {
        let mut s = self.system.state();
        if s.down {
            return Err(self.down());
        }
        s.fetches += 1;
        s.waiting
            .values()
            .find(|(i, _)| i == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| AdapterError::Gone {
                source_name: self.name.clone(),
                id: id.to_string(),
            })
    }

    async fn settle(&mut self, id: &str, disposition: &Disposition) -> Result<(), AdapterError> {
        let mut s = self.system.state();
        if s.down {
            return Err(self.down());
        }
        let Some(n) = s
            .waiting
            .iter()
            .find(|(_, (i, _))| i == id)
            .map(|(n, _)| *n)
        else {
            return Err(AdapterError::Gone {
                source_name: self.name.clone(),
                id: id.to_string(),
            });
        };
        s.waiting.remove(&n);
        s.settled.push((id.to_string(), disposition.clone()));
        Ok(())
    }
}
