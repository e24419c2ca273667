#!/usr/bin/env bash
# The PostgreSQL suites talk to a real server at 127.0.0.1:5432 (trust authentication, superuser
# postgres, databases postgres and test). If none answers there, this starts a throwaway cluster
# under /tmp with Debian's binaries; if it cannot, it says exactly what is missing and exits 1.
# QUIZ_PG_PORT and QUIZ_PG_DATA choose another port and data folder (to try the script itself).
set -uo pipefail

PORT="${QUIZ_PG_PORT:-5432}"
HOST=127.0.0.1
DATA="${QUIZ_PG_DATA:-/tmp/quiz-postgres-$PORT}"
BIN_DIR=/usr/lib/postgresql/15/bin

fail() {
  echo "ensure-postgres: $*" >&2
  exit 1
}

# A PostgreSQL program from Debian's folder, else from PATH.
find_program() {
  if [ -x "$BIN_DIR/$1" ]; then
    echo "$BIN_DIR/$1"
  elif command -v "$1" >/dev/null 2>&1; then
    command -v "$1"
  else
    return 1
  fi
}

PG_ISREADY=$(find_program pg_isready) ||
  fail "thiếu pg_isready (không có trong $BIN_DIR hay PATH): cài gói postgresql-15 ('apt-get install -y postgresql-15') rồi thử lại."

if "$PG_ISREADY" -q -h "$HOST" -p "$PORT"; then
  exit 0
fi

INITDB=$(find_program initdb) || fail "không có máy chủ PostgreSQL ở $HOST:$PORT và thiếu initdb (không có trong $BIN_DIR hay PATH): cài gói postgresql-15 rồi thử lại."
PG_CTL=$(find_program pg_ctl) || fail "không có máy chủ PostgreSQL ở $HOST:$PORT và thiếu pg_ctl (không có trong $BIN_DIR hay PATH): cài gói postgresql-15 rồi thử lại."
PSQL=$(find_program psql) || fail "thiếu psql (không có trong $BIN_DIR hay PATH): cài gói postgresql-client-15 rồi thử lại."

# initdb and postgres refuse to run as root: as root, the cluster belongs to the user postgres.
if [ "$(id -u)" = "0" ]; then
  id -u postgres >/dev/null 2>&1 ||
    fail "đang chạy với quyền root, mà initdb không chạy dưới root và không có người dùng 'postgres' để chạy thay: tạo người dùng đó ('useradd --system postgres') hoặc chạy CI bằng một người dùng thường."
  OWNER=postgres
  if command -v runuser >/dev/null 2>&1; then
    as_owner() { runuser -u postgres -- "$@"; }
  elif command -v su >/dev/null 2>&1; then
    as_owner() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
  else
    fail "đang chạy với quyền root nhưng thiếu cả runuser lẫn su để chạy PostgreSQL dưới người dùng 'postgres'."
  fi
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

echo "Không có PostgreSQL ở $HOST:$PORT: khởi động một cụm tạm trong $DATA (người dùng hệ điều hành $OWNER)…"
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA" || fail "không tạo được thư mục $DATA."
  chown "$OWNER" "$DATA" 2>/dev/null || true
  chmod 700 "$DATA"
  as_owner "$INITDB" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$DATA.initdb.log" 2>&1 ||
    fail "initdb thất bại (nhật ký: $DATA.initdb.log): $(tail -n 3 "$DATA.initdb.log" 2>/dev/null)"
fi
as_owner "$PG_CTL" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
  -o "-c listen_addresses=$HOST -p $PORT -c unix_socket_directories=$DATA" start >/dev/null ||
  fail "pg_ctl không khởi động được máy chủ ở $HOST:$PORT (cổng bị chiếm?). Nhật ký: $DATA/server.log: $(tail -n 5 "$DATA/server.log" 2>/dev/null)"

# Ready means accepting connections; pg_ctl -w already waited, this confirms on the TCP address.
for _ in $(seq 1 120); do
  "$PG_ISREADY" -q -h "$HOST" -p "$PORT" && break
  sleep 0.5
done
"$PG_ISREADY" -q -h "$HOST" -p "$PORT" || fail "máy chủ đã khởi động nhưng không nhận kết nối ở $HOST:$PORT sau 60 giây. Nhật ký: $DATA/server.log"

if [ "$("$PSQL" -h "$HOST" -p "$PORT" -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'test'")" != "1" ]; then
  "$PSQL" -h "$HOST" -p "$PORT" -U postgres -d postgres -qc 'CREATE DATABASE test' || fail "không tạo được cơ sở dữ liệu test."
fi
echo "PostgreSQL tạm đang chạy ở $HOST:$PORT (dừng: $PG_CTL -D $DATA stop)."
