#!/usr/bin/env bash
# The GitHub Action's lint step (see action.yml). Inputs arrive as INPUT_* environment variables, never as text
# spliced into the script. Writes the SARIF report, prints annotations (and the `format` report), and writes the
# outputs sarif-file, findings and exit-code to $GITHUB_OUTPUT. Exit code: 0 clean, 1 findings at or above
# fail-on, 2 unreadable input or bad inputs; with RUNBOOK_IAM_DEFER_EXIT=true it exits 0 and leaves the code in the
# exit-code output (action.yml fails in a later step, after the SARIF upload).
set -euo pipefail

fail() {
  echo "::error title=runbook-iam::$1"
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "exit-code=2" >>"$GITHUB_OUTPUT"; fi
  if [[ "${RUNBOOK_IAM_DEFER_EXIT:-}" == "true" ]]; then exit 0; fi
  exit 2
}

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cli="$action_path/action/dist/runbook-iam.mjs"
filter="$action_path/action/filterReport.mjs"
[[ -f "$cli" ]] || fail "The action's bundle $cli is missing; use a released tag of runbook-iam, or run npm run bundle:action."
cd "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set: run this inside GitHub Actions or set it to the repository root}"

severity_rank() {
  case "$1" in
    note) echo 1 ;; warning) echo 2 ;; error) echo 3 ;; none) echo 4 ;;
    *) return 1 ;;
  esac
}
fail_on="${INPUT_FAIL_ON:-error}"
min_severity="${INPUT_MIN_SEVERITY:-note}"
format="${INPUT_FORMAT:-stylish}"
severity_rank "$fail_on" >/dev/null || fail "Input fail-on is \"$fail_on\"; use error, warning, note or none."
[[ "$min_severity" != none ]] && severity_rank "$min_severity" >/dev/null || fail "Input min-severity is \"$min_severity\"; use error, warning or note."
case "$format" in stylish | json | sarif | github) ;; *) fail "Input format is \"$format\"; use stylish, json, sarif or github." ;; esac

# paths: words separated by spaces or new lines; read -a does no glob expansion.
paths=()
while IFS= read -r line; do
  read -r -a words <<<"$line" || true
  if ((${#words[@]} > 0)); then paths+=("${words[@]}"); fi
done <<<"${INPUT_PATHS:-.}"
if ((${#paths[@]} == 0)); then paths=(.); fi

options=(--fail-on none)
if [[ -n "${INPUT_CONFIG:-}" ]]; then options+=(--config "$INPUT_CONFIG"); fi
if [[ -n "${INPUT_BASELINE:-}" ]]; then options+=(--baseline "$INPUT_BASELINE"); fi
if [[ -n "${INPUT_ROLE:-}" ]]; then options+=(--role "$INPUT_ROLE"); fi

sarif_file="${INPUT_SARIF_FILE:-runbook-iam.sarif}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One analysis; every report is written from it (the JSON report counts findings). The paths follow `--`, so a path
# that looks like an option (`--output=x`) is still a path.
options+=(--format json --output "$work/report.json")
options+=(--also-output "sarif=$work/report.sarif" --also-output "github=$work/annotations.txt")
if [[ "$format" != github && "$format" != json ]]; then options+=(--also-output "$format=$work/report.$format"); fi
status=0
node "$cli" lint "${options[@]}" -- "${paths[@]}" || status=$?
if ((status == 2)) && [[ ! -s "$work/report.json" ]]; then
  # A usage error (bad config, unreadable baseline): nothing was analysed; the CLI said why on stderr.
  fail "runbook-iam could not run (see the message above)."
fi
mkdir -p "$(dirname "$sarif_file")"
counts="$(node "$filter" "$min_severity" "$fail_on" "$work/report.json" "$work/report.sarif" "$sarif_file" "$work/annotations.txt")"
findings="${counts%% *}"
failing="${counts##* }"
failing_rank="$(severity_rank "$fail_on")"

cat "$work/annotations.txt"
if [[ "$format" != github ]]; then cat "$work/report.$format"; fi

exit_code=0
if ((status == 2)); then
  exit_code=2
elif ((failing_rank <= 3 && failing > 0)); then
  exit_code=1
fi
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  {
    echo "sarif-file=$sarif_file"
    echo "findings=$findings"
    echo "exit-code=$exit_code"
  } >>"$GITHUB_OUTPUT"
fi
echo "runbook-iam: $findings finding(s) at or above $min_severity; SARIF written to $sarif_file."
if [[ "${RUNBOOK_IAM_DEFER_EXIT:-}" == "true" ]]; then exit 0; fi
exit "$exit_code"
