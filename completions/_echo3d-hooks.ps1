
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'echo3d-hooks' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'echo3d-hooks'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'echo3d-hooks' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a webhook')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a webhook')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List webhooks')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List webhooks')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a webhook')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete webhooks (all or none)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete webhooks (all or none)')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'List the nine echo3D triggers, or show one with its sample payload')
            [CompletionResult]::new('fire', 'fire', [CompletionResultType]::ParameterValue, 'Send a real event to every subscribed webhook of a collection')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send the spec''s sample payloads to one webhook')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List past deliveries, show one, or prune old ones')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'List past deliveries, show one, or prune old ones')
            [CompletionResult]::new('redeliver', 'redeliver', [CompletionResultType]::ParameterValue, 'Send past deliveries again, with the same webhook-id')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write webhooks as a versioned JSON document')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Make the store match a JSON document written by `export`')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a received request''s signature, timestamp and payload, and say why one fails')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the signed headers of a body, for a receiver''s own tests; sends nothing')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the payloads as JSON Schema, or as an OpenAPI 3.1 document')
            [CompletionResult]::new('svix', 'svix', [CompletionResultType]::ParameterValue, 'Make a Svix server match the store, or show how they differ')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks on this machine: check, record, answer, forward each request')
            [CompletionResult]::new('received', 'received', [CompletionResultType]::ParameterValue, 'List the requests `listen` received, show one, send them again, or prune old ones')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name, unique within the collection')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The HTTPS endpoint to call')
            [CompletionResult]::new('--trigger', '--trigger', [CompletionResultType]::ParameterName, 'An event that fires the webhook (repeatable, or comma-separated; case-insensitive)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What the webhook is for')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key of the webhook''s echo3D collection')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--disabled', '--disabled', [CompletionResultType]::ParameterName, 'Create the webhook switched off')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name, unique within the collection')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The HTTPS endpoint to call')
            [CompletionResult]::new('--trigger', '--trigger', [CompletionResultType]::ParameterName, 'An event that fires the webhook (repeatable, or comma-separated; case-insensitive)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What the webhook is for')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key of the webhook''s echo3D collection')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--disabled', '--disabled', [CompletionResultType]::ParameterName, 'Create the webhook switched off')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;list' {
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only webhooks subscribed to this event')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Only webhooks of this collection')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;ls' {
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only webhooks subscribed to this event')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Only webhooks of this collection')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;show' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The webhook''s collection, when its name is used in more than one')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--reveal-secret', '--reveal-secret', [CompletionResultType]::ParameterName, 'Show the signing secret in full')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;edit' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The webhook''s collection, when its name is used in more than one')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A new name')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'A new HTTPS endpoint')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A new description')
            [CompletionResult]::new('--trigger', '--trigger', [CompletionResultType]::ParameterName, 'Replace the triggers with these (repeatable, or comma-separated)')
            [CompletionResult]::new('--add-trigger', '--add-trigger', [CompletionResultType]::ParameterName, 'Subscribe to one more event (repeatable, or comma-separated)')
            [CompletionResult]::new('--remove-trigger', '--remove-trigger', [CompletionResultType]::ParameterName, 'Unsubscribe from an event (repeatable, or comma-separated)')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'With --rotate-secret: how long the replaced secret goes on signing beside the new one (0 switches at once; at most 365days) [default: 24h]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--enable', '--enable', [CompletionResultType]::ParameterName, 'Switch the webhook on')
            [CompletionResult]::new('--disable', '--disable', [CompletionResultType]::ParameterName, 'Switch the webhook off')
            [CompletionResult]::new('--rotate-secret', '--rotate-secret', [CompletionResultType]::ParameterName, 'Replace the signing secret with a new one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;delete' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The webhook''s collection, when its name is used in more than one')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;rm' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The webhook''s collection, when its name is used in more than one')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;events' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The collection the sample is for, as `test` fills in the webhook''s [default: the spec''s sample key, bold-sky-1234]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'Print only the sample''s body, byte for byte as `test` sends it (for `sign --body`, `verify --body` or curl)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;fire' {
            [CompletionResult]::new('--entry', '--entry', [CompletionResultType]::ParameterName, 'An entry (asset) ID (repeatable)')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'A metadata pair; only the first `=` splits (repeatable, order kept)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'The status set (AssetStatusUpdate)')
            [CompletionResult]::new('--version-id', '--version-id', [CompletionResultType]::ParameterName, 'The version the status was set on (AssetStatusUpdate)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The collection''s API key')
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'Only these webhooks (repeatable)')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Read the whole payload from a JSON file, or `-` for stdin')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'Who delivers: this machine, or a Svix server (`svix push` first)')
            [CompletionResult]::new('--svix-url', '--svix-url', [CompletionResultType]::ParameterName, 'The Svix server''s base URL (https, or http to a loopback address)')
            [CompletionResult]::new('--svix-token-file', '--svix-token-file', [CompletionResultType]::ParameterName, 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most requests in flight at once')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit of one attempt: connecting, sending, and reading the response')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Time limit for opening the connection of one attempt')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'Wait before the first retry; doubles each retry, with ±20% jitter')
            [CompletionResult]::new('--max-retry-after', '--max-retry-after', [CompletionResultType]::ParameterName, 'Longest wait a Retry-After header can ask for; longer ones are clamped')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificates in this file as well as the system''s roots')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this proxy (proxy environment variables are always ignored)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the body and the targets; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'echo3d-hooks;test' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The webhook''s collection, when its name is used in more than one')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'Who delivers: this machine, or a Svix server (`svix push` first)')
            [CompletionResult]::new('--svix-url', '--svix-url', [CompletionResultType]::ParameterName, 'The Svix server''s base URL (https, or http to a loopback address)')
            [CompletionResult]::new('--svix-token-file', '--svix-token-file', [CompletionResultType]::ParameterName, 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most requests in flight at once')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit of one attempt: connecting, sending, and reading the response')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Time limit for opening the connection of one attempt')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'Wait before the first retry; doubles each retry, with ±20% jitter')
            [CompletionResult]::new('--max-retry-after', '--max-retry-after', [CompletionResultType]::ParameterName, 'Longest wait a Retry-After header can ask for; longer ones are clamped')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificates in this file as well as the system''s roots')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this proxy (proxy environment variables are always ignored)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the bodies; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'echo3d-hooks;deliveries' {
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'Only deliveries to this webhook')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Only deliveries of this collection; with --hook, the webhook''s, when its name is used in more than one')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only deliveries of this event')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only deliveries since this long ago (2h) or this time (RFC 3339)')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'Only deliveries sent from here (direct), or only hand-offs to Svix (svix)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Most deliveries to list')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--failed', '--failed', [CompletionResultType]::ParameterName, 'Only deliveries that failed')
            [CompletionResult]::new('--interrupted', '--interrupted', [CompletionResultType]::ParameterName, 'Only deliveries that a stopped run left unfinished')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one delivery in full: request, and every attempt')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old delivery history')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;log' {
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'Only deliveries to this webhook')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Only deliveries of this collection; with --hook, the webhook''s, when its name is used in more than one')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only deliveries of this event')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only deliveries since this long ago (2h) or this time (RFC 3339)')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'Only deliveries sent from here (direct), or only hand-offs to Svix (svix)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Most deliveries to list')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--failed', '--failed', [CompletionResultType]::ParameterName, 'Only deliveries that failed')
            [CompletionResult]::new('--interrupted', '--interrupted', [CompletionResultType]::ParameterName, 'Only deliveries that a stopped run left unfinished')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one delivery in full: request, and every attempt')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old delivery history')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;deliveries;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;log;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;deliveries;prune' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;log;prune' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;deliveries;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one delivery in full: request, and every attempt')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old delivery history')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;deliveries;help;show' {
            break
        }
        'echo3d-hooks;deliveries;help;prune' {
            break
        }
        'echo3d-hooks;deliveries;help;help' {
            break
        }
        'echo3d-hooks;log;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one delivery in full: request, and every attempt')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old delivery history')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;log;help;show' {
            break
        }
        'echo3d-hooks;log;help;prune' {
            break
        }
        'echo3d-hooks;log;help;help' {
            break
        }
        'echo3d-hooks;redeliver' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --failed: only deliveries since this long ago or this time')
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'With --failed: only deliveries to this webhook')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'With --failed: only deliveries of this collection; with --hook, the webhook''s, when its name is used in more than one')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'With --failed: resend the deliveries sent from here (default), or hand off again the failed hand-offs to Svix; with ids, what the log says')
            [CompletionResult]::new('--svix-url', '--svix-url', [CompletionResultType]::ParameterName, 'The Svix server''s base URL (https, or http to a loopback address)')
            [CompletionResult]::new('--svix-token-file', '--svix-token-file', [CompletionResultType]::ParameterName, 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most requests in flight at once')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit of one attempt: connecting, sending, and reading the response')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Time limit for opening the connection of one attempt')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (network error, timeout, 408, 429, 5xx)')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'Wait before the first retry; doubles each retry, with ±20% jitter')
            [CompletionResult]::new('--max-retry-after', '--max-retry-after', [CompletionResultType]::ParameterName, 'Longest wait a Retry-After header can ask for; longer ones are clamped')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificates in this file as well as the system''s roots')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this proxy (proxy environment variables are always ignored)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--failed', '--failed', [CompletionResultType]::ParameterName, 'Resend every delivery that ended failed or interrupted')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Resend even to a webhook that is switched off (never to a deleted one)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent, and where; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'echo3d-hooks;export' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Only this collection''s webhooks')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--with-secrets', '--with-secrets', [CompletionResultType]::ParameterName, 'Include the signing secrets')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;import' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete webhooks that are not in the file (only in the collections it names)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before deleting with --prune (it is only asked on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before deleting with --prune (it is only asked on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;verify' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A signing secret, `whsec_` and base64 (repeatable: any may match)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'With --hook: the webhook''s collection, when its name is used in more than one')
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'Check with this stored webhook''s secret')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The webhook-id header''s value')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'The webhook-timestamp header''s value')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The webhook-signature header''s value')
            [CompletionResult]::new('--headers', '--headers', [CompletionResultType]::ParameterName, 'Read the headers from `Name: value` lines (curl -D, deliveries show), or `-` for stdin')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'Read a whole raw HTTP/1.1 request: request line, headers, blank line, body')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The body exactly as received, or `-` for stdin')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'How far the timestamp may be from now, either way')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Check as if it were this time (Unix seconds or RFC 3339) [default: the clock''s]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;sign' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The signing secret, `whsec_` and base64')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'With --hook: the webhook''s collection, when its name is used in more than one')
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'Sign with this stored webhook''s secret')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The body to sign, byte for byte, or `-` for stdin')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The webhook-id [default: a fresh msg_ id]')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'The webhook-timestamp in Unix seconds [default: now]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the headers [default: headers, or json with --json]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The receiver''s URL, for --format curl')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'echo3d-hooks;schema' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The kind of document')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'echo3d-hooks;svix' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Make the Svix server match the store: event types, applications, endpoints, secrets')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show how the Svix server differs from the store; exit 7 when it does')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;svix;push' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Only this collection''s application and endpoints')
            [CompletionResult]::new('--svix-url', '--svix-url', [CompletionResultType]::ParameterName, 'The Svix server''s base URL (https, or http to a loopback address)')
            [CompletionResult]::new('--svix-token-file', '--svix-token-file', [CompletionResultType]::ParameterName, 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a network error, 408, 429 or 5xx')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'Wait before the first retry; doubles each retry, with ±20% jitter')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificates in this file as well as the system''s roots')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan; change nothing')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also delete the endpoints this tool created whose webhooks left the store')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before pruning (it is only asked on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before pruning (it is only asked on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;svix;status' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Only this collection''s application and endpoints')
            [CompletionResult]::new('--svix-url', '--svix-url', [CompletionResultType]::ParameterName, 'The Svix server''s base URL (https, or http to a loopback address)')
            [CompletionResult]::new('--svix-token-file', '--svix-token-file', [CompletionResultType]::ParameterName, 'Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a network error, 408, 429 or 5xx')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'Wait before the first retry; doubles each retry, with ±20% jitter')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificates in this file as well as the system''s roots')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;svix;help' {
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Make the Svix server match the store: event types, applications, endpoints, secrets')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show how the Svix server differs from the store; exit 7 when it does')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;svix;help;push' {
            break
        }
        'echo3d-hooks;svix;help;status' {
            break
        }
        'echo3d-hooks;svix;help;help' {
            break
        }
        'echo3d-hooks;listen' {
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'The address to listen on (a warning is printed for one other machines can reach)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port to listen on; 0 for any free port')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Serve only this path; other paths are answered 404 [default: every path]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this PEM certificate chain instead of the local CA''s')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The PEM private key of --tls-cert')
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'Check signatures with this stored webhook''s secret (repeatable)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'With --hook: the webhooks'' collection, when a name is used in more than one')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Check signatures with this secret, `whsec_` and base64 (repeatable)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'How far a signature''s timestamp may be from now, either way')
            [CompletionResult]::new('--respond', '--respond', [CompletionResultType]::ParameterName, 'Scripted answers, one per request, the last repeating: 503, 429:2 (Retry-After: 2), hang, close')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Send each request on to your app at this URL, and its status back to the sender')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Forward only these events (repeatable, or comma-separated); the rest are answered 204')
            [CompletionResult]::new('--forward-timeout', '--forward-timeout', [CompletionResultType]::ParameterName, 'Time limit of one forwarded request')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificates in this file for an https --forward-to')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body; a larger one is answered 413 without being read (B, KiB, MiB)')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'How long a client may take to send its headers (or to start another request), then its body')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'With --once: wait for a request of this event')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'With --once: give up after this long, with exit code 12')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Serve HTTPS, with a certificate from a local CA made beside the store on first use')
            [CompletionResult]::new('--accept-invalid', '--accept-invalid', [CompletionResultType]::ParameterName, 'Answer as if every check passed; the verdicts are still printed and recorded')
            [CompletionResult]::new('--resign', '--resign', [CompletionResultType]::ParameterName, 'Sign forwarded requests afresh with the listener''s own secret (see --print-secret)')
            [CompletionResult]::new('--no-record', '--no-record', [CompletionResultType]::ParameterName, 'Do not record the requests in the store')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Exit after the first request (of --expect''s event): 0 if it passed every check, else 9, 10 or 11')
            [CompletionResult]::new('--print-secret', '--print-secret', [CompletionResultType]::ParameterName, 'Print the listener''s own signing secret (made on first use), and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;received' {
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only requests of this event')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only requests since this long ago (2h) or this time (RFC 3339)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Most requests to list')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--invalid', '--invalid', [CompletionResultType]::ParameterName, 'Only requests that failed a check')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one received request in full: headers, body, verdicts, answer, forward')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send received requests again to your app, signed afresh')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old received requests')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;received;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;received;replay' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Every request since this long ago (1h) or this time (RFC 3339), oldest first')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Every request of this event')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send them: your app''s URL')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Sign with this secret [default: the listener''s own]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'With --hook: the webhook''s collection, when its name is used in more than one')
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'Sign with this stored webhook''s secret')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time limit of one request')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the PEM certificates in this file for an https --to')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--new-id', '--new-id', [CompletionResultType]::ParameterName, 'Give each a fresh webhook-id instead of the one it came with')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;received;prune' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (it is only asked on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;received;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one received request in full: headers, body, verdicts, answer, forward')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send received requests again to your app, signed afresh')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old received requests')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;received;help;show' {
            break
        }
        'echo3d-hooks;received;help;replay' {
            break
        }
        'echo3d-hooks;received;help;prune' {
            break
        }
        'echo3d-hooks;received;help;help' {
            break
        }
        'echo3d-hooks;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file [default: a file in the platform data directory]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show long values (URLs, descriptions, errors) whole in tables')
            [CompletionResult]::new('--allow-private-targets', '--allow-private-targets', [CompletionResultType]::ParameterName, 'Allow private, loopback and other special-purpose targets (local development only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'echo3d-hooks;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a webhook')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List webhooks')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a webhook')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete webhooks (all or none)')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'List the nine echo3D triggers, or show one with its sample payload')
            [CompletionResult]::new('fire', 'fire', [CompletionResultType]::ParameterValue, 'Send a real event to every subscribed webhook of a collection')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send the spec''s sample payloads to one webhook')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List past deliveries, show one, or prune old ones')
            [CompletionResult]::new('redeliver', 'redeliver', [CompletionResultType]::ParameterValue, 'Send past deliveries again, with the same webhook-id')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write webhooks as a versioned JSON document')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Make the store match a JSON document written by `export`')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a received request''s signature, timestamp and payload, and say why one fails')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the signed headers of a body, for a receiver''s own tests; sends nothing')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the payloads as JSON Schema, or as an OpenAPI 3.1 document')
            [CompletionResult]::new('svix', 'svix', [CompletionResultType]::ParameterValue, 'Make a Svix server match the store, or show how they differ')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks on this machine: check, record, answer, forward each request')
            [CompletionResult]::new('received', 'received', [CompletionResultType]::ParameterValue, 'List the requests `listen` received, show one, send them again, or prune old ones')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'echo3d-hooks;help;add' {
            break
        }
        'echo3d-hooks;help;list' {
            break
        }
        'echo3d-hooks;help;show' {
            break
        }
        'echo3d-hooks;help;edit' {
            break
        }
        'echo3d-hooks;help;delete' {
            break
        }
        'echo3d-hooks;help;events' {
            break
        }
        'echo3d-hooks;help;fire' {
            break
        }
        'echo3d-hooks;help;test' {
            break
        }
        'echo3d-hooks;help;deliveries' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one delivery in full: request, and every attempt')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old delivery history')
            break
        }
        'echo3d-hooks;help;deliveries;show' {
            break
        }
        'echo3d-hooks;help;deliveries;prune' {
            break
        }
        'echo3d-hooks;help;redeliver' {
            break
        }
        'echo3d-hooks;help;export' {
            break
        }
        'echo3d-hooks;help;import' {
            break
        }
        'echo3d-hooks;help;verify' {
            break
        }
        'echo3d-hooks;help;sign' {
            break
        }
        'echo3d-hooks;help;schema' {
            break
        }
        'echo3d-hooks;help;svix' {
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Make the Svix server match the store: event types, applications, endpoints, secrets')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show how the Svix server differs from the store; exit 7 when it does')
            break
        }
        'echo3d-hooks;help;svix;push' {
            break
        }
        'echo3d-hooks;help;svix;status' {
            break
        }
        'echo3d-hooks;help;listen' {
            break
        }
        'echo3d-hooks;help;received' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one received request in full: headers, body, verdicts, answer, forward')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send received requests again to your app, signed afresh')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete old received requests')
            break
        }
        'echo3d-hooks;help;received;show' {
            break
        }
        'echo3d-hooks;help;received;replay' {
            break
        }
        'echo3d-hooks;help;received;prune' {
            break
        }
        'echo3d-hooks;help;completions' {
            break
        }
        'echo3d-hooks;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
