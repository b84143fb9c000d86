//! One module per subcommand, each with a `run`; this module holds what they
//! share: the context built from the global options, and dispatch.

mod add;
mod completions;
mod delete;
mod deliveries;
mod edit;
mod events;
mod export;
pub(crate) mod fire;
mod import;
mod list;
mod redeliver;
mod send;
mod show;
mod svix;
mod test;

use std::path::PathBuf;

use crate::address::AddressPolicy;
use crate::cli::{Command, GlobalArgs};
use crate::error::Result;
use crate::output::Output;
use crate::store::{self, Store};

pub struct Context {
    pub db: Option<PathBuf>,
    pub out: Output,
    pub policy: AddressPolicy,
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Context {
        let ctx = Context {
            db: global.db.clone(),
            out: Output::new(global.json, global.color),
            policy: AddressPolicy {
                allow_private_targets: global.allow_private_targets,
            },
        };
        if ctx.policy.allow_private_targets {
            ctx.out.warn(
                "private and loopback targets are allowed (--allow-private-targets / \
                 ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS); use this for local development only",
            );
        }
        ctx
    }

    pub fn store(&self) -> Result<Store> {
        match &self.db {
            Some(path) => Store::open(path),
            None => Store::open(&store::default_path()?),
        }
    }
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Delete(args) => delete::run(ctx, args),
        Command::Events(args) => events::run(ctx, args),
        Command::Fire(args) => fire::run(ctx, args),
        Command::Test(args) => test::run(ctx, args),
        Command::Deliveries(args) => deliveries::run(ctx, args),
        Command::Redeliver(args) => redeliver::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Svix(args) => svix::run(ctx, args),
        Command::Completions(args) => completions::run(args),
    }
}
