//! `export`: the webhooks as a versioned document, the format `import`
//! reads. Secrets are left out unless asked for. Written as it is read, so
//! that a store of any size exports in little memory.

use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Context;
use crate::cli::ExportArgs;
use crate::document::{FORMAT_VERSION, HookSpec};
use crate::error::{Error, Result};
use crate::event::ApiKey;
use crate::json::StreamedList;
use crate::store::{HookFilter, Store};

/// The document's fields before its list of webhooks.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Head<'a> {
    version: u32,
    api_key: Option<&'a str>,
}

pub fn run(ctx: &Context, args: ExportArgs) -> Result<()> {
    let api_key = args.api_key.as_deref().map(ApiKey::parse).transpose()?;
    let store = ctx.store()?;
    let filter = HookFilter {
        event: None,
        api_key,
    };
    let Some(path) = &args.output else {
        let stdout = std::io::BufWriter::new(std::io::stdout().lock());
        return write_document(&store, &filter, args.with_secrets, stdout).map(drop);
    };
    check_output(path)?;
    // Written beside the file and moved over it once whole, so that a
    // failure never leaves half a document where the last good one was.
    let partial = partial_path(path);
    let written = create_private(&partial, path).and_then(|file| {
        let count = write_document(
            &store,
            &filter,
            args.with_secrets,
            std::io::BufWriter::new(file),
        )?;
        std::fs::rename(&partial, path)
            .map_err(|e| Error::Internal(format!("cannot write {}: {e}", path.display())))?;
        Ok(count)
    });
    let count = written.inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })?;
    if !ctx.out.json {
        eprintln!("Exported {count} webhook(s) to {}.", path.display());
    }
    Ok(())
}

/// Writes the document of the webhooks that match; returns how many.
fn write_document(
    store: &Store,
    filter: &HookFilter,
    with_secrets: bool,
    out: impl Write,
) -> Result<usize> {
    let head = Head {
        version: FORMAT_VERSION,
        api_key: filter.api_key.as_ref().map(ApiKey::as_str),
    };
    let mut doc = StreamedList::after(out, &head, "webhooks")?;
    let mut count = 0;
    store.for_each(filter, |h| {
        count += 1;
        doc.push(&HookSpec {
            triggers: h.triggers.iter().map(|t| t.as_str().to_string()).collect(),
            name: h.name.clone(),
            api_key: h.api_key.clone(),
            url: h.url.clone(),
            description: h.description.clone(),
            enabled: h.enabled,
            secret: with_secrets.then(|| h.secret.clone()),
        })
    })?;
    doc.close(&serde_json::Map::new())?;
    Ok(count)
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    path.with_file_name(name)
}

/// Refuses an `--output` that cannot be a file before anything is read or
/// written: a folder, or a file in a folder that does not exist.
fn check_output(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "--output {}: is a folder; give the path of a file to write",
            path.display()
        )));
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(Error::invalid(format!(
            "--output {}: the folder {} does not exist",
            path.display(),
            folder.display()
        )));
    }
    Ok(())
}

/// Opens the document's file, `partial`, with mode 0600, since it may hold
/// secrets; errors name `path`, the file the user asked for.
fn create_private(partial: &Path, path: &Path) -> Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let cannot =
        |e: std::io::Error| Error::Internal(format!("cannot write {}: {e}", path.display()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(partial)
        .map_err(cannot)?;
    // `mode` only applies to a new file; an existing one may be readable by all.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(cannot)?;
    Ok(file)
}
