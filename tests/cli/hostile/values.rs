//! Refused values: names, URLs, triggers, API keys, metadata, entries.

use super::*;

#[test]
fn names() {
    let h = Hostile::new();
    h.check(
        "names",
        vec![
            case(
                "empty",
                &add("", HOOK_URL, KEY),
                exit::INVALID,
                "webhook name \"\" is empty",
            ),
            case(
                "blank",
                &add("   ", HOOK_URL, KEY),
                exit::INVALID,
                "is empty",
            ),
            case(
                "too-long",
                &add(&long(101), HOOK_URL, KEY),
                exit::INVALID,
                "101 characters long; at most 100",
            ),
            case(
                "control-character",
                &add("a\u{7}b", HOOK_URL, KEY),
                exit::INVALID,
                "control character",
            ),
            case(
                "newline",
                &add("line\nbreak", HOOK_URL, KEY),
                exit::INVALID,
                "control character",
            ),
            case(
                "zero-width-space",
                &add("inv\u{200B}", HOOK_URL, KEY),
                exit::INVALID,
                "contains the invisible formatting character U+200B",
            ),
            case(
                "right-to-left-override",
                &add("x\u{202E}y", HOOK_URL, KEY),
                exit::INVALID,
                "contains the invisible formatting character U+202E",
            ),
            case(
                "leading-space",
                &add(" alpha", HOOK_URL, KEY),
                exit::INVALID,
                "starts or ends with whitespace",
            ),
            case(
                "taken",
                &add("alpha", HOOK_URL, KEY),
                exit::CONFLICT,
                "already exists in collection bold-sky-1234",
            ),
            case(
                "taken-by-edit",
                &["edit", "beta", "--name", "alpha"],
                exit::CONFLICT,
                "already exists",
            ),
            case(
                "emptied-by-edit",
                &["edit", "alpha", "--name", ""],
                exit::INVALID,
                "is empty",
            ),
            case(
                "ambiguous",
                &["show", "twin"],
                exit::INVALID,
                "used in 2 collections",
            ),
            case(
                "description-too-long",
                &with(add_url(HOOK_URL), strings(&["--description", &long(1001)])),
                exit::INVALID,
                "description is 1001 characters long; at most 1000",
            ),
            case(
                "description-control-character",
                &with(add_url(HOOK_URL), strings(&["--description", "bell\u{7}"])),
                exit::INVALID,
                "description contains the control character U+0007 at character 5",
            ),
            case(
                "description-carriage-return",
                &with(
                    add_url(HOOK_URL),
                    strings(&["--description", "line\r\nline"]),
                ),
                exit::INVALID,
                "description contains a carriage return (\\r, as Windows line ends have) at \
                 character 5",
            ),
        ],
    );
}

#[test]
fn urls() {
    let h = Hostile::new();
    h.check(
        "urls",
        vec![
            case(
                "http",
                &add_url("http://hooks.example.com/x"),
                exit::INVALID,
                "only https is accepted",
            ),
            case(
                "ftp",
                &add_url("ftp://hooks.example.com/"),
                exit::INVALID,
                "uses the scheme `ftp`",
            ),
            case(
                "javascript",
                &add_url("javascript:alert(1)"),
                exit::INVALID,
                "uses the scheme `javascript`",
            ),
            case(
                "not-a-url",
                &add_url("not a url"),
                exit::INVALID,
                "is not a valid URL",
            ),
            case("empty", &add_url(""), exit::INVALID, "is not a valid URL"),
            case(
                "no-scheme",
                &add_url("hooks.example.com/x"),
                exit::INVALID,
                "it has no scheme; webhook URLs start with `https://` (did you mean \"https://hooks.example.com/x\"?)",
            ),
            case(
                "no-host",
                &add_url("https://"),
                exit::INVALID,
                "is not a valid URL",
            ),
            case(
                "credentials",
                &add_url("https://user:pw@hooks.example.com/"),
                exit::INVALID,
                "user name or password",
            ),
            case(
                "localhost",
                &add_url("https://localhost/x"),
                exit::INVALID,
                "a localhost name",
            ),
            case(
                "localhost-subdomain",
                &add_url("https://api.LOCALHOST./"),
                exit::INVALID,
                "a localhost name",
            ),
            case(
                "loopback",
                &add_url("https://127.0.0.1/"),
                exit::INVALID,
                "blocked range 127.0.0.0/8 (loopback)",
            ),
            case(
                "loopback-decimal",
                &add_url("https://2130706433/"),
                exit::INVALID,
                "points at 127.0.0.1",
            ),
            case(
                "loopback-hex",
                &add_url("https://0x7f.1/"),
                exit::INVALID,
                "points at 127.0.0.1",
            ),
            case(
                "loopback-ipv6",
                &add_url("https://[::1]/"),
                exit::INVALID,
                "loopback",
            ),
            case(
                "mapped-private",
                &add_url("https://[::ffff:10.0.0.1]/"),
                exit::INVALID,
                "blocked range",
            ),
            case(
                "metadata-service",
                &add_url("https://169.254.169.254/latest/meta-data"),
                exit::INVALID,
                "link-local",
            ),
            case(
                "private",
                &add_url("https://192.168.1.1/"),
                exit::INVALID,
                "(private)",
            ),
            case(
                "link-local-ipv6",
                &add_url("https://[fe80::1]/"),
                exit::INVALID,
                "link-local",
            ),
            case(
                "shared-address-space",
                &add_url("https://100.64.0.1/"),
                exit::INVALID,
                "shared address space",
            ),
            case(
                "too-long",
                &add_url(&format!("https://hooks.example.com/{}", long(2049 - 26))),
                exit::INVALID,
                "2049 characters long; at most 2048",
            ),
            case(
                "http-by-edit",
                &["edit", "alpha", "--url", "http://hooks.example.com/"],
                exit::INVALID,
                "only https is accepted",
            ),
            case(
                "http-with-opt-in",
                &with(
                    strings(&["--allow-private-targets"]),
                    add_url("http://10.0.0.1/"),
                ),
                exit::INVALID,
                "only https is accepted",
            ),
        ],
    );
}

#[test]
fn triggers() {
    let h = Hostile::new();
    h.check(
        "triggers",
        vec![
            case(
                "typo",
                &add_triggers(&["Uplaod"]),
                exit::INVALID,
                "did you mean `Upload`",
            ),
            case(
                "empty",
                &add_triggers(&[""]),
                exit::INVALID,
                "an empty trigger name",
            ),
            case(
                "trailing-comma",
                &add_triggers(&["Upload,"]),
                exit::INVALID,
                "an empty trigger name (a stray comma?)",
            ),
            case(
                "semicolon-list",
                &add_triggers(&["Upload;Delete"]),
                exit::INVALID,
                "unknown trigger `Upload;Delete`",
            ),
            case("none", &add_triggers(&[]), exit::USAGE, "--trigger <EVENT>"),
            case(
                "remove-unsubscribed",
                &["edit", "alpha", "--remove-trigger", "Processed"],
                exit::INVALID,
                "not subscribed to Processed",
            ),
            case(
                "remove-last",
                &["edit", "beta", "--remove-trigger", "CollectionMetadataAdd"],
                exit::INVALID,
                "with no trigger",
            ),
            case(
                "replace-and-add",
                &[
                    "edit",
                    "alpha",
                    "--trigger",
                    "Upload",
                    "--add-trigger",
                    "Delete",
                ],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "list-filter",
                &["list", "--event", "bogus"],
                exit::INVALID,
                "unknown trigger `bogus`",
            ),
            case(
                "fire",
                &fire("Bogus", &["--entry", ENTRY_A]),
                exit::INVALID,
                "unknown trigger `Bogus`",
            ),
            case(
                "deliveries-filter",
                &["deliveries", "--event", "nope"],
                exit::INVALID,
                "unknown trigger `nope`",
            ),
            case(
                "test",
                &["test", "alpha", "Bogus"],
                exit::INVALID,
                "unknown trigger",
            ),
            case(
                "test-unsubscribed",
                &["test", "alpha", "CollectionMetadataAdd"],
                exit::INVALID,
                "not subscribed",
            ),
        ],
    );
}

#[test]
fn keys() {
    let h = Hostile::new();
    let no_key = strings(&[
        "add",
        "--name",
        "n",
        "--url",
        HOOK_URL,
        "--trigger",
        "Upload",
    ]);
    h.check(
        "keys",
        vec![
            case(
                "empty",
                &add("n", HOOK_URL, ""),
                exit::INVALID,
                "the API key is empty",
            ),
            case(
                "whitespace",
                &add("n", HOOK_URL, "a b"),
                exit::INVALID,
                "contains whitespace",
            ),
            case(
                "too-long",
                &add("n", HOOK_URL, &"k".repeat(129)),
                exit::INVALID,
                "129 characters long; at most 128",
            ),
            case(
                "control-character",
                &add("n", HOOK_URL, "k\u{1}"),
                exit::INVALID,
                "control character",
            ),
            case(
                "missing-for-add",
                &no_key,
                exit::INVALID,
                "no API key: pass the collection's key with --api-key or set ECHO3D_API_KEY",
            ),
            case(
                "missing-for-fire",
                &["fire", "Upload", "--entry", ENTRY_A],
                exit::INVALID,
                "no API key",
            ),
            case(
                "empty-variable-is-unset",
                &["fire", "Upload", "--entry", ENTRY_A],
                exit::INVALID,
                "no API key",
            )
            .env("ECHO3D_API_KEY", ""),
            case(
                "blank-variable-is-unset",
                &["fire", "Upload", "--entry", ENTRY_A],
                exit::INVALID,
                "no API key",
            )
            .env("ECHO3D_API_KEY", " \t "),
            case(
                "whitespace-in-variable",
                &["fire", "Upload", "--entry", ENTRY_A],
                exit::INVALID,
                "contains whitespace",
            )
            .env("ECHO3D_API_KEY", "bad key"),
            case(
                "too-long-in-variable",
                &no_key,
                exit::INVALID,
                "at most 128",
            )
            .env("ECHO3D_API_KEY", "k".repeat(129)),
        ],
    );
}

#[test]
fn metadata() {
    let h = Hostile::new();
    h.check(
        "metadata",
        vec![
            case(
                "no-equals",
                &fire("CollectionMetadataAdd", &["--meta", "novalue"]),
                exit::INVALID,
                "has no `=`",
            ),
            case(
                "empty-key",
                &fire("CollectionMetadataAdd", &["--meta", "=v"]),
                exit::INVALID,
                "metadataKeys[0] is empty",
            ),
            case(
                "none",
                &fire("CollectionMetadataAdd", &[]),
                exit::INVALID,
                "CollectionMetadataAdd requires metadataKeys to be 1 or more",
            ),
            case(
                "not-for-upload",
                &upload(&["--meta", "a=b"]),
                exit::INVALID,
                "Upload requires metadataKeys to be empty",
            ),
            case(
                "escape-sequence",
                &fire("CollectionMetadataAdd", &["--meta", "k=v\u{1b}[31m"]),
                exit::INVALID,
                "metadataValues[0]",
            ),
            case(
                "too-many",
                &with(
                    fire("CollectionMetadataAdd", &[]),
                    repeat("--meta", 1001, |i| format!("k{i}=v")),
                ),
                exit::INVALID,
                "1001 --meta values given; at most 1000",
            ),
            case(
                "value-too-long",
                &fire(
                    "CollectionMetadataAdd",
                    &["--meta", &format!("k={}", long(1025))],
                ),
                exit::INVALID,
                "metadataValues[0] is 1025 characters long; at most 1024",
            ),
            case(
                "asset-without-entry",
                &fire("AssetMetadataAdd", &["--meta", "a=b"]),
                exit::INVALID,
                "requires entryIds to be 1 or more",
            ),
        ],
    );
}

#[test]
fn entries() {
    let h = Hostile::new();
    h.check(
        "entries",
        vec![
            case(
                "none",
                &fire("Upload", &[]),
                exit::INVALID,
                "Upload requires entryIds to be exactly 1",
            ),
            case(
                "two",
                &upload(&["--entry", "second"]),
                exit::INVALID,
                "exactly 1, but it has 2 values",
            ),
            case(
                "empty",
                &fire("Upload", &["--entry", ""]),
                exit::INVALID,
                "entryIds[0] is empty",
            ),
            case(
                "too-many",
                &with(
                    fire("Delete", &[]),
                    repeat("--entry", 1001, |i| format!("e{i}")),
                ),
                exit::INVALID,
                "1001 --entry values given; at most 1000",
            ),
            case(
                "too-long",
                &fire("Upload", &["--entry", &long(1025)]),
                exit::INVALID,
                "entryIds[0] is 1025 characters long; at most 1024",
            ),
            case(
                "tab",
                &fire("Upload", &["--entry", "a\tb"]),
                exit::INVALID,
                "control character",
            ),
            case(
                "status-for-upload",
                &upload(&["--status", "Done"]),
                exit::INVALID,
                "Upload requires statuses to be empty",
            ),
            case(
                "empty-status",
                &fire("AssetStatusUpdate", &["--entry", ENTRY_A, "--status", ""]),
                exit::INVALID,
                "statuses[0] is empty",
            ),
            case(
                "empty-version",
                &fire(
                    "AssetStatusUpdate",
                    &["--entry", ENTRY_A, "--version-id", ""],
                ),
                exit::INVALID,
                "versionIds[0] is empty",
            ),
            case(
                "version-is-not-a-flag-of-fire",
                &fire(
                    "AssetStatusUpdate",
                    &["--entry", ENTRY_A, "--version", "v1"],
                ),
                exit::USAGE,
                "unexpected argument '--version'",
            ),
        ],
    );
}
