-- Secret rotation without downtime: the secret that `edit --rotate-secret`
-- replaced goes on signing, beside the new one, until `previous_secret_until`
-- (Unix milliseconds). NULL when no rotation is in its grace period.
ALTER TABLE hooks ADD COLUMN previous_secret TEXT;
ALTER TABLE hooks ADD COLUMN previous_secret_until INTEGER;
