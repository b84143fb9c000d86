//! Carrying out a plan on the server, step by step, in the plan's order:
//! event types before the endpoints that name them, applications before
//! their endpoints.

use super::client::SvixClient;
use super::plan::{Change, Plan, Step};
use crate::error::{Error, Result};

/// Applies every step that changes something and returns how many did. A
/// refusal stops the run; the error says how far it got.
pub async fn apply(client: &SvixClient, plan: &Plan) -> Result<usize> {
    let total = plan
        .steps
        .iter()
        .filter(|s| !matches!(s.change, Change::Nothing))
        .count();
    let mut done = 0;
    for step in &plan.steps {
        let result = match &step.change {
            Change::Nothing => continue,
            Change::CreateEventType(body) => client.create_event_type(body).await.map(drop),
            Change::CreateApplication(body) => client.create_application(body).await.map(drop),
            Change::CreateEndpoint { app, body } => {
                client.create_endpoint(app, body).await.map(drop)
            }
            Change::UpdateEndpoint {
                app,
                endpoint,
                body,
            } => client.update_endpoint(app, endpoint, body).await.map(drop),
            Change::RotateSecret { app, endpoint, key } => {
                client.rotate_endpoint_secret(app, endpoint, key).await
            }
            Change::DeleteEndpoint { app, endpoint } => client.delete_endpoint(app, endpoint).await,
        };
        if let Err(e) = result {
            return Err(stopped(e, step, done, total));
        }
        done += 1;
    }
    Ok(done)
}

/// `e`, told with the step it stopped at and what had been done before it.
fn stopped(e: Error, step: &Step, done: usize, total: usize) -> Error {
    let what = format!(
        "{:?} {:?} {}",
        step.action,
        step.kind,
        step.name.as_deref().unwrap_or(&step.uid)
    )
    .to_lowercase();
    let note = format!(
        "\nsvix push stopped at `{what}`: {done} of {total} changes had been made, the rest were \
         not; run `echo3d-hooks svix push` again once the cause is fixed"
    );
    match e {
        Error::Remote(m) => Error::Remote(format!("{m}{note}")),
        Error::Invalid(m) => Error::Invalid(format!("{m}{note}")),
        other => other,
    }
}
