# Interface strings in English: the reference table. Every other table has the same keys
# (the test suite and `rapport check assets/locale` check). `{ $name }` is filled in by the program;
# `$gender` is the customer's and `$agent` the trainee's (female or male); counts choose their plural form.

ring = ☎ The phone is ringing.
second-chat = 💬 Another customer is waiting: { $text }
you = You
timer-expired = ⏱ Time is up.
patience = Patience
ending = Ending
score = Score
better = Better here: { $choice }
upholds = upholds
breaks = breaks
outcome-delighted = Customer delighted
outcome-retained = Customer retained
outcome-escalated = Escalated
channel-phone = Phone
channel-email = Email
channel-live-chat = Live chat
channel-social-media = Social media
channel-in-person = In person
quit = (Quit. Nothing was scored.)
pick-scenario = Pick a scenario by number:
who-title = Who is training?
who-new = + New trainee
who-name-hint = Type a name, then press Enter
who-none = No trainees yet: add one to begin.
language = Language
text-size = Text size
continue = Continue
library-title = Scenarios for { $name }
difficulty = level { $n }
last-score = last score { $score }
not-played = not played yet
resume = Resume
broken-scenario = Has errors, fix the file to play it
broken-last-good = The last good version is still playable
settings = Settings
back = Back
paused = Paused
resume-play = Resume
quit-to-library = Save and go to the library
no-audio = No sound device found: playing silently. Captions show every sound.
replay-from = Replay from here
you-chose = You
by-rule = By rule
decisions = Your decisions
play-again = Play again
library = Library
volume-voice = Voice volume
volume-effects = Effects volume
volume-music = Music volume
mute = Mute all sound
reduced-motion = Reduced motion
on = on
off = off
keys-play = 1–9 choose · Esc pause
keys-menu = Tab or arrows move · Enter selects · Esc goes back
trains = Trains: { $rules }
time-left = { $seconds } s to answer
quit-app = Quit
customer = Customer
to-debrief = See the debrief
by-channel = By channel
my-progress = My progress
team = Team
track-progress = { $passed }/{ $total } at { $bar }+
track-next = Next: { $title }
progress-title = Progress — { $name }
no-sessions-yet = No finished sessions yet: play a scenario and your progress shows here.
mastery-heading = Mastery per rule (mastered at { $bar }%; recent sessions count more)
mastered = mastered
tracks = Tracks
due-on = due { $date }
abandoned = left unfinished
trend-heading = Mastery of each rule over time
team-title = Team
period-all = All time
all-tracks = All tracks
team-explain-mastery = Cells: mastery of each rule (recent sessions count more). Hover a cell for its sessions.
team-explain-average = Cells: average score on each rule over the period. Hover a cell for its sessions.
weakest-rules = Weakest rules
overdue-heading = Refreshers overdue
nobody-overdue = Nobody is overdue.
no-trainees = No trainees have played yet.
trainee = Trainee
track = Track
overdue = Overdue
and-more = and { $n } more
default-trainee = Trainee

on-hold = ♪ The customer is on hold.
silence = (You said nothing.)
cut-in = (You cut in while { $name } was still speaking.)
answer-within = ⏱ An answer is due within { $seconds ->
    [one] 1 second
   *[other] { $seconds } seconds
}.
choices-hint = Type a number and press Enter. Answering before the customer finishes counts as cutting in.
debrief = Debrief
outcome-lost = Customer lost
speaking = { $name } is speaking…
minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
track-passed = Passed
refresher-due = Refresher due
refreshers-due = Refreshers due:
refreshers = Refreshers
resume-changed = The scenario changed since you left it; starting again.
n-sessions = { $n ->
    [one] 1 session
   *[other] { $n } sessions
}
sessions-heading = Sessions ({ $n })
period-weeks = { $n ->
    [one] Last week
   *[other] Last { $n } weeks
}
overdue-line = { $name }: { $n } overdue, the oldest by { $days ->
    [one] 1 day
   *[other] { $days } days
}
address-me = Address me as
address-female = a woman
address-male = a man
address-unsaid = either (show both forms)
settings-scenarios = Your scenarios
scenarios-folder-count = { $n ->
    [0] None yet: save a scenario file (.ron) here and it appears in the library
    [one] 1 scenario of your own
   *[other] { $n } scenarios of your own
}
scenarios-folder-set-by = Set by { $by } when Rapport was started
scenarios-folder-open = Open folder
scenarios-folder-change = Change…
scenarios-folder-default = Use the default folder
scenarios-folder-hint = Type the full path of a folder, then press Enter (Esc cancels)
scenarios-folder-bad = That folder cannot be used: { $error }
scenarios-folder-none = Only the scenarios that come with Rapport (no data folder)
yours = Yours
yours-replaces = Yours, in place of the one that comes with Rapport

## The command line

cli-seed = seed { $seed }
cli-stops-here = (The run stops here, at `{ $node }`. On offer: { $choices })
cli-no-playable = no playable scenarios; see `rapport --help`
cli-not-a-number = `{ $answer }` is not one of the numbers above
cli-choices-step = --choices step { $n } { $message }
cli-no-scenario = no scenario `{ $id }` in the library (and no file of that name){ $hint }
cli-set-in-settings = Settings › Your scenarios
cli-scenarios-missing = the scenarios folder { $path } does not exist (set by { $by }); create it, or name another with --scenarios DIR, { $env } or Settings › Your scenarios
cli-no-such-file = no such file: { $path }
cli-known-scenarios = known scenarios: { $ids }
cli-has-errors = the scenario has errors and cannot be used
cli-did-you-mean = { " " }(did you mean `{ $word }`?)
cli-no-data-folder = no data folder on this system; name a store with --store
cli-no-trainee = no trainee `{ $name }` in the store{ $hint }
cli-progress-head = { $name } — { $n ->
    [one] 1 session
   *[other] { $n } sessions
} ({ $finished } of the latest { $recent } finished)
cli-mastery-head = Mastery (mastered at { $bar }% over { $min }+ sessions; recent sessions count more)
cli-no-sessions = no sessions yet
cli-track-line = { $passed }/{ $total } at { $bar }%+
cli-track-next = next: { $title }
cli-refreshers-none = none scheduled yet
cli-last-best = last { $last }%  best { $best }%
cli-last = last { $last }%
cli-recent = Recent sessions
cli-status-finished = finished
cli-status-abandoned = abandoned
cli-no-trainees-in = No trainees yet in { $path }.
cli-col-trainee = TRAINEE
cli-col-sessions = SESSIONS
cli-col-last = LAST
cli-col-mastered = MASTERED
cli-col-overdue = OVERDUE
cli-weakest = Weakest rule across the team: { $rule } ({ $pct }%)
cli-due-now = due now
cli-due-in = due in { $days ->
    [one] 1 day
   *[other] { $days } days
}
cli-overdue-by = overdue by { $days ->
    [one] 1 day
   *[other] { $days } days
}
cli-nothing-due = Nothing due.
cli-forget-needs-yes = forgetting a trainee cannot be undone; add --yes to confirm
cli-forget-confirm = Delete every session and score of `{ $name }` for good? Type the name to confirm:
cli-nothing-deleted = Nothing deleted.
cli-forgot = Forgot `{ $name }`: { $n ->
    [one] 1 session
   *[other] { $n } sessions
} and every score deleted.
cli-export-failed = export failed: { $error }
cli-sync-report = { $endpoint }: sent { $sent }, already sent before { $before }, still queued { $queued }
cli-sync-stopped = sync stopped: { $why }
cli-sync-queued = { $n ->
    [one] 1 statement stays queued and goes with the next sync
   *[other] { $n } statements stay queued and go with the next sync
}
cli-lrs-bad-url = `{ $url }` is not an LRS address: give its xAPI endpoint, e.g. https://lrs.example.com/xAPI/
cli-lrs-saved = LRS set: { $endpoint } (team: { $team }; names sent: { $names })
cli-lrs-ask-secret = Secret for { $user } (not shown):{" "}
cli-lrs-secret-from-env = The secret comes from { $var }; nothing is kept on this machine.
cli-lrs-secret-kept = The secret is in the OS keyring.
cli-lrs-no-keyring = rapport: the OS keyring is not available ({ $why }); the secret was not saved anywhere: give it in { $var } when Rapport syncs or pulls
cli-lrs-not-set = no LRS is set on this machine: `rapport lrs set URL --user USER` first
cli-lrs-removed = LRS connection and its secret removed; recorded sessions stay.
cli-lrs-answered = { $endpoint } answered: { $said } (secret from { $from })
cli-lrs-test-failed = { $endpoint } did not answer as it should: { $why }
cli-lrs-status = { $endpoint } (team: { $team }): { $waiting ->
    [0] all sessions sent
    [one] 1 session waiting to be sent
   *[other] { $waiting } sessions waiting to be sent
}
cli-lrs-last-error = last error: { $why }
lrs-error-unreachable = the LRS could not be reached (no network, or it is down); results wait and go when it answers
lrs-error-credentials = the LRS refused this machine's user or secret: ask your trainer to check Settings › Team's LRS
lrs-error-secret = no secret for the LRS on this machine: enter it in Settings › Team's LRS
cli-pull-report = { $endpoint }: read { $read } statements, { $sessions } new sessions, { $known } known, { $foreign } of other tools, { $skipped } skipped
cli-pull-skipped = rapport: skipped statement { $id }: { $why }
cli-pull-stopped = pull stopped: { $why } (what was read is kept whole; the next pull completes it)
cli-trainee-profile = { $name }: e-mail { $email }, LMS id { $lms } (account { $account })
cli-forget-lrs = Statements already sent to { $endpoint } stay there: Rapport cannot delete from an LRS. Ask its administrator to delete those of account { $account }.
cli-cannot-start-there = cannot start there: { $why }
cli-from-not-recorded = a run started with --from, --set or --patience is practice and is not recorded: leave out --trainee
cli-checked = checked { $files } scenario file(s): { $ready } ready, { $errors } error(s), { $warnings } warning(s)
cli-rules-untrained = rules no scenario trains yet: { $rules }
cli-channels-unused = channels no scenario uses yet: { $channels }
cli-longest-share = warning: the best choice is the longest `{ $lang }` text in { $n } of { $of } decision steps ({ $pct }%, above { $limit }%): `rapport analyze` shows where
cli-rank-share = warning: the best choice holds place { $rank } by length (1 = the longest) in { $n } of { $of } `{ $lang }` decision steps ({ $pct }%, above { $limit }%): a trainee can pick by length
cli-cannot-create = cannot create { $path }: { $error }

## Store errors

store-not-a-database = { $path }: not a Rapport progress store (not an SQLite database); left untouched
store-foreign = { $path }: an SQLite database that is not a Rapport progress store (it holds { $tables }); left untouched
store-too-new = { $path }: written by a newer Rapport (schema version { $version }, this one knows { $known }); left untouched
store-damaged = { $path }: the progress store is damaged ({ $detail }); left untouched — restore a backup or move it aside

## The team's Learning Record Store (library line, Team screen)
lrs-sending = Sending results to the LRS…
lrs-all-sent = All sessions sent to the LRS
lrs-waiting = { $n ->
    [one] 1 session waiting to be sent
   *[other] { $n } sessions waiting to be sent
}
lrs-last-error = last error: { $why }
lrs-refresh = Refresh from LRS
lrs-pulling = Fetching from LRS…
lrs-pulled = { $n ->
    [0] no new sessions from the LRS
    [one] 1 new session from the LRS
   *[other] { $n } new sessions from the LRS
}

## Settings › Team's LRS
settings-lrs = Team's LRS
lrs-not-connected = Not connected: results stay on this computer.
lrs-details = User { $user } · team { $team } · secret { $secret }
lrs-secret-keyring = in the OS keyring
lrs-secret-env = from { $var }
lrs-secret-none = not set
lrs-edit-address = Address…
lrs-edit-user = User…
lrs-edit-secret = Secret…
lrs-edit-team = Team…
lrs-names-on = Names sent: on
lrs-names-off = Names sent: off
lrs-test = Test connection
lrs-test-ok = Connected:
lrs-field-address = The LRS's xAPI address, e.g. https://lrs.example.com/xAPI/
lrs-field-user = The LRS user (key) for this machine
lrs-field-secret = The secret for this user (kept in the OS keyring)
lrs-field-team = The team (the same name on every machine of the team)
lrs-field-hint = Enter saves · Esc cancels
lrs-bad-address = “{ $url }” is not an LRS address: it starts with https:// (or http://)
lrs-no-keyring = The OS keyring is not available ({ $why }); the secret was not saved: start Rapport with { $var } set
lrs-not-saved = The setting could not be saved: see the message under the title.
