#!/usr/bin/env bash
# sqlmap (Debian package `sqlmap`) against every search parameter type, the result
# parameters (_sort above all) and the patient lookup box, on a Hale server running on
# PostgreSQL. Usage: [ONLY=param] bench/security/sqlmap.sh [DATABASE_URL]   (reports to stdout)
# Starts its own server on a fresh schema with a few patients, signs in as the admin, runs
# sqlmap at level 3 / risk 2 once per parameter, and prints what sqlmap concluded for each.
set -euo pipefail
cd "$(dirname "$0")/../.."
DB_URL="${1:-postgres://postgres@127.0.0.1:5432/test}"
SCHEMA="sqlmap_$(date +%s)"
PORT="${PORT:-18765}"
DATA="$(mktemp -d)"
OUT="$(mktemp -d)"
PASS='sqlmap operator passphrase 2026'
export DATABASE_URL="$DB_URL" HALE_DB_SCHEMA="$SCHEMA" HALE_DATA_DIR="$DATA" HALE_DEMO=1 PORT HOST=127.0.0.1 \
  HALE_ADMIN_PASSWORD="$PASS" HALE_MFA_REQUIRED_ROLES= HALE_RATE_LIMIT_MAX=10000000 HALE_ACCESS_TOKEN_TTL_S=86400 LOG_LEVEL=error
node --import tsx src/main.ts > "$OUT/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  psql "$DB_URL" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -sf "$BASE/ready" >/dev/null && break; sleep 1; done
TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASS\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
PID=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/fhir/R4/Patient?_count=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entry"][0]["resource"]["id"])')

# name|url, with the parameter under test marked by sqlmap's -p
TARGETS=(
  "family|/fhir/R4/Patient?family=smi&_count=5"
  "name:contains|/fhir/R4/Patient?name:contains=an&_count=5"
  "identifier|/fhir/R4/Patient?identifier=http://example.org|123&_count=5"
  "gender|/fhir/R4/Patient?gender=female&_count=5"
  "birthdate|/fhir/R4/Patient?birthdate=ge1970-01-01&_count=5"
  "subject|/fhir/R4/Observation?subject=Patient/$PID&_count=5"
  "value-quantity|/fhir/R4/Observation?value-quantity=gt5&_count=5"
  "code-value-quantity|/fhir/R4/Observation?code-value-quantity=http://loinc.org|8867-4\$gt50&_count=5"
  "url|/fhir/R4/ValueSet?url=http://example.org/vs&_count=5"
  "probability|/fhir/R4/RiskAssessment?probability=gt0.5&_count=5"
  "subject:Patient.name|/fhir/R4/Observation?subject:Patient.name=smi&_count=5"
  "_has:Observation:patient:code|/fhir/R4/Patient?_has:Observation:patient:code=8867-4&_count=5"
  "_sort|/fhir/R4/Patient?_sort=family&_count=5"
  "_count|/fhir/R4/Patient?_count=5"
  "_include|/fhir/R4/Observation?_include=Observation:subject&_count=5"
  "_content|/fhir/R4/Observation?_content=heart&_count=5"
  "_lastUpdated|/fhir/R4/Patient?_lastUpdated=ge2020-01-01&_count=5"
  "q|/api/v1/patients/search?q=smith"
)
printf '%-32s %s\n' parameter result
for t in "${TARGETS[@]}"; do
  p="${t%%|*}"; path="${t#*|}"
  if [[ -n "${ONLY:-}" && "$p" != "$ONLY" ]]; then continue; fi
  log="$OUT/$(echo "$p" | tr -c 'A-Za-z0-9' _).log"
  sqlmap -u "$BASE$path" -p "$p" --level 3 --risk 2 --batch --dbms=PostgreSQL --flush-session \
    --output-dir="$OUT/sqlmap" -H "Authorization: Bearer $TOKEN" --threads 4 > "$log" 2>&1 || true
  if grep -qiE "is vulnerable|injectable\b|sqlmap identified the following injection" "$log" && ! grep -qi "does not seem to be injectable" "$log"; then
    result="INJECTABLE (see $log)"
  elif grep -qi "does not seem to be injectable" "$log"; then
    codes=$(grep -oE '^[0-9]{3} \([A-Za-z ]+\) - [0-9]+ times' "$log" | sed -E 's/ \(.*\) - / x/; s/ times//' | paste -sd ' ' -)
    result="not injectable ($(grep -c "\[INFO\] testing '" "$log") techniques${codes:+; error answers: $codes})"
  else
    result="inconclusive: $(tail -n 2 "$log" | tr '\n' ' ')"
  fi
  printf '%-32s %s\n' "$p" "$result"
done
