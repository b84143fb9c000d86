//! `svix push` and `svix status` (issue 15) against the fake Svix server.

use crate::support::*;
