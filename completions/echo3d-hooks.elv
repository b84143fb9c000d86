
use builtin;
use str;

set edit:completion:arg-completer[echo3d-hooks] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'echo3d-hooks'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'echo3d-hooks'= {
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Create a webhook'
            cand create 'Create a webhook'
            cand list 'List webhooks'
            cand ls 'List webhooks'
            cand show 'Show one webhook'
            cand edit 'Change a webhook'
            cand delete 'Delete webhooks (all or none)'
            cand rm 'Delete webhooks (all or none)'
            cand events 'List the nine echo3D triggers, or show one with its sample payload'
            cand fire 'Send a real event to every subscribed webhook of a collection'
            cand test 'Send the spec''s sample payloads to one webhook'
            cand deliveries 'List past deliveries, show one, or prune old ones'
            cand log 'List past deliveries, show one, or prune old ones'
            cand redeliver 'Send past deliveries again, with the same webhook-id'
            cand export 'Write webhooks as a versioned JSON document'
            cand import 'Make the store match a JSON document written by `export`'
            cand verify 'Check a received request''s signature, timestamp and payload, and say why one fails'
            cand sign 'Print the signed headers of a body, for a receiver''s own tests; sends nothing'
            cand schema 'Print the payloads as JSON Schema, or as an OpenAPI 3.1 document'
            cand svix 'Make a Svix server match the store, or show how they differ'
            cand listen 'Receive webhooks on this machine: check, record, answer, forward each request'
            cand received 'List the requests `listen` received, show one, send them again, or prune old ones'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;add'= {
            cand --name 'A name, unique within the collection'
            cand --url 'The HTTPS endpoint to call'
            cand --trigger 'An event that fires the webhook (repeatable, or comma-separated; case-insensitive)'
            cand --description 'What the webhook is for'
            cand --api-key 'The API key of the webhook''s echo3D collection'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --disabled 'Create the webhook switched off'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;create'= {
            cand --name 'A name, unique within the collection'
            cand --url 'The HTTPS endpoint to call'
            cand --trigger 'An event that fires the webhook (repeatable, or comma-separated; case-insensitive)'
            cand --description 'What the webhook is for'
            cand --api-key 'The API key of the webhook''s echo3D collection'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --disabled 'Create the webhook switched off'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;list'= {
            cand --event 'Only webhooks subscribed to this event'
            cand --api-key 'Only webhooks of this collection'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;ls'= {
            cand --event 'Only webhooks subscribed to this event'
            cand --api-key 'Only webhooks of this collection'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;show'= {
            cand --api-key 'The webhook''s collection, when its name is used in more than one'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --reveal-secret 'Show the signing secret in full'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;edit'= {
            cand --api-key 'The webhook''s collection, when its name is used in more than one'
            cand --name 'A new name'
            cand --url 'A new HTTPS endpoint'
            cand --description 'A new description'
            cand --trigger 'Replace the triggers with these (repeatable, or comma-separated)'
            cand --add-trigger 'Subscribe to one more event (repeatable, or comma-separated)'
            cand --remove-trigger 'Unsubscribe from an event (repeatable, or comma-separated)'
            cand --grace 'With --rotate-secret: how long the replaced secret goes on signing beside the new one (0 switches at once; at most 365days) [default: 24h]'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --enable 'Switch the webhook on'
            cand --disable 'Switch the webhook off'
            cand --rotate-secret 'Replace the signing secret with a new one'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;delete'= {
            cand --api-key 'The webhook''s collection, when its name is used in more than one'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand -y 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --yes 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;rm'= {
            cand --api-key 'The webhook''s collection, when its name is used in more than one'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand -y 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --yes 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;events'= {
            cand --api-key 'The collection the sample is for, as `test` fills in the webhook''s [default: the spec''s sample key, bold-sky-1234]'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --sample 'Print only the sample''s body, byte for byte as `test` sends it (for `sign --body`, `verify --body` or curl)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;fire'= {
            cand --entry 'An entry (asset) ID (repeatable)'
            cand --meta 'A metadata pair; only the first `=` splits (repeatable, order kept)'
            cand --status 'The status set (AssetStatusUpdate)'
            cand --version-id 'The version the status was set on (AssetStatusUpdate)'
            cand --api-key 'The collection''s API key'
            cand --hook 'Only these webhooks (repeatable)'
            cand --payload 'Read the whole payload from a JSON file, or `-` for stdin'
            cand --via 'Who delivers: this machine, or a Svix server (`svix push` first)'
            cand --svix-url 'The Svix server''s base URL (https, or http to a loopback address)'
            cand --svix-token-file 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]'
            cand --concurrency 'Most requests in flight at once'
            cand --timeout 'Time limit of one attempt: connecting, sending, and reading the response'
            cand --connect-timeout 'Time limit for opening the connection of one attempt'
            cand --retries 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)'
            cand --backoff 'Wait before the first retry; doubles each retry, with ±20% jitter'
            cand --max-retry-after 'Longest wait a Retry-After header can ask for; longer ones are clamped'
            cand --ca-cert 'Trust the PEM certificates in this file as well as the system''s roots'
            cand --proxy 'Send through this proxy (proxy environment variables are always ignored)'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --dry-run 'Print the body and the targets; send nothing'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'echo3d-hooks;test'= {
            cand --api-key 'The webhook''s collection, when its name is used in more than one'
            cand --via 'Who delivers: this machine, or a Svix server (`svix push` first)'
            cand --svix-url 'The Svix server''s base URL (https, or http to a loopback address)'
            cand --svix-token-file 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]'
            cand --concurrency 'Most requests in flight at once'
            cand --timeout 'Time limit of one attempt: connecting, sending, and reading the response'
            cand --connect-timeout 'Time limit for opening the connection of one attempt'
            cand --retries 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)'
            cand --backoff 'Wait before the first retry; doubles each retry, with ±20% jitter'
            cand --max-retry-after 'Longest wait a Retry-After header can ask for; longer ones are clamped'
            cand --ca-cert 'Trust the PEM certificates in this file as well as the system''s roots'
            cand --proxy 'Send through this proxy (proxy environment variables are always ignored)'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --dry-run 'Print the bodies; send nothing'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'echo3d-hooks;deliveries'= {
            cand --hook 'Only deliveries to this webhook'
            cand --api-key 'Only deliveries of this collection; with --hook, the webhook''s, when its name is used in more than one'
            cand --event 'Only deliveries of this event'
            cand --since 'Only deliveries since this long ago (2h) or this time (RFC 3339)'
            cand --via 'Only deliveries sent from here (direct), or only hand-offs to Svix (svix)'
            cand --limit 'Most deliveries to list'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --failed 'Only deliveries that failed'
            cand --interrupted 'Only deliveries that a stopped run left unfinished'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Show one delivery in full: request, and every attempt'
            cand prune 'Delete old delivery history'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;log'= {
            cand --hook 'Only deliveries to this webhook'
            cand --api-key 'Only deliveries of this collection; with --hook, the webhook''s, when its name is used in more than one'
            cand --event 'Only deliveries of this event'
            cand --since 'Only deliveries since this long ago (2h) or this time (RFC 3339)'
            cand --via 'Only deliveries sent from here (direct), or only hand-offs to Svix (svix)'
            cand --limit 'Most deliveries to list'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --failed 'Only deliveries that failed'
            cand --interrupted 'Only deliveries that a stopped run left unfinished'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Show one delivery in full: request, and every attempt'
            cand prune 'Delete old delivery history'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;deliveries;show'= {
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;log;show'= {
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;deliveries;prune'= {
            cand --older-than 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand -y 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --yes 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;log;prune'= {
            cand --older-than 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand -y 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --yes 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;deliveries;help'= {
            cand show 'Show one delivery in full: request, and every attempt'
            cand prune 'Delete old delivery history'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;deliveries;help;show'= {
        }
        &'echo3d-hooks;deliveries;help;prune'= {
        }
        &'echo3d-hooks;deliveries;help;help'= {
        }
        &'echo3d-hooks;log;help'= {
            cand show 'Show one delivery in full: request, and every attempt'
            cand prune 'Delete old delivery history'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;log;help;show'= {
        }
        &'echo3d-hooks;log;help;prune'= {
        }
        &'echo3d-hooks;log;help;help'= {
        }
        &'echo3d-hooks;redeliver'= {
            cand --since 'With --failed: only deliveries since this long ago or this time'
            cand --hook 'With --failed: only deliveries to this webhook'
            cand --api-key 'With --failed: only deliveries of this collection; with --hook, the webhook''s, when its name is used in more than one'
            cand --via 'With --failed: resend the deliveries sent from here (default), or hand off again the failed hand-offs to Svix; with ids, what the log says'
            cand --svix-url 'The Svix server''s base URL (https, or http to a loopback address)'
            cand --svix-token-file 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]'
            cand --concurrency 'Most requests in flight at once'
            cand --timeout 'Time limit of one attempt: connecting, sending, and reading the response'
            cand --connect-timeout 'Time limit for opening the connection of one attempt'
            cand --retries 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)'
            cand --backoff 'Wait before the first retry; doubles each retry, with ±20% jitter'
            cand --max-retry-after 'Longest wait a Retry-After header can ask for; longer ones are clamped'
            cand --ca-cert 'Trust the PEM certificates in this file as well as the system''s roots'
            cand --proxy 'Send through this proxy (proxy environment variables are always ignored)'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --failed 'Resend every delivery that ended failed or interrupted'
            cand --force 'Resend even to a webhook that is switched off (never to a deleted one)'
            cand --dry-run 'Print what would be sent, and where; send nothing'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'echo3d-hooks;export'= {
            cand --api-key 'Only this collection''s webhooks'
            cand -o 'Write to this file instead of stdout'
            cand --output 'Write to this file instead of stdout'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --with-secrets 'Include the signing secrets'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;import'= {
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --prune 'Delete webhooks that are not in the file (only in the collections it names)'
            cand --dry-run 'Print the plan; change nothing'
            cand -y 'Do not ask before deleting with --prune (it is only asked on a terminal)'
            cand --yes 'Do not ask before deleting with --prune (it is only asked on a terminal)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;verify'= {
            cand --secret 'A signing secret, `whsec_` and base64 (repeatable: any may match)'
            cand --api-key 'With --hook: the webhook''s collection, when its name is used in more than one'
            cand --hook 'Check with this stored webhook''s secret'
            cand --id 'The webhook-id header''s value'
            cand --timestamp 'The webhook-timestamp header''s value'
            cand --signature 'The webhook-signature header''s value'
            cand --headers 'Read the headers from `Name: value` lines (curl -D, deliveries show), or `-` for stdin'
            cand --request 'Read a whole raw HTTP/1.1 request: request line, headers, blank line, body'
            cand --body 'The body exactly as received, or `-` for stdin'
            cand --tolerance 'How far the timestamp may be from now, either way'
            cand --now 'Check as if it were this time (Unix seconds or RFC 3339) [default: the clock''s]'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;sign'= {
            cand --secret 'The signing secret, `whsec_` and base64'
            cand --api-key 'With --hook: the webhook''s collection, when its name is used in more than one'
            cand --hook 'Sign with this stored webhook''s secret'
            cand --body 'The body to sign, byte for byte, or `-` for stdin'
            cand --id 'The webhook-id [default: a fresh msg_ id]'
            cand --timestamp 'The webhook-timestamp in Unix seconds [default: now]'
            cand --format 'How to print the headers [default: headers, or json with --json]'
            cand --url 'The receiver''s URL, for --format curl'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'echo3d-hooks;schema'= {
            cand --format 'The kind of document'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'echo3d-hooks;svix'= {
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand push 'Make the Svix server match the store: event types, applications, endpoints, secrets'
            cand status 'Show how the Svix server differs from the store; exit 7 when it does'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;svix;push'= {
            cand --api-key 'Only this collection''s application and endpoints'
            cand --svix-url 'The Svix server''s base URL (https, or http to a loopback address)'
            cand --svix-token-file 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]'
            cand --retries 'Retries after a network error, 408, 429 or 5xx'
            cand --backoff 'Wait before the first retry; doubles each retry, with ±20% jitter'
            cand --ca-cert 'Trust the PEM certificates in this file as well as the system''s roots'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --dry-run 'Print the plan; change nothing'
            cand --prune 'Also delete the endpoints this tool created whose webhooks left the store'
            cand -y 'Do not ask before pruning (it is only asked on a terminal)'
            cand --yes 'Do not ask before pruning (it is only asked on a terminal)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;svix;status'= {
            cand --api-key 'Only this collection''s application and endpoints'
            cand --svix-url 'The Svix server''s base URL (https, or http to a loopback address)'
            cand --svix-token-file 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]'
            cand --retries 'Retries after a network error, 408, 429 or 5xx'
            cand --backoff 'Wait before the first retry; doubles each retry, with ±20% jitter'
            cand --ca-cert 'Trust the PEM certificates in this file as well as the system''s roots'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;svix;help'= {
            cand push 'Make the Svix server match the store: event types, applications, endpoints, secrets'
            cand status 'Show how the Svix server differs from the store; exit 7 when it does'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;svix;help;push'= {
        }
        &'echo3d-hooks;svix;help;status'= {
        }
        &'echo3d-hooks;svix;help;help'= {
        }
        &'echo3d-hooks;listen'= {
            cand --bind 'The address to listen on (a warning is printed for one other machines can reach)'
            cand --port 'The port to listen on; 0 for any free port'
            cand --path 'Serve only this path; other paths are answered 404 [default: every path]'
            cand --tls-cert 'Serve HTTPS with this PEM certificate chain instead of the local CA''s'
            cand --tls-key 'The PEM private key of --tls-cert'
            cand --hook 'Check signatures with this stored webhook''s secret (repeatable)'
            cand --api-key 'With --hook: the webhooks'' collection, when a name is used in more than one'
            cand --secret 'Check signatures with this secret, `whsec_` and base64 (repeatable)'
            cand --tolerance 'How far a signature''s timestamp may be from now, either way'
            cand --respond 'Scripted answers, one per request, the last repeating: 503, 429:2 (Retry-After: 2), hang, close'
            cand --forward-to 'Send each request on to your app at this URL, and its status back to the sender'
            cand --events 'Forward only these events (repeatable, or comma-separated); the rest are answered 204'
            cand --forward-timeout 'Time limit of one forwarded request'
            cand --ca-cert 'Trust the PEM certificates in this file for an https --forward-to'
            cand --max-body 'Largest body; a larger one is answered 413 without being read (B, KiB, MiB)'
            cand --read-timeout 'How long a client may take to send its headers (or to start another request), then its body'
            cand --expect 'With --once: wait for a request of this event'
            cand --timeout 'With --once: give up after this long, with exit code 12'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --tls 'Serve HTTPS, with a certificate from a local CA made beside the store on first use'
            cand --accept-invalid 'Answer as if every check passed; the verdicts are still printed and recorded'
            cand --resign 'Sign forwarded requests afresh with the listener''s own secret (see --print-secret)'
            cand --no-record 'Do not record the requests in the store'
            cand --once 'Exit after the first request (of --expect''s event): 0 if it passed every check, else 9, 10 or 11'
            cand --print-secret 'Print the listener''s own signing secret (made on first use), and exit'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;received'= {
            cand --event 'Only requests of this event'
            cand --since 'Only requests since this long ago (2h) or this time (RFC 3339)'
            cand --limit 'Most requests to list'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --invalid 'Only requests that failed a check'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Show one received request in full: headers, body, verdicts, answer, forward'
            cand replay 'Send received requests again to your app, signed afresh'
            cand prune 'Delete old received requests'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;received;show'= {
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;received;replay'= {
            cand --since 'Every request since this long ago (1h) or this time (RFC 3339), oldest first'
            cand --event 'Every request of this event'
            cand --to 'Where to send them: your app''s URL'
            cand --secret 'Sign with this secret [default: the listener''s own]'
            cand --api-key 'With --hook: the webhook''s collection, when its name is used in more than one'
            cand --hook 'Sign with this stored webhook''s secret'
            cand --timeout 'Time limit of one request'
            cand --ca-cert 'Trust the PEM certificates in this file for an https --to'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --new-id 'Give each a fresh webhook-id instead of the one it came with'
            cand --dry-run 'Print what would be sent; send nothing'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;received;prune'= {
            cand --older-than 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)'
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand -y 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --yes 'Do not ask for confirmation (it is only asked on a terminal)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;received;help'= {
            cand show 'Show one received request in full: headers, body, verdicts, answer, forward'
            cand replay 'Send received requests again to your app, signed afresh'
            cand prune 'Delete old received requests'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;received;help;show'= {
        }
        &'echo3d-hooks;received;help;replay'= {
        }
        &'echo3d-hooks;received;help;prune'= {
        }
        &'echo3d-hooks;received;help;help'= {
        }
        &'echo3d-hooks;completions'= {
            cand --db 'The store file [default: a file in the platform data directory]'
            cand --color 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -v 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --verbose 'Show long values (URLs, descriptions, errors) whole in tables'
            cand --allow-private-targets 'Allow private, loopback and other special-purpose targets (local development only)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'echo3d-hooks;help'= {
            cand add 'Create a webhook'
            cand list 'List webhooks'
            cand show 'Show one webhook'
            cand edit 'Change a webhook'
            cand delete 'Delete webhooks (all or none)'
            cand events 'List the nine echo3D triggers, or show one with its sample payload'
            cand fire 'Send a real event to every subscribed webhook of a collection'
            cand test 'Send the spec''s sample payloads to one webhook'
            cand deliveries 'List past deliveries, show one, or prune old ones'
            cand redeliver 'Send past deliveries again, with the same webhook-id'
            cand export 'Write webhooks as a versioned JSON document'
            cand import 'Make the store match a JSON document written by `export`'
            cand verify 'Check a received request''s signature, timestamp and payload, and say why one fails'
            cand sign 'Print the signed headers of a body, for a receiver''s own tests; sends nothing'
            cand schema 'Print the payloads as JSON Schema, or as an OpenAPI 3.1 document'
            cand svix 'Make a Svix server match the store, or show how they differ'
            cand listen 'Receive webhooks on this machine: check, record, answer, forward each request'
            cand received 'List the requests `listen` received, show one, send them again, or prune old ones'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'echo3d-hooks;help;add'= {
        }
        &'echo3d-hooks;help;list'= {
        }
        &'echo3d-hooks;help;show'= {
        }
        &'echo3d-hooks;help;edit'= {
        }
        &'echo3d-hooks;help;delete'= {
        }
        &'echo3d-hooks;help;events'= {
        }
        &'echo3d-hooks;help;fire'= {
        }
        &'echo3d-hooks;help;test'= {
        }
        &'echo3d-hooks;help;deliveries'= {
            cand show 'Show one delivery in full: request, and every attempt'
            cand prune 'Delete old delivery history'
        }
        &'echo3d-hooks;help;deliveries;show'= {
        }
        &'echo3d-hooks;help;deliveries;prune'= {
        }
        &'echo3d-hooks;help;redeliver'= {
        }
        &'echo3d-hooks;help;export'= {
        }
        &'echo3d-hooks;help;import'= {
        }
        &'echo3d-hooks;help;verify'= {
        }
        &'echo3d-hooks;help;sign'= {
        }
        &'echo3d-hooks;help;schema'= {
        }
        &'echo3d-hooks;help;svix'= {
            cand push 'Make the Svix server match the store: event types, applications, endpoints, secrets'
            cand status 'Show how the Svix server differs from the store; exit 7 when it does'
        }
        &'echo3d-hooks;help;svix;push'= {
        }
        &'echo3d-hooks;help;svix;status'= {
        }
        &'echo3d-hooks;help;listen'= {
        }
        &'echo3d-hooks;help;received'= {
            cand show 'Show one received request in full: headers, body, verdicts, answer, forward'
            cand replay 'Send received requests again to your app, signed afresh'
            cand prune 'Delete old received requests'
        }
        &'echo3d-hooks;help;received;show'= {
        }
        &'echo3d-hooks;help;received;replay'= {
        }
        &'echo3d-hooks;help;received;prune'= {
        }
        &'echo3d-hooks;help;completions'= {
        }
        &'echo3d-hooks;help;help'= {
        }
    ]
    $completions[$command]
}
