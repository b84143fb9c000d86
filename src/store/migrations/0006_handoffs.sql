-- Hand-offs to a Svix server (`fire --via svix`, `test --via svix`). The server
-- delivers the message to the endpoints, so the log keeps one row per message,
-- not one per webhook: an ordinary `deliveries` row (its run, body, event,
-- message id, state and counters) in which
--
-- * `url` is the server's base URL;
-- * `hook_id` and `hook_name` are NULL for a message to every subscribed
--   webhook of the collection; a message for one webhook names it as a
--   delivery does (and keeps its name once the webhook is deleted);
-- * each attempt is one hand-off (with the client's own retries of 429 and
--   5xx inside it): the server's status or the error, and no signature.
--
-- A row here marks a delivery as a hand-off. Direct deliveries, the many, pay
-- nothing for it. `svix_message_id` is the id the server gave the message once
-- it accepted it (NULL before): the `webhook-id` its deliveries carry.
CREATE TABLE handoffs (
    delivery_id     INTEGER PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE,
    svix_message_id TEXT
);
