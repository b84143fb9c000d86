//! `export`: the webhooks as a versioned JSON document, the format `import`
//! reads. Secrets are left out unless asked for.

use serde::{Deserialize, Serialize};

use super::Context;
use crate::cli::ExportArgs;
use crate::error::{Error, Result};
use crate::store::HookFilter;

/// The document format's version; `import` refuses any other.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "an export document object"
)]
pub struct Document {
    pub version: u32,
    /// The one collection this document covers, or `null` for every
    /// collection; `import --prune` deletes only within this scope.
    pub api_key: Option<String>,
    pub webhooks: Vec<HookSpec>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "a webhook object"
)]
pub struct HookSpec {
    pub name: String,
    pub api_key: String,
    pub url: String,
    #[serde(default)]
    pub description: String,
    pub triggers: Vec<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

fn enabled_by_default() -> bool {
    true
}

pub fn run(ctx: &Context, args: ExportArgs) -> Result<()> {
    let store = ctx.store()?;
    let hooks = store.list_hooks(&HookFilter {
        event: None,
        api_key: args.api_key.clone(),
    })?;
    let doc = Document {
        version: FORMAT_VERSION,
        api_key: args.api_key,
        webhooks: hooks
            .into_iter()
            .map(|h| HookSpec {
                triggers: h.triggers.iter().map(|t| t.as_str().to_string()).collect(),
                name: h.name,
                api_key: h.api_key,
                url: h.url,
                description: h.description,
                enabled: h.enabled,
                secret: args.with_secrets.then_some(h.secret),
            })
            .collect(),
    };
    let text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
    match &args.output {
        Some(path) => {
            write_private(path, &text)?;
            if !ctx.out.json {
                eprintln!(
                    "Exported {} webhook(s) to {}.",
                    doc.webhooks.len(),
                    path.display()
                );
            }
            Ok(())
        }
        None => ctx.out.print_line(&text),
    }
}

/// Writes the document with mode 0600, since it may hold secrets.
fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let cannot =
        |e: std::io::Error| Error::Internal(format!("cannot write {}: {e}", path.display()));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(cannot)?;
    // `mode` only applies to a new file; an existing one may be readable by all.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(cannot)?;
    file.write_all(text.as_bytes())
        .and_then(|_| file.write_all(b"\n"))
        .map_err(cannot)
}
