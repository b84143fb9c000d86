//! Where a run's deliveries come from, a chunk at a time, so that a run
//! never holds more of them than the log writer keeps queued: a fan-out to
//! the subscribers of an event, a list given up front, or the failed
//! deliveries of the log.
//!
//! The pages are read each in a short read of its own, never in one read
//! transaction held for the whole run: SQLite cannot checkpoint its
//! write-ahead log past the oldest open read, so a run-long read would let
//! the log grow by every row the run writes, and make each row dearer to
//! write. What a run covers is fixed when it
//! starts instead: the webhooks that existed then, or the deliveries logged
//! by then.

use bytes::Bytes;
use std::collections::{HashMap, VecDeque};

use super::delivery::{Delivery, History};
use crate::address::AddressPolicy;
use crate::clock;
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::store::{DeliveryFilter, DeliveryRow, Store};
use crate::webhook::{MessageIds, Recipient, Webhook};

/// Some deliveries, and why others that matched cannot be sent.
#[derive(Default)]
pub struct Chunk {
    pub deliveries: Vec<Delivery>,
    pub skipped: Vec<String>,
}

pub trait DeliverySource: Send {
    /// Up to `max` more deliveries; an empty chunk (no deliveries) means
    /// there are no more.
    fn next_chunk(&mut self, max: usize) -> Result<Chunk>;

    /// How many deliveries there will be, when that is known.
    fn size_hint(&self) -> Option<usize>;
}

/// Deliveries known up front: `test`'s samples, `fire --hook`, redelivery
/// of named deliveries.
pub struct Listed(VecDeque<Delivery>);

impl Listed {
    pub fn new(deliveries: Vec<Delivery>) -> Listed {
        Listed(deliveries.into())
    }
}

impl DeliverySource for Listed {
    fn next_chunk(&mut self, max: usize) -> Result<Chunk> {
        let n = max.min(self.0.len());
        Ok(Chunk {
            deliveries: self.0.drain(..n).collect(),
            skipped: Vec::new(),
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// New deliveries of one body to every enabled webhook of a collection
/// subscribed to its event, read a page at a time. A webhook created after
/// the run started is left out; one edited, disabled or deleted meanwhile is
/// sent to as it stands when its page is read.
pub struct FanOut {
    store: Store,
    /// When the run started: webhooks created later are not its audience.
    started_ms: i64,
    api_key: ApiKey,
    event: Trigger,
    body: Bytes,
    ids: MessageIds,
    /// The last webhook id read; pages go in id order.
    after: Option<String>,
    total: usize,
}

impl FanOut {
    /// `None` when no webhook would receive the event.
    pub fn new(
        store: &Store,
        api_key: &ApiKey,
        event: Trigger,
        body: Bytes,
    ) -> Result<Option<FanOut>> {
        let started_ms = clock::now_ms();
        let store = store.reopen()?;
        let total = store.count_subscribed(api_key, event)?;
        if total == 0 {
            return Ok(None);
        }
        Ok(Some(FanOut {
            store,
            started_ms,
            api_key: api_key.clone(),
            event,
            body,
            ids: MessageIds::new(),
            after: None,
            total,
        }))
    }
}

impl DeliverySource for FanOut {
    fn next_chunk(&mut self, max: usize) -> Result<Chunk> {
        let page = self.store.subscribed_page(
            &self.api_key,
            self.event,
            self.after.as_deref(),
            max,
            self.started_ms,
        )?;
        if let Some(last) = page.last() {
            self.after = Some(last.id.clone());
        }
        let deliveries = page
            .into_iter()
            .map(|recipient| Delivery {
                message_id: self.ids.next(),
                recipient,
                event: self.event,
                body: self.body.clone(),
                history: History::New,
            })
            .collect();
        Ok(Chunk {
            deliveries,
            skipped: Vec::new(),
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.total)
    }
}

/// What may be sent again, and to whom: the webhook as it is now.
#[derive(Clone, Copy, Debug)]
pub struct RedeliveryRules {
    pub policy: AddressPolicy,
    /// Send to a disabled webhook too.
    pub force: bool,
}

/// A logged delivery, to be sent again with its own body and message id to
/// its webhook's current URL and secret; refused, naming why, when it went
/// to a webhook that is deleted or (without `force`) disabled, or whose URL
/// the address policy now refuses.
pub fn redelivery(store: &Store, row: &DeliveryRow, rules: RedeliveryRules) -> Result<Delivery> {
    let hook = current_hook(store, row)?;
    redelivery_to(&hook, row, rules)
}

fn current_hook(store: &Store, row: &DeliveryRow) -> Result<Webhook> {
    let hook = match row.hook_id.as_deref() {
        Some(id) => store.find_hook(id, None).ok(),
        None => None,
    };
    hook.ok_or_else(|| deleted(row))
}

fn deleted(row: &DeliveryRow) -> Error {
    Error::invalid(format!(
        "delivery {} went to webhook {}, which has been deleted; it cannot be redelivered",
        row.id, row.hook_name
    ))
}

fn redelivery_to(hook: &Webhook, row: &DeliveryRow, rules: RedeliveryRules) -> Result<Delivery> {
    if !hook.enabled && !rules.force {
        let why = hook
            .disabled_reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        return Err(Error::invalid(format!(
            "delivery {} goes to webhook {}, which is disabled{why}; pass --force to send it anyway",
            row.id, hook.name
        )));
    }
    rules.policy.check_url(&hook.url)?;
    Ok(Delivery {
        message_id: row.message_id.clone(),
        recipient: Recipient::from(hook),
        event: row.event.parse()?,
        body: Bytes::from(row.payload.clone()),
        history: History::Logged {
            id: row.id,
            attempts: row.attempts,
        },
    })
}

/// Every logged delivery that ended failed or interrupted and matches a
/// filter, read a page at a time, oldest first: those logged before the run
/// started, and still unfinished when their page is read (another
/// redelivery may have sent them meanwhile). Those that can no longer be
/// sent are skipped, each with its reason.
pub struct Unfinished {
    store: Store,
    filter: DeliveryFilter,
    rules: RedeliveryRules,
    after: i64,
    /// The newest delivery logged when the run started.
    last: i64,
    total: usize,
    /// The webhooks met so far (`None`: deleted); a bulk redelivery mostly
    /// goes to a few.
    hooks: HashMap<String, Option<Webhook>>,
}

/// Webhooks remembered by `Unfinished` before it starts afresh.
const HOOKS_KEPT: usize = 1024;

impl Unfinished {
    pub fn new(
        store: &Store,
        filter: DeliveryFilter,
        rules: RedeliveryRules,
    ) -> Result<Unfinished> {
        let store = store.reopen()?;
        let last = store.last_delivery_id()?;
        let total = store.count_unfinished(&filter)?;
        Ok(Unfinished {
            store,
            filter,
            rules,
            after: 0,
            last,
            total,
            hooks: HashMap::new(),
        })
    }

    fn redelivery_of(&mut self, row: &DeliveryRow) -> Result<Delivery> {
        let Some(hook_id) = row.hook_id.clone() else {
            return Err(deleted(row));
        };
        if self.hooks.len() >= HOOKS_KEPT {
            self.hooks.clear();
        }
        let store = &self.store;
        let hook = self
            .hooks
            .entry(hook_id)
            .or_insert_with_key(|id| store.find_hook(id, None).ok());
        match hook {
            Some(hook) => redelivery_to(hook, row, self.rules),
            None => Err(deleted(row)),
        }
    }
}

impl DeliverySource for Unfinished {
    fn next_chunk(&mut self, max: usize) -> Result<Chunk> {
        let mut chunk = Chunk::default();
        while chunk.deliveries.is_empty() {
            let page = self
                .store
                .unfinished_page(&self.filter, (self.after, self.last), max)?;
            let Some(last) = page.last() else { break };
            self.after = last.id;
            for row in &page {
                match self.redelivery_of(row) {
                    Ok(delivery) => chunk.deliveries.push(delivery),
                    Err(why) => chunk.skipped.push(why.to_string()),
                }
            }
        }
        Ok(chunk)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.total)
    }
}

impl Unfinished {
    /// How many match, before any is skipped.
    pub fn matching(&self) -> usize {
        self.total
    }
}
