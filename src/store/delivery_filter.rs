//! Which deliveries a listing or a redelivery takes: by webhook,
//! collection, event, state, time and sender, as SQL conditions.

use crate::event::Trigger;

/// Who sends a delivery to its receivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// This machine, signed and retried here.
    Direct,
    /// A Svix server, to which it was handed off.
    Svix,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Direct => "direct",
            Via::Svix => "svix",
        }
    }

    fn sql(self) -> &'static str {
        match self {
            Via::Direct => {
                " AND NOT EXISTS (SELECT 1 FROM handoffs ho WHERE ho.delivery_id = d.id)"
            }
            Via::Svix => " AND EXISTS (SELECT 1 FROM handoffs ho WHERE ho.delivery_id = d.id)",
        }
    }
}

/// Which deliveries a listing keeps, by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    Any,
    Failed,
    Interrupted,
    /// Failed or interrupted: what `redeliver --failed` sends again.
    Unfinished,
}

impl StateFilter {
    fn sql(self) -> &'static str {
        match self {
            StateFilter::Any => "",
            StateFilter::Failed => " AND d.state = 2",
            StateFilter::Interrupted => " AND d.state = 3",
            StateFilter::Unfinished => " AND d.state IN (2, 3)",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct DeliveryFilter {
    /// A webhook's name or id, matched against the copy kept in each row, so
    /// that the history of a deleted webhook can still be found by its name.
    pub hook: Option<String>,
    /// Only deliveries of this collection (the run's API key).
    pub api_key: Option<String>,
    pub event: Option<Trigger>,
    pub state: StateFilter,
    pub since_ms: Option<i64>,
    /// Only deliveries sent directly, or only hand-offs.
    pub via: Option<Via>,
    pub limit: Option<usize>,
}

impl DeliveryFilter {
    /// The filter as SQL conditions (after `WHERE 1=1`) and their arguments.
    pub(super) fn conditions(&self) -> (String, Vec<rusqlite::types::Value>) {
        let mut sql = String::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(hook) = &self.hook {
            // The name kept in the row finds a deleted webhook's history; the
            // live webhook's current name also finds rows from before a rename.
            sql.push_str(
                " AND (d.hook_id = ?1 OR d.hook_name = ?1 \
                 OR d.hook_id IN (SELECT id FROM hooks WHERE name = ?1))",
            );
            args.push(hook.clone().into());
        }
        if let Some(key) = &self.api_key {
            sql.push_str(" AND r.api_key = ?");
            args.push(key.clone().into());
        }
        if let Some(event) = self.event {
            sql.push_str(" AND d.event = ?");
            args.push(event.code().into());
        }
        sql.push_str(self.state.sql());
        if let Some(via) = self.via {
            sql.push_str(via.sql());
        }
        if let Some(since) = self.since_ms {
            sql.push_str(" AND r.created_at >= ?");
            args.push(since.into());
        }
        (sql, args)
    }

    /// The same filter, keeping only failed or interrupted deliveries.
    pub(super) fn unfinished(&self) -> DeliveryFilter {
        DeliveryFilter {
            state: StateFilter::Unfinished,
            ..self.clone()
        }
    }
}
