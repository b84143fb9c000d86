//! The spec's nine sample payloads: the event, the `fire` flags that
//! reproduce each, and the exact bytes on the wire.

use super::{ENTRY_A, ENTRY_B};

/// Each spec sample: the event, the `fire` flags that reproduce it, and the
/// exact bytes on the wire (compact, spec field order, empty lists present).
pub const SAMPLES: [(&str, &[&str], &str); 9] = [
    (
        "Upload",
        &["--entry", ENTRY_A],
        r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "Processed",
        &["--entry", ENTRY_A],
        r#"{"event":"Processed","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "Edit",
        &["--entry", ENTRY_A],
        r#"{"event":"Edit","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "Delete",
        &["--entry", ENTRY_A, "--entry", ENTRY_B],
        r#"{"event":"Delete","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab","f9e8d7c6-5432-10fe-dcba-0987654321fe"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "CollectionMetadataAdd",
        &[
            "--meta",
            "category=furniture",
            "--meta",
            "environment=indoor",
        ],
        r#"{"event":"CollectionMetadataAdd","apiKey":"bold-sky-1234","entryIds":[],"metadataKeys":["category","environment"],"metadataValues":["furniture","indoor"],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "CollectionMetadataRemove",
        &[
            "--meta",
            "category=furniture",
            "--meta",
            "environment=indoor",
        ],
        r#"{"event":"CollectionMetadataRemove","apiKey":"bold-sky-1234","entryIds":[],"metadataKeys":["category","environment"],"metadataValues":["furniture","indoor"],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "AssetMetadataAdd",
        &[
            "--entry",
            ENTRY_A,
            "--entry",
            ENTRY_B,
            "--meta",
            "color=red",
            "--meta",
            "size=large",
        ],
        r#"{"event":"AssetMetadataAdd","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab","f9e8d7c6-5432-10fe-dcba-0987654321fe"],"metadataKeys":["color","size"],"metadataValues":["red","large"],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "AssetMetadataRemove",
        &[
            "--entry",
            ENTRY_A,
            "--entry",
            ENTRY_B,
            "--meta",
            "color=red",
            "--meta",
            "size=large",
        ],
        r#"{"event":"AssetMetadataRemove","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab","f9e8d7c6-5432-10fe-dcba-0987654321fe"],"metadataKeys":["color","size"],"metadataValues":["red","large"],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "AssetStatusUpdate",
        &[
            "--entry",
            ENTRY_A,
            "--status",
            "In Progress",
            "--version-id",
            "1234567890ab",
        ],
        r#"{"event":"AssetStatusUpdate","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":["In Progress"],"versionIds":["1234567890ab"]}"#,
    ),
];

/// The body of `fire Upload --entry ENTRY_A --api-key KEY`.
pub const UPLOAD_BODY: &str = SAMPLES[0].2;
