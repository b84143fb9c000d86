# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_echo3d_hooks_global_optspecs
    string join \n db= json v/verbose color= allow-private-targets h/help V/version
end

function __fish_echo3d_hooks_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_echo3d_hooks_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_echo3d_hooks_using_subcommand
    set -l cmd (__fish_echo3d_hooks_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -s V -l version -d 'Print version'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "add" -d 'Create a webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "create" -d 'Create a webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "list" -d 'List webhooks'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "ls" -d 'List webhooks'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "show" -d 'Show one webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "edit" -d 'Change a webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "delete" -d 'Delete webhooks (all or none)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "rm" -d 'Delete webhooks (all or none)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "events" -d 'List the nine echo3D triggers, or show one with its sample payload'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "fire" -d 'Send a real event to every subscribed webhook of a collection'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "test" -d 'Send the spec\'s sample payloads to one webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "deliveries" -d 'List past deliveries, show one, or prune old ones'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "log" -d 'List past deliveries, show one, or prune old ones'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "redeliver" -d 'Send past deliveries again, with the same webhook-id'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "export" -d 'Write webhooks as a versioned JSON document'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "import" -d 'Make the store match a JSON document written by `export`'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "verify" -d 'Check a received request\'s signature, timestamp and payload, and say why one fails'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "sign" -d 'Print the signed headers of a body, for a receiver\'s own tests; sends nothing'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "schema" -d 'Print the payloads as JSON Schema, or as an OpenAPI 3.1 document'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "svix" -d 'Make a Svix server match the store, or show how they differ'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "listen" -d 'Receive webhooks on this machine: check, record, answer, forward each request'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "received" -d 'List the requests `listen` received, show one, send them again, or prune old ones'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l name -d 'A name, unique within the collection' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l url -d 'The HTTPS endpoint to call' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l trigger -d 'An event that fires the webhook (repeatable, or comma-separated; case-insensitive)' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l description -d 'What the webhook is for' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l api-key -d 'The API key of the webhook\'s echo3D collection' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l disabled -d 'Create the webhook switched off'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand add" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l name -d 'A name, unique within the collection' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l url -d 'The HTTPS endpoint to call' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l trigger -d 'An event that fires the webhook (repeatable, or comma-separated; case-insensitive)' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l description -d 'What the webhook is for' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l api-key -d 'The API key of the webhook\'s echo3D collection' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l disabled -d 'Create the webhook switched off'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand create" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand list" -l event -d 'Only webhooks subscribed to this event' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand list" -l api-key -d 'Only webhooks of this collection' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand list" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand list" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand list" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand list" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand list" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand ls" -l event -d 'Only webhooks subscribed to this event' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand ls" -l api-key -d 'Only webhooks of this collection' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand ls" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand ls" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand ls" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand ls" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand ls" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand ls" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand show" -l api-key -d 'The webhook\'s collection, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand show" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand show" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand show" -l reveal-secret -d 'Show the signing secret in full'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand show" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand show" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand show" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l api-key -d 'The webhook\'s collection, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l name -d 'A new name' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l url -d 'A new HTTPS endpoint' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l description -d 'A new description' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l trigger -d 'Replace the triggers with these (repeatable, or comma-separated)' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l add-trigger -d 'Subscribe to one more event (repeatable, or comma-separated)' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l remove-trigger -d 'Unsubscribe from an event (repeatable, or comma-separated)' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l grace -d 'With --rotate-secret: how long the replaced secret goes on signing beside the new one (0 switches at once; at most 365days) [default: 24h]' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l enable -d 'Switch the webhook on'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l disable -d 'Switch the webhook off'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l rotate-secret -d 'Replace the signing secret with a new one'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand edit" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand delete" -l api-key -d 'The webhook\'s collection, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand delete" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand delete" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand delete" -s y -l yes -d 'Do not ask for confirmation (it is only asked on a terminal)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand delete" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand delete" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand delete" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand rm" -l api-key -d 'The webhook\'s collection, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand rm" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand rm" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand rm" -s y -l yes -d 'Do not ask for confirmation (it is only asked on a terminal)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand rm" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand rm" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand rm" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand rm" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events" -l api-key -d 'The collection the sample is for, as `test` fills in the webhook\'s [default: the spec\'s sample key, bold-sky-1234]' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events" -l sample -d 'Print only the sample\'s body, byte for byte as `test` sends it (for `sign --body`, `verify --body` or curl)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l entry -d 'An entry (asset) ID (repeatable)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l meta -d 'A metadata pair; only the first `=` splits (repeatable, order kept)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l status -d 'The status set (AssetStatusUpdate)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l version-id -d 'The version the status was set on (AssetStatusUpdate)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l api-key -d 'The collection\'s API key' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l hook -d 'Only these webhooks (repeatable)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l payload -d 'Read the whole payload from a JSON file, or `-` for stdin' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l via -d 'Who delivers: this machine, or a Svix server (`svix push` first)' -r -f -a "direct\t'This machine: signed, sent and retried here'
svix\t'A Svix server: the message is handed off to it, and it delivers'"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l svix-url -d 'The Svix server\'s base URL (https, or http to a loopback address)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l svix-token-file -d 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l concurrency -d 'Most requests in flight at once' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l timeout -d 'Time limit of one attempt: connecting, sending, and reading the response' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l connect-timeout -d 'Time limit for opening the connection of one attempt' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l retries -d 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l backoff -d 'Wait before the first retry; doubles each retry, with ±20% jitter' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l max-retry-after -d 'Longest wait a Retry-After header can ask for; longer ones are clamped' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l ca-cert -d 'Trust the PEM certificates in this file as well as the system\'s roots' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l proxy -d 'Send through this proxy (proxy environment variables are always ignored)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l dry-run -d 'Print the body and the targets; send nothing'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l api-key -d 'The webhook\'s collection, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l via -d 'Who delivers: this machine, or a Svix server (`svix push` first)' -r -f -a "direct\t'This machine: signed, sent and retried here'
svix\t'A Svix server: the message is handed off to it, and it delivers'"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l svix-url -d 'The Svix server\'s base URL (https, or http to a loopback address)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l svix-token-file -d 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l concurrency -d 'Most requests in flight at once' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l timeout -d 'Time limit of one attempt: connecting, sending, and reading the response' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l connect-timeout -d 'Time limit for opening the connection of one attempt' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l retries -d 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l backoff -d 'Wait before the first retry; doubles each retry, with ±20% jitter' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l max-retry-after -d 'Longest wait a Retry-After header can ask for; longer ones are clamped' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l ca-cert -d 'Trust the PEM certificates in this file as well as the system\'s roots' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l proxy -d 'Send through this proxy (proxy environment variables are always ignored)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l dry-run -d 'Print the bodies; send nothing'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l hook -d 'Only deliveries to this webhook' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l api-key -d 'Only deliveries of this collection; with --hook, the webhook\'s, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l event -d 'Only deliveries of this event' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l since -d 'Only deliveries since this long ago (2h) or this time (RFC 3339)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l via -d 'Only deliveries sent from here (direct), or only hand-offs to Svix (svix)' -r -f -a "direct\t'This machine: signed, sent and retried here'
svix\t'A Svix server: the message is handed off to it, and it delivers'"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l limit -d 'Most deliveries to list' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l failed -d 'Only deliveries that failed'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l interrupted -d 'Only deliveries that a stopped run left unfinished'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -f -a "show" -d 'Show one delivery in full: request, and every attempt'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -f -a "prune" -d 'Delete old delivery history'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and not __fish_seen_subcommand_from show prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from show" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from show" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from show" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from prune" -l older-than -d 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from prune" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from prune" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from prune" -s y -l yes -d 'Do not ask for confirmation (it is only asked on a terminal)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from prune" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from prune" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one delivery in full: request, and every attempt'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete old delivery history'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand deliveries; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l hook -d 'Only deliveries to this webhook' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l api-key -d 'Only deliveries of this collection; with --hook, the webhook\'s, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l event -d 'Only deliveries of this event' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l since -d 'Only deliveries since this long ago (2h) or this time (RFC 3339)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l via -d 'Only deliveries sent from here (direct), or only hand-offs to Svix (svix)' -r -f -a "direct\t'This machine: signed, sent and retried here'
svix\t'A Svix server: the message is handed off to it, and it delivers'"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l limit -d 'Most deliveries to list' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l failed -d 'Only deliveries that failed'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l interrupted -d 'Only deliveries that a stopped run left unfinished'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -f -a "show" -d 'Show one delivery in full: request, and every attempt'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -f -a "prune" -d 'Delete old delivery history'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and not __fish_seen_subcommand_from show prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from show" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from show" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from show" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from prune" -l older-than -d 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from prune" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from prune" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from prune" -s y -l yes -d 'Do not ask for confirmation (it is only asked on a terminal)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from prune" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from prune" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one delivery in full: request, and every attempt'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete old delivery history'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand log; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l since -d 'With --failed: only deliveries since this long ago or this time' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l hook -d 'With --failed: only deliveries to this webhook' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l api-key -d 'With --failed: only deliveries of this collection; with --hook, the webhook\'s, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l via -d 'With --failed: resend the deliveries sent from here (default), or hand off again the failed hand-offs to Svix; with ids, what the log says' -r -f -a "direct\t'This machine: signed, sent and retried here'
svix\t'A Svix server: the message is handed off to it, and it delivers'"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l svix-url -d 'The Svix server\'s base URL (https, or http to a loopback address)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l svix-token-file -d 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l concurrency -d 'Most requests in flight at once' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l timeout -d 'Time limit of one attempt: connecting, sending, and reading the response' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l connect-timeout -d 'Time limit for opening the connection of one attempt' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l retries -d 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l backoff -d 'Wait before the first retry; doubles each retry, with ±20% jitter' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l max-retry-after -d 'Longest wait a Retry-After header can ask for; longer ones are clamped' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l ca-cert -d 'Trust the PEM certificates in this file as well as the system\'s roots' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l proxy -d 'Send through this proxy (proxy environment variables are always ignored)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l failed -d 'Resend every delivery that ended failed or interrupted'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l force -d 'Resend even to a webhook that is switched off (never to a deleted one)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l dry-run -d 'Print what would be sent, and where; send nothing'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand redeliver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -l api-key -d 'Only this collection\'s webhooks' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -l with-secrets -d 'Include the signing secrets'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand export" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -l prune -d 'Delete webhooks that are not in the file (only in the collections it names)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -l dry-run -d 'Print the plan; change nothing'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -s y -l yes -d 'Do not ask before deleting with --prune (it is only asked on a terminal)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand import" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l secret -d 'A signing secret, `whsec_` and base64 (repeatable: any may match)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l api-key -d 'With --hook: the webhook\'s collection, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l hook -d 'Check with this stored webhook\'s secret' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l id -d 'The webhook-id header\'s value' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l timestamp -d 'The webhook-timestamp header\'s value' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l signature -d 'The webhook-signature header\'s value' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l headers -d 'Read the headers from `Name: value` lines (curl -D, deliveries show), or `-` for stdin' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l request -d 'Read a whole raw HTTP/1.1 request: request line, headers, blank line, body' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l body -d 'The body exactly as received, or `-` for stdin' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l tolerance -d 'How far the timestamp may be from now, either way' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l now -d 'Check as if it were this time (Unix seconds or RFC 3339) [default: the clock\'s]' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand verify" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l secret -d 'The signing secret, `whsec_` and base64' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l api-key -d 'With --hook: the webhook\'s collection, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l hook -d 'Sign with this stored webhook\'s secret' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l body -d 'The body to sign, byte for byte, or `-` for stdin' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l id -d 'The webhook-id [default: a fresh msg_ id]' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l timestamp -d 'The webhook-timestamp in Unix seconds [default: now]' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l format -d 'How to print the headers [default: headers, or json with --json]' -r -f -a "headers\t'`Name: value` lines'
curl\t'A complete curl command'
json\t'One JSON object'"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l url -d 'The receiver\'s URL, for --format curl' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand schema" -l format -d 'The kind of document' -r -f -a "json-schema\t'JSON Schema, draft 2020-12'
openapi\t'OpenAPI 3.1, one `webhooks` entry per event'"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand schema" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand schema" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand schema" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand schema" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand schema" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -f -a "push" -d 'Make the Svix server match the store: event types, applications, endpoints, secrets'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -f -a "status" -d 'Show how the Svix server differs from the store; exit 7 when it does'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and not __fish_seen_subcommand_from push status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l api-key -d 'Only this collection\'s application and endpoints' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l svix-url -d 'The Svix server\'s base URL (https, or http to a loopback address)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l svix-token-file -d 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l retries -d 'Retries after a network error, 408, 429 or 5xx' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l backoff -d 'Wait before the first retry; doubles each retry, with ±20% jitter' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l ca-cert -d 'Trust the PEM certificates in this file as well as the system\'s roots' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l dry-run -d 'Print the plan; change nothing'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l prune -d 'Also delete the endpoints this tool created whose webhooks left the store'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -s y -l yes -d 'Do not ask before pruning (it is only asked on a terminal)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l api-key -d 'Only this collection\'s application and endpoints' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l svix-url -d 'The Svix server\'s base URL (https, or http to a loopback address)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l svix-token-file -d 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l retries -d 'Retries after a network error, 408, 429 or 5xx' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l backoff -d 'Wait before the first retry; doubles each retry, with ±20% jitter' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l ca-cert -d 'Trust the PEM certificates in this file as well as the system\'s roots' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from help" -f -a "push" -d 'Make the Svix server match the store: event types, applications, endpoints, secrets'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show how the Svix server differs from the store; exit 7 when it does'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand svix; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l bind -d 'The address to listen on (a warning is printed for one other machines can reach)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l port -d 'The port to listen on; 0 for any free port' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l path -d 'Serve only this path; other paths are answered 404 [default: every path]' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l tls-cert -d 'Serve HTTPS with this PEM certificate chain instead of the local CA\'s' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l tls-key -d 'The PEM private key of --tls-cert' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l hook -d 'Check signatures with this stored webhook\'s secret (repeatable)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l api-key -d 'With --hook: the webhooks\' collection, when a name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l secret -d 'Check signatures with this secret, `whsec_` and base64 (repeatable)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l tolerance -d 'How far a signature\'s timestamp may be from now, either way' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l respond -d 'Scripted answers, one per request, the last repeating: 503, 429:2 (Retry-After: 2), hang, close' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l forward-to -d 'Send each request on to your app at this URL, and its status back to the sender' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l events -d 'Forward only these events (repeatable, or comma-separated); the rest are answered 204' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l forward-timeout -d 'Time limit of one forwarded request' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l ca-cert -d 'Trust the PEM certificates in this file for an https --forward-to' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l max-body -d 'Largest body; a larger one is answered 413 without being read (B, KiB, MiB)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l read-timeout -d 'How long a client may take to send its headers (or to start another request), then its body' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l expect -d 'With --once: wait for a request of this event' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l timeout -d 'With --once: give up after this long, with exit code 12' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l tls -d 'Serve HTTPS, with a certificate from a local CA made beside the store on first use'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l accept-invalid -d 'Answer as if every check passed; the verdicts are still printed and recorded'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l resign -d 'Sign forwarded requests afresh with the listener\'s own secret (see --print-secret)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l no-record -d 'Do not record the requests in the store'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l once -d 'Exit after the first request (of --expect\'s event): 0 if it passed every check, else 9, 10 or 11'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l print-secret -d 'Print the listener\'s own signing secret (made on first use), and exit'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand listen" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -l event -d 'Only requests of this event' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -l since -d 'Only requests since this long ago (2h) or this time (RFC 3339)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -l limit -d 'Most requests to list' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -l invalid -d 'Only requests that failed a check'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -f -a "show" -d 'Show one received request in full: headers, body, verdicts, answer, forward'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -f -a "replay" -d 'Send received requests again to your app, signed afresh'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -f -a "prune" -d 'Delete old received requests'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and not __fish_seen_subcommand_from show replay prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from show" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from show" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from show" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l since -d 'Every request since this long ago (1h) or this time (RFC 3339), oldest first' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l event -d 'Every request of this event' -r -f -a "Upload\t''
Processed\t''
Edit\t''
Delete\t''
CollectionMetadataAdd\t''
CollectionMetadataRemove\t''
AssetMetadataAdd\t''
AssetMetadataRemove\t''
AssetStatusUpdate\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l to -d 'Where to send them: your app\'s URL' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l secret -d 'Sign with this secret [default: the listener\'s own]' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l api-key -d 'With --hook: the webhook\'s collection, when its name is used in more than one' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l hook -d 'Sign with this stored webhook\'s secret' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l timeout -d 'Time limit of one request' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l ca-cert -d 'Trust the PEM certificates in this file for an https --to' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l new-id -d 'Give each a fresh webhook-id instead of the one it came with'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l dry-run -d 'Print what would be sent; send nothing'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from prune" -l older-than -d 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)' -r
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from prune" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from prune" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from prune" -s y -l yes -d 'Do not ask for confirmation (it is only asked on a terminal)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from prune" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from prune" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one received request in full: headers, body, verdicts, answer, forward'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Send received requests again to your app, signed afresh'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete old received requests'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand received; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand completions" -l db -d 'The store file [default: a file in the platform data directory]' -r -F
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand completions" -l color -d 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand completions" -l json -d 'Print machine-readable JSON instead of tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand completions" -s v -l verbose -d 'Show long values (URLs, descriptions, errors) whole in tables'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand completions" -l allow-private-targets -d 'Allow private, loopback and other special-purpose targets (local development only)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand completions" -s h -l help -d 'Print help'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "add" -d 'Create a webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "list" -d 'List webhooks'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "show" -d 'Show one webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "edit" -d 'Change a webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "delete" -d 'Delete webhooks (all or none)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "events" -d 'List the nine echo3D triggers, or show one with its sample payload'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "fire" -d 'Send a real event to every subscribed webhook of a collection'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "test" -d 'Send the spec\'s sample payloads to one webhook'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "deliveries" -d 'List past deliveries, show one, or prune old ones'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "redeliver" -d 'Send past deliveries again, with the same webhook-id'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "export" -d 'Write webhooks as a versioned JSON document'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "import" -d 'Make the store match a JSON document written by `export`'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "verify" -d 'Check a received request\'s signature, timestamp and payload, and say why one fails'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "sign" -d 'Print the signed headers of a body, for a receiver\'s own tests; sends nothing'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "schema" -d 'Print the payloads as JSON Schema, or as an OpenAPI 3.1 document'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "svix" -d 'Make a Svix server match the store, or show how they differ'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "listen" -d 'Receive webhooks on this machine: check, record, answer, forward each request'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "received" -d 'List the requests `listen` received, show one, send them again, or prune old ones'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "completions" -d 'Print shell completions'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and not __fish_seen_subcommand_from add list show edit delete events fire test deliveries redeliver export import verify sign schema svix listen received completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and __fish_seen_subcommand_from deliveries" -f -a "show" -d 'Show one delivery in full: request, and every attempt'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and __fish_seen_subcommand_from deliveries" -f -a "prune" -d 'Delete old delivery history'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and __fish_seen_subcommand_from svix" -f -a "push" -d 'Make the Svix server match the store: event types, applications, endpoints, secrets'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and __fish_seen_subcommand_from svix" -f -a "status" -d 'Show how the Svix server differs from the store; exit 7 when it does'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and __fish_seen_subcommand_from received" -f -a "show" -d 'Show one received request in full: headers, body, verdicts, answer, forward'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and __fish_seen_subcommand_from received" -f -a "replay" -d 'Send received requests again to your app, signed afresh'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand help; and __fish_seen_subcommand_from received" -f -a "prune" -d 'Delete old received requests'

# Positional values, which clap_complete's fish generator leaves out.
function __fish_echo3d_hooks_positionals_before
    set -l specs $argv
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_echo3d_hooks_global_optspecs) -- $cmd 2>/dev/null
    or return
    set -e argv[1]
    argparse $specs -- $argv 2>/dev/null
    or return
    count $argv
end

complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand events; and test (__fish_echo3d_hooks_positionals_before 'sample' 'api-key=' 'db=' 'json' 'v/verbose' 'color=' 'allow-private-targets' 'h/help') -eq 0" -f -a "Upload Processed Edit Delete CollectionMetadataAdd CollectionMetadataRemove AssetMetadataAdd AssetMetadataRemove AssetStatusUpdate" -d 'Show this event with its sample payload'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand fire; and test (__fish_echo3d_hooks_positionals_before 'entry=' 'meta=' 'status=' 'version-id=' 'api-key=' 'hook=' 'payload=' 'dry-run' 'via=' 'svix-url=' 'svix-token-file=' 'concurrency=' 'timeout=' 'connect-timeout=' 'retries=' 'backoff=' 'max-retry-after=' 'ca-cert=' 'proxy=' 'db=' 'json' 'v/verbose' 'color=' 'allow-private-targets' 'h/help') -eq 0" -f -a "Upload Processed Edit Delete CollectionMetadataAdd CollectionMetadataRemove AssetMetadataAdd AssetMetadataRemove AssetStatusUpdate" -d 'The event to fire'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand test; and test (__fish_echo3d_hooks_positionals_before 'api-key=' 'dry-run' 'via=' 'svix-url=' 'svix-token-file=' 'concurrency=' 'timeout=' 'connect-timeout=' 'retries=' 'backoff=' 'max-retry-after=' 'ca-cert=' 'proxy=' 'db=' 'json' 'v/verbose' 'color=' 'allow-private-targets' 'h/help') -ge 1" -f -a "Upload Processed Edit Delete CollectionMetadataAdd CollectionMetadataRemove AssetMetadataAdd AssetMetadataRemove AssetStatusUpdate" -d 'Only these events [default: every trigger of the webhook]'
complete -c echo3d-hooks -n "__fish_echo3d_hooks_using_subcommand completions; and test (__fish_echo3d_hooks_positionals_before 'db=' 'json' 'v/verbose' 'color=' 'allow-private-targets' 'h/help') -eq 0" -f -a "bash elvish fish powershell zsh" -d 'The shell to print completions for'
