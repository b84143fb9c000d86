//! Refused command lines: flag values and combinations, and webhooks or
//! deliveries that do not exist or would not receive the event.

use super::*;

#[test]
fn flags() {
    let h = Hostile::new();
    h.check(
        "flags",
        vec![
            case(
                "concurrency-0",
                &upload(&["--concurrency", "0"]),
                exit::INVALID,
                "0 is not in 1..=1024",
            ),
            case(
                "retries-21",
                &upload(&["--retries", "21"]),
                exit::INVALID,
                "21 is not in 0..=20",
            ),
            case(
                "timeout-word",
                &upload(&["--timeout", "banana"]),
                exit::INVALID,
                "`banana` is not a duration",
            ),
            case(
                "timeout-negative",
                &upload(&["--timeout", "-5s"]),
                exit::USAGE,
                "unexpected argument '-5'",
            ),
            case(
                "timeout-zero",
                &upload(&["--timeout", "0s"]),
                exit::INVALID,
                "`0s` is no time at all; a time limit must be longer than zero",
            ),
            case(
                "connect-timeout-zero",
                &upload(&["--connect-timeout", "0ms"]),
                exit::INVALID,
                "`0ms` is no time at all",
            ),
            case(
                "backoff-unit",
                &upload(&["--backoff", "5 parsecs"]),
                exit::INVALID,
                "is not a duration",
            ),
            case(
                "limit-0",
                &["deliveries", "--limit", "0"],
                exit::INVALID,
                "0 is not in 1..=100000",
            ),
            case(
                "failed-and-interrupted",
                &["deliveries", "--failed", "--interrupted"],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "filter-with-show",
                &["deliveries", "--failed", "show", "1"],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "show-word",
                &["deliveries", "show", "abc"],
                exit::INVALID,
                "`abc` is not an id; ids are whole numbers like 42",
            ),
            case(
                "since-word",
                &["deliveries", "--since", "tomorrowish"],
                exit::INVALID,
                "is neither a duration",
            ),
            case(
                "older-than-word",
                &["deliveries", "prune", "--older-than", "soon", "--yes"],
                exit::INVALID,
                "`soon` is not a duration",
            ),
            case("redeliver-nothing", &["redeliver"], exit::USAGE, "required"),
            case(
                "sign-without-a-secret",
                &["sign", "--body", "-"],
                exit::USAGE,
                "<--secret <WHSEC>|--hook <NAME|ID>>",
            ),
            case(
                "verify-without-a-secret",
                &["verify", "--body", "-", "--id", "msg_1", "--timestamp", "1"],
                exit::USAGE,
                "<--secret <WHSEC>|--hook <NAME|ID>>",
            ),
            case(
                "redeliver-ids-and-failed",
                &["redeliver", "1", "--failed"],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "redeliver-since-alone",
                &["redeliver", "--since", "1h"],
                exit::USAGE,
                "--failed",
            ),
            case(
                "add-and-remove-a-trigger",
                &[
                    "edit",
                    "alpha",
                    "--add-trigger",
                    "Edit",
                    "--remove-trigger",
                    "edit",
                ],
                exit::INVALID,
                "--add-trigger Edit and --remove-trigger Edit ask for opposite things",
            ),
            case(
                "grace-too-long",
                &[
                    "edit",
                    "alpha",
                    "--rotate-secret",
                    "--grace",
                    "100000000days",
                ],
                exit::INVALID,
                "longer than a rotation's grace may be, 365days",
            ),
            case(
                "enable-and-disable",
                &["edit", "alpha", "--enable", "--disable"],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "edit-nothing",
                &["edit", "alpha"],
                exit::INVALID,
                "nothing to change",
            ),
            case(
                "color-purple",
                &["--color", "purple", "list"],
                exit::INVALID,
                "invalid value 'purple'",
            ),
            case(
                "unknown-subcommand",
                &["frobnicate"],
                exit::USAGE,
                "unrecognized subcommand 'frobnicate'",
            ),
            case(
                "unknown-flag",
                &["list", "--bogus"],
                exit::USAGE,
                "unexpected argument '--bogus'",
            ),
            case("delete-nothing", &["delete"], exit::USAGE, "required"),
            case(
                "proxy",
                &upload(&["--proxy", "not a url"]),
                exit::INVALID,
                "is not a usable proxy URL",
            ),
            // A dry run refuses what the run would refuse.
            case(
                "proxy-dry-run",
                &upload(&["--proxy", "http://proxy.example.com:8080/#x", "--dry-run"]),
                exit::INVALID,
                "has a fragment, `#x` at character 31",
            ),
        ],
    );
}

#[test]
fn targets() {
    let h = Hostile::new();
    h.check(
        "targets",
        vec![
            case(
                "show-unknown",
                &["show", "nope"],
                exit::NOT_FOUND,
                "no webhook has the name or id \"nope\"",
            ),
            case(
                "delete-unknown",
                &["delete", "alpha", "nope", "--yes"],
                exit::NOT_FOUND,
                "\"nope\"",
            ),
            case(
                "hook-unknown",
                &upload(&["--hook", "nope"]),
                exit::NOT_FOUND,
                "\"nope\"",
            ),
            case(
                "hook-other-collection",
                &upload(&["--hook", "gamma"]),
                exit::NOT_FOUND,
                "no webhook of collection bold-sky-1234 has the name or id \"gamma\"",
            ),
            case(
                "hook-unsubscribed",
                &upload(&["--hook", "beta"]),
                exit::INVALID,
                "is not subscribed to Upload",
            ),
            case(
                "hook-disabled",
                &upload(&["--hook", "off"]),
                exit::NOTHING_TO_SEND,
                "webhook off is disabled, so nothing was sent",
            ),
            case(
                "no-subscriber",
                &[
                    "fire",
                    "Upload",
                    "--api-key",
                    "unknown-key",
                    "--entry",
                    ENTRY_A,
                ],
                exit::NOTHING_TO_SEND,
                "no enabled webhook of collection unknown-key is subscribed to Upload",
            ),
            case(
                "delivery-unknown",
                &["deliveries", "show", "999999"],
                exit::NOT_FOUND,
                "no delivery has the id 999999",
            ),
            case(
                "deliveries-hook-unknown",
                &["deliveries", "--hook", "nope"],
                exit::NOT_FOUND,
                "and no delivery went to one of that name",
            ),
            case(
                "redeliver-unknown",
                &["redeliver", "999999"],
                exit::NOT_FOUND,
                "999999",
            ),
            case(
                "redeliver-failed-none",
                &["redeliver", "--failed"],
                exit::NOTHING_TO_SEND,
                "no failed or interrupted delivery matches",
            ),
            case(
                "test-unknown",
                &["test", "nope"],
                exit::NOT_FOUND,
                "\"nope\"",
            ),
        ],
    );
}
