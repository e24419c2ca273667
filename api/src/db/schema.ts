import type { Db } from './connection.js';
import { foldVietnamese } from '../domain/vietnamese-fold.js';
import { defaultRetentionUntil } from '../domain/privacy-notice.js';
import { PARTICIPATION_TABLES, rebuildParticipation, STANDINGS_BY_LEAD, STANDINGS_TABLES } from './participation.js';

/**
 * Versioned migrations: entry i brings the database from user_version i to i + 1.
 * Never edit a migration that has shipped; append a new one.
 */
export const MIGRATIONS: readonly (string | ((db: Db) => void))[] = [
  `
  CREATE TABLE contests (
    slug TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE units (
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_id TEXT,
    kind TEXT,
    headcount INTEGER,
    position INTEGER NOT NULL,
    PRIMARY KEY (contest_slug, id)
  ) STRICT;

  CREATE TABLE questions (
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    id TEXT NOT NULL,
    topic TEXT NOT NULL,
    text TEXT NOT NULL,
    options TEXT NOT NULL,
    answer INTEGER NOT NULL,
    explanation TEXT,
    retired_at TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (contest_slug, id)
  ) STRICT;

  CREATE TABLE contestants (
    id TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    id_number TEXT NOT NULL,
    full_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT,
    unit_id TEXT NOT NULL,
    occupation TEXT NOT NULL,
    source TEXT,
    extra_attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (contest_slug, id_number)
  ) STRICT;
  CREATE INDEX contestants_by_phone ON contestants(contest_slug, phone);
  CREATE INDEX contestants_by_unit ON contestants(contest_slug, unit_id);

  CREATE TABLE contestant_tokens (
    token_hash TEXT PRIMARY KEY,
    contestant_id TEXT NOT NULL REFERENCES contestants(id),
    created_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    contestant_id TEXT NOT NULL REFERENCES contestants(id),
    status TEXT NOT NULL CHECK (status IN ('inProgress', 'submitted')),
    started_at TEXT NOT NULL,
    deadline TEXT NOT NULL,
    submitted_at TEXT,
    score INTEGER,
    total INTEGER NOT NULL,
    duration_ms INTEGER,
    prediction INTEGER,
    auto_submitted INTEGER NOT NULL DEFAULT 0,
    voided_at TEXT,
    void_reason TEXT,
    source TEXT
  ) STRICT;
  -- At most one open attempt per contestant, enforced by the database itself.
  CREATE UNIQUE INDEX attempts_one_open ON attempts(contestant_id) WHERE status = 'inProgress';
  CREATE INDEX attempts_by_contestant ON attempts(contestant_id, started_at);
  CREATE INDEX attempts_overdue ON attempts(contest_slug, deadline) WHERE status = 'inProgress';
  CREATE INDEX attempts_counting ON attempts(contest_slug, contestant_id, score DESC)
    WHERE status = 'submitted' AND voided_at IS NULL;

  CREATE TABLE attempt_questions (
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    position INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    option_order TEXT NOT NULL,
    PRIMARY KEY (attempt_id, position)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE attempt_answers (
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    question_id TEXT NOT NULL,
    option_index INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE exclusions (
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    kind TEXT NOT NULL CHECK (kind IN ('idNumber', 'phone')),
    value TEXT NOT NULL,
    PRIMARY KEY (contest_slug, kind, value)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE admin_tokens (
    token_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('organiser', 'jury')),
    created_at TEXT NOT NULL,
    revoked_at TEXT
  ) STRICT;

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT
  ) STRICT;
  `,
  `
  CREATE TABLE results (
    contest_slug TEXT PRIMARY KEY REFERENCES contests(slug),
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    payload TEXT NOT NULL
  ) STRICT;
  CREATE INDEX attempts_by_day ON attempts(contest_slug, submitted_at) WHERE status = 'submitted';
  `,
  (db) => {
    db.exec(PARTICIPATION_TABLES);
    rebuildParticipation(db);
  },
  // Proof-of-work solutions already spent on starting an attempt; rows past their expiry are purged.
  `
  CREATE TABLE spent_challenges (
    salt TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX spent_challenges_by_expiry ON spent_challenges(expires_at);
  `,
  // Standings, statistics by key and the figures' version counter (decision 0011), built from the attempts.
  (db) => {
    db.exec(STANDINGS_TABLES);
    rebuildParticipation(db);
  },
  // The ranking index also carries the number of questions, for the ranking export (db/rankings.ts).
  (db) => {
    db.exec('DROP INDEX IF EXISTS standings_by_lead');
    db.exec(STANDINGS_BY_LEAD);
  },
  // Sign-in failures per contest and ID number (hashed), for the back-off (db/sign-in-failures.ts);
  // registrations an organiser released so the ID number can register again (routes/admin-contestants.ts).
  `
  CREATE TABLE sign_in_failures (
    key_hash TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    blocked_until TEXT,
    last_failure_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX sign_in_failures_by_age ON sign_in_failures(last_failure_at);
  ALTER TABLE contestants ADD COLUMN released_at TEXT;
  CREATE INDEX contestant_tokens_by_contestant ON contestant_tokens(contestant_id);
  `,
  // Standings carry each contestant's first prediction (SPEC §3.1 "Prediction"): rebuilt from the attempts.
  (db) => rebuildParticipation(db),
  // Network data of registrations and attempts for the integrity review (db/integrity.ts), kept
  // until the contest's retention date; the indexes serve the review's grouped reads.
  `
  ALTER TABLE contestants ADD COLUMN ip TEXT;
  ALTER TABLE contestants ADD COLUMN ip_network TEXT;
  ALTER TABLE contestants ADD COLUMN user_agent TEXT;
  ALTER TABLE attempts ADD COLUMN ip TEXT;
  ALTER TABLE attempts ADD COLUMN ip_network TEXT;
  ALTER TABLE attempts ADD COLUMN user_agent TEXT;
  CREATE INDEX contestants_by_network ON contestants(contest_slug, ip_network, created_at) WHERE ip_network IS NOT NULL;
  CREATE INDEX contestants_by_name ON contestants(contest_slug, full_name, created_at);
  CREATE INDEX attempts_by_network ON attempts(contest_slug, ip_network, started_at) WHERE ip_network IS NOT NULL;
  CREATE INDEX attempts_by_duration ON attempts(contest_slug, duration_ms) WHERE status = 'submitted' AND voided_at IS NULL;
  `,
  // Spent proof-of-work solutions are keyed by the signed challenge hash, not the salt (domain/challenge.ts).
  // Rows spent under a salt expire within minutes; until then their challenges could be spent once more.
  'ALTER TABLE spent_challenges RENAME COLUMN salt TO challenge;',
  // One-time codes confirming a phone at registration (db/phone-codes.ts, decision 0022): only a
  // salted hash of each code; rows are purged an hour after they were sent.
  `
  CREATE TABLE phone_codes (
    id TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    phone TEXT NOT NULL,
    salt TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    used_at TEXT
  ) STRICT;
  CREATE INDEX phone_codes_by_phone ON phone_codes(phone, created_at);
  CREATE INDEX phone_codes_by_age ON phone_codes(created_at);
  `,
  // Whether a unit competes for collective prizes (decision 0023); NULL leaves it to the default
  // of domain/units.ts. The former rule (only top-level units of kind "group" are skipped) is gone.
  `ALTER TABLE units ADD COLUMN competes INTEGER CHECK (competes IN (0, 1));`,
  // Names without diacritics or case for the organisers' search (domain/vietnamese-fold.ts): written
  // with every registration (db/contestants.ts), filled here for the contestants already registered.
  (db) => {
    db.exec(`ALTER TABLE contestants ADD COLUMN name_folded TEXT NOT NULL DEFAULT ''`);
    const fill = db.prepare('UPDATE contestants SET name_folded = ? WHERE rowid = ?');
    // all(), not iterate(): better-sqlite3 refuses a write while a read of the connection is open.
    for (const row of db.prepare('SELECT rowid, full_name FROM contestants').all() as { rowid: number; full_name: string }[]) {
      fill.run(foldVietnamese(row.full_name), row.rowid);
    }
    db.exec('CREATE INDEX contestants_by_folded_name ON contestants(contest_slug, name_folded)');
  },
  // Personal data the law's way (decision 0027): each contest's retention date (a column, so the
  // purge selects in SQL; 12 months after the end unless set); each registration's consent record
  // (notice version, time), publication choice, and a minor's guardian.
  (db) => {
    db.exec(`
      ALTER TABLE contests ADD COLUMN personal_data_retention_until TEXT;
      ALTER TABLE contestants ADD COLUMN consent_notice_version INTEGER;
      ALTER TABLE contestants ADD COLUMN consented_at TEXT;
      ALTER TABLE contestants ADD COLUMN publish_name INTEGER NOT NULL DEFAULT 0 CHECK (publish_name IN (0, 1));
      ALTER TABLE contestants ADD COLUMN guardian_full_name TEXT;
      ALTER TABLE contestants ADD COLUMN guardian_phone TEXT;
      ALTER TABLE contestants ADD COLUMN guardian_relationship TEXT;
      ALTER TABLE contestants ADD COLUMN guardian_consented_at TEXT;
      ALTER TABLE contestants ADD COLUMN guardian_publish_name INTEGER CHECK (guardian_publish_name IN (0, 1));
    `);
    const fill = db.prepare('UPDATE contests SET personal_data_retention_until = ? WHERE slug = ?');
    for (const row of db.prepare('SELECT slug, ends_at FROM contests').all() as { slug: string; ends_at: string }[]) {
      fill.run(defaultRetentionUntil(row.ends_at), row.slug);
    }
  },
  // Contestants' requests about their personal data (db/personal-data.ts, decision 0029): received,
  // due 15 days later (Decree 356/2025/NĐ-CP), answered or refused by the committee; audit entries
  // found by what they concern, for a contestant's download of their own data.
  `
  CREATE TABLE data_requests (
    id TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    contestant_id TEXT NOT NULL REFERENCES contestants(id),
    kind TEXT NOT NULL CHECK (kind IN ('correction', 'question', 'erasure')),
    message TEXT NOT NULL,
    received_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'refused')),
    answer TEXT,
    answered_at TEXT,
    answered_by TEXT
  ) STRICT;
  CREATE INDEX data_requests_by_contest ON data_requests(contest_slug, received_at);
  CREATE INDEX data_requests_by_contestant ON data_requests(contestant_id);
  -- A contestant's download lists the audit entries about them and their attempts.
  CREATE INDEX audit_log_by_target ON audit_log(target);
  `,
  // What an erasure keeps so the attempt limit holds (db/erasure-limits.ts, decision 0029): per contest,
  // a keyed hash of the erased ID number with the attempts used and granted, until the purge; the new
  // registration of that ID number carries them (attempts_before_erasure). The key, when CHALLENGE_KEY
  // is not set, is kept in server_keys.
  `
  CREATE TABLE erasure_limits (
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    id_number_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    granted INTEGER NOT NULL,
    in_progress INTEGER NOT NULL CHECK (in_progress IN (0, 1)),
    erased_at TEXT NOT NULL,
    PRIMARY KEY (contest_slug, id_number_hash)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    key TEXT NOT NULL
  ) STRICT;
  ALTER TABLE contestants ADD COLUMN attempts_before_erasure INTEGER NOT NULL DEFAULT 0;
  `,
  // Certificates of participation (db/certificates.ts, decision 0037): one per contestant, its code
  // issued on the first request. Erasure and contest deletion find the rows by their contestant_id
  // and contest_slug columns; a certificate is valid only while its holder has a counted attempt.
  `
  CREATE TABLE certificates (
    code TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    contestant_id TEXT NOT NULL UNIQUE REFERENCES contestants(id),
    issued_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX certificates_by_contest ON certificates(contest_slug, issued_at);
  `,
  // Learning Đề án 06 (decision 0036): a question's source and link, whether it is offered for
  // practice while the contest is open; practice sets, kept apart from attempts and for two hours.
  `
  ALTER TABLE questions ADD COLUMN source TEXT;
  ALTER TABLE questions ADD COLUMN source_url TEXT;
  ALTER TABLE questions ADD COLUMN practice INTEGER NOT NULL DEFAULT 0 CHECK (practice IN (0, 1));
  CREATE TABLE practice_sets (
    id TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    question_ids TEXT NOT NULL,
    option_orders TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX practice_sets_by_expiry ON practice_sets(expires_at);
  -- The answer page (routes/learning.ts) is kept until the figures' version moves: a question added
  -- or changed (a corrected key) moves it too. Practice sets, written often, move nothing.
  CREATE TRIGGER questions_added AFTER INSERT ON questions BEGIN
    INSERT INTO figure_versions VALUES (NEW.contest_slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER questions_changed AFTER UPDATE ON questions BEGIN
    INSERT INTO figure_versions VALUES (NEW.contest_slug, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  `,
  // Signed webhooks (db/webhooks.ts, decision 0040): a contest's endpoints with the secret that signs
  // their deliveries, and the outbox, one row per event and endpoint, written in the event's own
  // transaction and kept as the delivery log.
  `
  CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    disabled_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    failing_since TEXT
  ) STRICT;
  CREATE INDEX webhook_endpoints_by_contest ON webhook_endpoints(contest_slug);
  CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT,
    expires_at TEXT NOT NULL,
    claimed_until TEXT,
    last_try_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    delivered_at TEXT
  ) STRICT;
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_try_at) WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, created_at);
  `,
  // The `host` access code (routes/host.ts, decision 0040): read-only, scoped to one contest and one
  // source host name. SQLite cannot change a CHECK, so the table is rebuilt, its row ids (the codes'
  // numbers in the console) kept.
  `
  CREATE TABLE admin_tokens_scoped (
    token_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('organiser', 'jury', 'host')),
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    contest_slug TEXT REFERENCES contests(slug),
    source_host TEXT,
    CHECK ((role = 'host') = (contest_slug IS NOT NULL AND source_host IS NOT NULL))
  ) STRICT;
  INSERT INTO admin_tokens_scoped (rowid, token_hash, name, role, created_at, revoked_at)
    SELECT rowid, token_hash, name, role, created_at, revoked_at FROM admin_tokens;
  DROP TABLE admin_tokens;
  ALTER TABLE admin_tokens_scoped RENAME TO admin_tokens;
  `,  // Rounds (db/rounds.ts, decision 0041): the round an attempt belongs to, fixed when it starts (null
  // in a contest without rounds); the tries an erasure kept per round (JSON {round: tries}, decision 0029); each round's published results; the rounds whose close was
  // announced (\`round.closed\`, once each); the counted attempts of a round, covered by one index so a
  // round's ranking is read without visiting a row; per round a version that moves whenever one of its
  // counted attempts changes, and per contest (round '') one that moves when what every round's ranking
  // shows may change (exclusions, a contestant's identity or name, units): a round's ranking, read from
  // its attempts, is kept until one of them moves.
  `
  ALTER TABLE attempts ADD COLUMN round_id TEXT;
  ALTER TABLE contestants ADD COLUMN rounds_before_erasure TEXT;
  ALTER TABLE erasure_limits ADD COLUMN rounds TEXT;
  CREATE INDEX attempts_round_ranking ON attempts(contest_slug, round_id, contestant_id, score, total, prediction, duration_ms, submitted_at, id, status, voided_at)
    WHERE round_id IS NOT NULL AND status = 'submitted' AND voided_at IS NULL;
  CREATE INDEX attempts_of_round ON attempts(contestant_id, round_id) WHERE round_id IS NOT NULL;
  CREATE TABLE round_results (
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    round_id TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (contest_slug, round_id)
  ) STRICT;
  CREATE TABLE round_closures (
    contest_slug TEXT NOT NULL REFERENCES contests(slug),
    round_id TEXT NOT NULL,
    announced_at TEXT NOT NULL,
    PRIMARY KEY (contest_slug, round_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE round_versions (
    contest_slug TEXT NOT NULL,
    round_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (contest_slug, round_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER round_attempt_changed AFTER UPDATE OF status, score, voided_at, prediction, duration_ms, submitted_at ON attempts
    WHEN NEW.round_id IS NOT NULL BEGIN
    INSERT INTO round_versions VALUES (NEW.contest_slug, NEW.round_id, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER round_attempt_removed AFTER DELETE ON attempts WHEN OLD.round_id IS NOT NULL BEGIN
    INSERT INTO round_versions VALUES (OLD.contest_slug, OLD.round_id, 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER round_exclusions_added AFTER INSERT ON exclusions BEGIN
    INSERT INTO round_versions VALUES (NEW.contest_slug, '', 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER round_exclusions_removed AFTER DELETE ON exclusions BEGIN
    INSERT INTO round_versions VALUES (OLD.contest_slug, '', 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER round_contestant_changed AFTER UPDATE OF id_number, phone, full_name, unit_id, birth_date, publish_name, guardian_publish_name ON contestants BEGIN
    INSERT INTO round_versions VALUES (NEW.contest_slug, '', 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER round_units_changed AFTER UPDATE ON units BEGIN
    INSERT INTO round_versions VALUES (NEW.contest_slug, '', 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER round_units_removed AFTER DELETE ON units BEGIN
    INSERT INTO round_versions VALUES (OLD.contest_slug, '', 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  CREATE TRIGGER round_units_added AFTER INSERT ON units BEGIN
    INSERT INTO round_versions VALUES (NEW.contest_slug, '', 1) ON CONFLICT DO UPDATE SET version = version + 1; END;
  `,
];
