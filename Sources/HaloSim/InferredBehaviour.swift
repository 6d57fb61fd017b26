/// Every choice the simulator makes where HaloPSA's behaviour is inferred, not confirmed on a live
/// tenant, in one place. Each entry says what is known of HaloPSA, what the simulator does and how to
/// change it, if it can be changed. When a live tenant shows otherwise, change the behaviour here and in
/// the named file.
///
/// | # | topic | known of HaloPSA | simulator behaviour | switch |
/// |---|---|---|---|---|
/// | 1 | detail of a ticket the agent may not see | unknown: 403, 404 or a stripped 200; clients treat any non-2xx as "no access" | 403 with `{"Message": …}` | `SimulatorConfiguration.forbiddenTicketStatus` (403/404) |
/// | 2 | `Retry-After` on 429 | not confirmed either way | sent (seconds until the window frees a slot) | `RateLimit.sendsRetryAfter`; burst 429s: `Faults.retryAfter` |
/// | 3 | rate-limit scope | a rolling 5-minute window per tenant or app; 300 or 500 requests reported | one rolling window per simulator (= tenant) over `/api/*`; `/auth/*` is not limited | `RateLimit` |
/// | 4 | paged envelope | `{record_count, tickets}`, `record_count` counting every match (clients page by it); several clients see `page_no`/`page_size` echoed too | `{page_no, page_size, record_count, tickets}` echoing the *effective* page size; unpaged `{record_count, tickets}`; `record_count` = all matching rows | — |
/// | 5 | `page_size` above 100 | documented maximum 100, yet a popular client asks for 1000 without trouble | silently capped at 100 | `TicketQuery.maximumPageSize` |
/// | 6 | `ticketidonly=true` | documented: id fields only, not compatible with paging | every matching row, paging ignored, rows `{id, sla_id, status_id, client_id, client_name, lastincomingemail}` | — |
/// | 7 | multi-item POST answer | one posted item answers the saved object; the answer to several is unknown | one item → the object, two or more → an array | — |
/// | 8 | `team` vs `team_id` on ticket writes | a ticket write may carry the team's name `team` or `team_id`; which wins is unknown | `team_id` wins; `team` is matched by name, case-insensitively | — |
/// | 9 | outcome valid elsewhere in the workflow but not at the current step | whether Halo refuses it, and its wording, are unknown | 400, text `outcomeNotAtStep`; always-allowed or unbound outcomes: no step change | — |
/// | 10 | ticket type `allowed_actions` | the outcomes usable on a type (unless `allowall_actions`); `key1` as the outcome id is a guess | an outcome outside them is refused with 400 (key1 = outcome id) | — |
/// | 11 | `new_step` / `new_workflow_id` on an action | the fields exist (override the step, switch workflow); their effect is unconfirmed | `new_workflow_id` switches workflow (start step); `new_step` moves directly; both recorded in `workflow_history` | — |
/// | 12 | POST update of an unknown ticket or action id | a GET of an unknown action id answers 404 | 404 | — |
/// | 13 | date text | ISO-8601, stored as UTC, often sent without `Z` | emitted `2025-03-05T14:20:11` (no `Z`); accepted with or without `Z`, fractions, offsets | `HaloDate` |
/// | 14 | `datesearch` window | names a date field (`dateoccured`, `datecleared` given as examples); bounds not documented | inclusive at both ends; unknown `datesearch`/`order` field → 400 | `TicketQuery` |
/// | 15 | default ticket order | not documented | ascending `id` (stable for paging) | — |
/// | 16 | scopes | `all`, `read:X`/`edit:X` pairs enforced separately, `offline_access` for refresh; a missing scope answers 403 (sometimes 400) | `all` grants everything; `read:X` grants GETs of area X; `edit:X` grants writes and implies `read:X`; a token with only `offline_access`/`openid` has no API rights (403) | `ScopeCheck` |
/// | 17 | `tenant` | clients send it in the token URL's query string; whether the form body works is unknown | read from the query string only (not the form body) | — |
/// | 18 | redirect URIs | the app's "Login Redirect URL" must be registered in Halo | any `http(s)` URI accepted; real Halo only accepts the app's registered URIs | — |
/// | 19 | lifetimes | `expires_in` is usually 3600; refresh tokens are single-use and rotated; other lifetimes unknown | access token `accessTokenLifetime` (3600 s); authorisation code 300 s; refresh token 30 days, single use, rotated | `SimulatorConfiguration.accessTokenLifetime` |
/// | 20 | webhook payload | delivery fields (`event`, `object_id`, `timestamp`, …) and the ticket under `ticket`; actions "where applicable", key unknown; batching optional, batched shape unknown | one delivery per change (no batching); action under key `action`; event names below | `WebhookTarget` |
/// | 21 | error body shapes | clients accept `{resultCode, errorMessage}`, `{ClassName, Message}`, `{Message}`, `{error}` or plain text; which goes with which failure is unknown | see `HaloErrorBody`: validation on tickets `{ClassName, Message}`, on actions plain text, not found `{ClassName, Message}`/`{Message}`, scope `{resultCode, errorMessage}`, 401 `{Message}`, 429 plain text, 500 `{ClassName, Message}` | — |
/// | 22 | statuses other than 9 = Closed | 9 = Closed on default installs; the other ids are unconfirmed | 1 New … 8 Resolved, see `ReferenceData.statuses` | — |
/// | 23 | action ids | `GET /Actions/{id}` needs `ticket_id` | numbered per ticket (1, 2, …), hence `ticket_id` on `GET /Actions/{id}` | — |
/// | 24 | `GET /api/Team` filtering | filtered by team permissions; `showall` is the administrators' override | administrators see all teams; others their own teams unless `showall=true` | — |
/// | 25 | action list `note_html` | a flag `includehtmlnote` exists | always present (Halo may need `includehtmlnote=true`) | — |
/// | 26 | `GET /api/Workflow/{id}` | with `includedetails=true` it carries the steps and their transitions | `steps`, `stages`, `always_allow_actions` only with `includedetails=true`; list rows never carry them | — |
/// | 27 | `hasbeenclosed` | true on a closed ticket; after a reopen unknown | stays true once a ticket was closed, also after it is reopened | — |
/// | 28 | tickets without `pageinate=true` | paging parameters ignored; a default count (50 seen on `/Client`); `count` above 100 works | `count` rows (default 50), uncapped | `TicketQuery.defaultCount` |
/// | 29 | client restrictions beyond tickets | agents can be restricted to clients; effect beyond tickets unknown | also filter `GET /api/Client`, `GET /api/Asset`; `GET /api/Client/{id}` of another client is refused like a hidden ticket | — |
/// | 30 | faults | a 429 names the limit, e.g. "300 Requests per rolling 5 minute window" | apply to `/api/*` only (not `/auth/*`, not `/_sim/*`); burst 429s name a 300-request limit | `Faults` |
/// | 31 | `GET /api/Actions` without `count` | stops at about 52 rows ("the default 52 record limit", seen in a production integration, which always sends `count=10000`); no paging | the oldest 52 rows, `record_count` still counts all; `count` is honoured in full (no ceiling was ever seen; one can be set for tests) | `Quirks.actionListCap`, `Quirks.actionCountCeiling` |
/// | 32 | an action carrying a status change or workflow move | two clients rely on it moving the ticket; one saw "the action lands but the status doesn't move" | applied to the ticket by default; switched off, the action is recorded with the requested `new_status` but the ticket keeps its status and step | `Quirks.actionsChangeTicket` |
/// | 33 | `workflow_step` on a ticket update | the field is in the schema; writing it is unconfirmed | moves the ticket to that step of its workflow (400 for a step it does not have), stamps `workflow_stepstarted`, records `workflow_history` with `action_id` 0 | — |
/// | 34 | `ticketids` on `GET /api/Tickets` | documented, never seen used by a client; filtering by the caller's visibility is inferred | a comma-separated or repeated id list; like every list filter it keeps only tickets the caller may see, so an id the agent may not see is silently left out | `Quirks.ignoresTicketIDs` (answers as if the filter were absent) |
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
