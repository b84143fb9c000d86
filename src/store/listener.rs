//! What the local listener keeps besides the requests it received: one row
//! per `listen` run (what its requests share), and its own signing secret.

use rusqlite::{OptionalExtension, Transaction, params};

use super::Store;
use crate::clock;
use crate::error::{Error, Result};
use crate::signing::Secret;

/// One `listen` run, as its requests are recorded under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listen {
    pub id: i64,
    pub started_at: i64,
    pub url: String,
    pub forward_to: Option<String>,
}

impl Listen {
    /// Writes the run's row again if a prune removed it while the run had
    /// recorded nothing yet.
    pub(super) fn ensure_in(&self, tx: &Transaction<'_>) -> Result<()> {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO listens (id, started_at, url, forward_to) \
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![self.id, self.started_at, self.url, self.forward_to])?;
        Ok(())
    }
}

impl Store {
    /// Records the start of a `listen` run.
    pub fn start_listen(&self, url: &str, forward_to: Option<&str>) -> Result<Listen> {
        let started_at = clock::now_ms();
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO listens (started_at, url, forward_to) VALUES (?1, ?2, ?3)",
            params![started_at, url, forward_to],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Listen {
            id,
            started_at,
            url: url.to_string(),
            forward_to: forward_to.map(str::to_string),
        })
    }

    /// The listener's own secret, made on first use and the same ever after.
    /// Two processes making it at once agree on the first one written.
    pub fn listener_secret(&self) -> Result<Secret> {
        let read = |store: &Store| -> Result<Option<String>> {
            Ok(store
                .conn
                .query_row("SELECT secret FROM listener_secret WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .optional()?)
        };
        let text = match read(self)? {
            Some(text) => text,
            None => {
                let tx = self.write_tx()?;
                tx.execute(
                    "INSERT OR IGNORE INTO listener_secret (id, secret, created_at) \
                     VALUES (1, ?1, ?2)",
                    params![Secret::generate().as_str(), clock::now_ms()],
                )?;
                tx.commit()?;
                read(self)?.ok_or_else(|| {
                    Error::Internal("the listener's secret was written but cannot be read".into())
                })?
            }
        };
        Secret::parse(&text)
            .map_err(|e| Error::Store(format!("the listener's stored secret is unusable: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listener_secret_is_made_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = Store::open(&path).unwrap();
        let first = store.listener_secret().unwrap();
        let again = Store::open(&path).unwrap().listener_secret().unwrap();
        assert_eq!(first, again);
        assert_eq!(first.key().len(), 32);
    }
}
