# shellcheck shell=bash
# Sourced by scripts/run and scripts/test: bring the local stack up for the session, and at the
# end stop exactly what this session started (a store that was already running stays up).
#   stack_up       starts every component that is down, in order
#   stack_down     stops those, in reverse order (call it from an EXIT trap)

stack_started=()

stack_up() {
  local c
  for c in postgres ferretdb pgbouncer edge; do
    if ! "$root/scripts/stack" status "$c" >/dev/null 2>&1; then
      stack_started+=("$c")  # before the start: one that fails halfway is stopped all the same
      "$root/scripts/stack" start "$c" >/dev/null
    fi
  done
  "$root/scripts/stack" status | grep -v '^instance' || true
}

stack_down() {
  local i
  for ((i = ${#stack_started[@]} - 1; i >= 0; i--)); do
    "$root/scripts/stack" stop "${stack_started[$i]}" || true
  done
  stack_started=()
}
