/// Every choice the simulator makes where halopsa-api.md marks a fact [I] (inferred, unconfirmed on a
/// live tenant), in one place. Each entry says what the simulator does and how to change it, if it can
/// be changed. When a live tenant shows otherwise, change the behaviour here and in the named file.
///
/// | # | topic | simulator behaviour | switch |
/// |---|---|---|---|
/// | 1 | detail of a ticket the agent may not see (§8.1) | 403 with `{"Message": …}` | `SimulatorConfiguration.forbiddenTicketStatus` (403/404) |
/// | 2 | `Retry-After` on 429 (§8.3) | sent (seconds until the window frees a slot) | `RateLimit.sendsRetryAfter`; burst 429s: `Faults.retryAfter` |
/// | 3 | rate-limit scope (§8.3) | one rolling window per simulator (= tenant) over `/api/*`; `/auth/*` is not limited | `RateLimit` |
/// | 4 | paged envelope (§3.3) | `{page_no, page_size, record_count, tickets}` echoing the *effective* page size; unpaged `{record_count, tickets}`; `record_count` = all matching rows | — |
/// | 5 | `page_size` above 100 (§3.2) | silently capped at 100 | `TicketQuery.maximumPageSize` |
/// | 6 | `ticketidonly=true` (§4.1) | every matching row, paging ignored, rows `{id, sla_id, status_id, client_id, client_name, lastincomingemail}` | — |
/// | 7 | multi-item POST answer (§3.1) | one item → the object, two or more → an array | — |
/// | 8 | `team` vs `team_id` on ticket writes (§4.3) | `team_id` wins; `team` is matched by name, case-insensitively | — |
/// | 9 | outcome valid elsewhere in the workflow but not at the current step (§6.4) | 400, text `outcomeNotAtStep`; always-allowed or unbound outcomes: no step change | — |
/// | 10 | ticket type `allowed_actions` (§6.1) | an outcome outside them is refused with 400 (key1 = outcome id) | — |
/// | 11 | `new_step` / `new_workflow_id` on an action (§6.4) | `new_workflow_id` switches workflow (start step); `new_step` moves directly; both recorded in `workflow_history` | — |
/// | 12 | POST update of an unknown ticket or action id | 404 | — |
/// | 13 | date text (§3.4) | emitted `2025-03-05T14:20:11` (no `Z`); accepted with or without `Z`, fractions, offsets | `HaloDate` |
/// | 14 | `datesearch` window | inclusive at both ends; unknown `datesearch`/`order` field → 400 | `TicketQuery` |
/// | 15 | default ticket order | ascending `id` (stable for paging) | — |
/// | 16 | scopes (§2.6) | `all` grants everything; `read:X` grants GETs of area X; `edit:X` grants writes and implies `read:X`; a token with only `offline_access`/`openid` has no API rights (403) | `ScopeCheck` |
/// | 17 | `tenant` (§2.1) | read from the query string only (not the form body) | — |
/// | 18 | redirect URIs (§2.3) | any `http(s)` URI accepted; real Halo only accepts the app's registered URIs | — |
/// | 19 | lifetimes | access token `accessTokenLifetime` (3600 s); authorisation code 300 s; refresh token 30 days, single use, rotated | `SimulatorConfiguration.accessTokenLifetime` |
/// | 20 | webhook payload (§9.3) | one delivery per change (no batching); action under key `action`; event names below | `WebhookTarget` |
/// | 21 | error body shapes (§8.2) | see `HaloErrorBody`: validation on tickets `{ClassName, Message}`, on actions plain text, not found `{ClassName, Message}`/`{Message}`, scope `{resultCode, errorMessage}`, 401 `{Message}`, 429 plain text, 500 `{ClassName, Message}` | — |
/// | 22 | statuses other than 9 = Closed (§3.4) | 1 New … 8 Resolved, see `ReferenceData.statuses` | — |
/// | 23 | action ids | numbered per ticket (1, 2, …), hence `ticket_id` on `GET /Actions/{id}` | — |
/// | 24 | `GET /api/Team` filtering (§7.2) | administrators see all teams; others their own teams unless `showall=true` | — |
/// | 25 | action list `note_html` | always present (Halo may need `includehtmlnote=true`) | — |
/// | 26 | `GET /api/Workflow/{id}` | `steps`, `stages`, `always_allow_actions` only with `includedetails=true`; list rows never carry them | — |
/// | 27 | `hasbeenclosed` | stays true once a ticket was closed, also after it is reopened | — |
/// | 28 | tickets without `pageinate=true` | `count` rows (default 50), uncapped | `TicketQuery.defaultCount` |
/// | 29 | client restrictions beyond tickets | also filter `GET /api/Client`, `GET /api/Asset`; `GET /api/Client/{id}` of another client is refused like a hidden ticket | — |
/// | 30 | faults | apply to `/api/*` only (not `/auth/*`, not `/_sim/*`); burst 429s name a 300-request limit | `Faults` |
/// | 31 | `GET /api/Actions` without `count` (§5.1; more §8, §11: "the default 52 record limit", seen in a production integration) | the oldest 52 rows, `record_count` still counts all; `count` is honoured in full (no ceiling was ever seen; one can be set for tests) | `Quirks.actionListCap`, `Quirks.actionCountCeiling` |
/// | 32 | an action carrying a status change or workflow move (§5.4, §6.4, §12 question 0; more §11: "the action lands but the status doesn't move", one client) | applied to the ticket by default, as two other clients rely on; switched off, the action is recorded with the requested `new_status` but the ticket keeps its status and step | `Quirks.actionsChangeTicket` |
/// | 33 | `workflow_step` on a ticket update (§4.3; the field is in the schema, writing it is unconfirmed) | moves the ticket to that step of its workflow (400 for a step it does not have), stamps `workflow_stepstarted`, records `workflow_history` with `action_id` 0 | — |
/// | 34 | `ticketids` on `GET /api/Tickets` (documented, never seen used by a client) | a comma-separated or repeated id list; like every list filter it keeps only tickets the caller may see, so an id the agent may not see is silently left out | `Quirks.ignoresTicketIDs` (answers as if the filter were absent) |
enum InferredBehaviour {
    /// 400 text for an outcome that belongs to the workflow but is not a transition of the current step
    /// (Halo's real wording is unknown).
    static let outcomeNotAtStep = "This action is not available at the current workflow step"
    /// Lifetime of an authorisation code, in seconds.
    static let authorizationCodeLifetime = 300
    /// Lifetime of a refresh token, in seconds.
    static let refreshTokenLifetime = 30 * 86_400
    /// Webhook event names, by change.
    static let webhookEvents = [
        "New Ticket Logged", "Ticket Updated", "Ticket Status Changed", "Ticket Reassigned", "Ticket Deleted",
        "Action Added", "Action Updated", "Action Deleted",
    ]
}
