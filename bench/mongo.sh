# shellcheck shell=bash
# The MongoDB half of scripts/bench (issue 12), sourced by it. With the service up and the
# database seeded, mongo_bench_runs measures, at BENCH_MONGO_CONNECTIONS (16) clients:
#   wrk  GET /api/v1/forum/posts/{id}            random published posts
#   wrk  GET /api/v1/forum/posts/{id}/replies    the same posts' first page of replies
#   wrk  GET /api/v1/users/{id}/profile          random users with a profile
#   wrk  GET /api/v1/forum/posts                 first page, newest first: unfiltered, ?category=,
#                                                ?tag=, and a page reached by cursor 10 pages deep
#   wrk  GET /api/v1/use-cases?near=LAT,LNG      near the seed's cities (default radius, 50 km)
#   p2p-mongo-load (bench/mongo_load.cpp): the driver's own find-by-id plus reply count, the two
#        commands of a post GET, against the same server with as many clients
# and mongo_bench_report prints the section of the results file: req/s, p50, p99, PASS/MISS
# against the issue's targets, and the ratio post GET req/s / driver rate.
#
# It uses scripts/bench's state and helpers: base, tmp, build_dir, threads, duration, warmup,
# post ids in $tmp/post_ids.txt, api_get, measure, check_server, and bench/lib.sh.
# Environment: BENCH_MONGO_CONNECTIONS [16]  BENCH_MONGO_CATEGORY [Security]
#              BENCH_MONGO_TAG [mqtt]  (a category and a tag of the seed data)

mongo_conns="${BENCH_MONGO_CONNECTIONS:-16}"
mongo_category="${BENCH_MONGO_CATEGORY:-Security}"
mongo_tag="${BENCH_MONGO_TAG:-mqtt}"
# Targets (issue 12), p99 in ms.
mongo_target_point_ms=25
mongo_target_list_ms=100

# NAME:LABEL:TARGET_MS for each wrk run, in run order.
mongo_runs=(
  mongo_post_get:'GET /api/v1/forum/posts/{id}':$mongo_target_point_ms
  mongo_replies:'GET /api/v1/forum/posts/{id}/replies':$mongo_target_point_ms
  mongo_profile:'GET /api/v1/users/{id}/profile':$mongo_target_point_ms
  mongo_list:'GET /api/v1/forum/posts (first page)':$mongo_target_list_ms
  mongo_list_category:'GET /api/v1/forum/posts?category= (first page)':$mongo_target_list_ms
  mongo_list_tag:'GET /api/v1/forum/posts?tag= (first page)':$mongo_target_list_ms
  mongo_list_deep:'GET /api/v1/forum/posts?cursor= (10 pages deep)':$mongo_target_list_ms
  mongo_near:'GET /api/v1/use-cases?near= (seed cities, 50 km)':$mongo_target_list_ms
)

# The cursor after `pages` pages of 20 of the list at URL (a query string or ""); empty when the
# list is shorter.
mongo_deep_cursor() {
  local query="$1" pages="$2" cursor="" i url
  for ((i = 0; i < pages; i++)); do
    url="$base/api/v1/forum/posts?limit=20${query:+&$query}"
    [[ -z "$cursor" ]] || url+="&cursor=$(jq -rn --arg c "$cursor" '$c|@uri')"
    api_get -o "$tmp/mongo_page.json" "$url" || return 1
    cursor="$(jq -r '.next_cursor // empty' "$tmp/mongo_page.json")"
    [[ -n "$cursor" ]] || return 1
  done
  printf '%s\n' "$cursor"
}

# Inputs: user ids with a profile (from the API's profile list), the deep cursor, the near points.
mongo_bench_prepare() {
  local cursor="" url i
  : >"$tmp/mongo_profile_ids.txt"
  for ((i = 0; i < 20; i++)); do
    url="$base/api/v1/profiles?limit=100"
    [[ -z "$cursor" ]] || url+="&cursor=$(jq -rn --arg c "$cursor" '$c|@uri')"
    api_get -o "$tmp/mongo_page.json" "$url" || break
    jq -r '.items[].user_id' "$tmp/mongo_page.json" >>"$tmp/mongo_profile_ids.txt"
    cursor="$(jq -r '.next_cursor // empty' "$tmp/mongo_page.json")"
    [[ -n "$cursor" ]] || break
  done
  [[ -s "$tmp/mongo_profile_ids.txt" ]] || die "no profiles through the API; did the seed run?"
  sed 's#$#/profile#' "$tmp/mongo_profile_ids.txt" >"$tmp/mongo_profile_paths.txt"
  sed 's#$#/replies#' "$tmp/post_ids.txt" >"$tmp/mongo_reply_paths.txt"
  printf '?limit=20\n' >"$tmp/mongo_none.txt"
  printf '?category=%s\n' "$(jq -rn --arg c "$mongo_category" '$c|@uri')" >"$tmp/mongo_category.txt"
  printf '?tag=%s\n' "$mongo_tag" >"$tmp/mongo_tag.txt"
  cursor="$(mongo_deep_cursor "" 10)" || die "the post list has fewer than 10 pages of 20"
  printf '?cursor=%s\n' "$(jq -rn --arg c "$cursor" '$c|@uri')" >"$tmp/mongo_deep.txt"
  # The seed's cities (tools/seed/seed_cities.cpp): use cases lie within 250 km of one.
  awk -F', ' '/^    \{"/ { gsub(/[{}]/, ""); printf "%s,%s\n", $3, $4 }' "$root/tools/seed/seed_cities.cpp" |
    sed 's/,$//' >"$tmp/mongo_near.txt"
  [[ -s "$tmp/mongo_near.txt" ]] || die "no cities in tools/seed/seed_cities.cpp"
}

mongo_bench_runs() {
  log "MongoDB runs at $mongo_conns connections"
  mongo_bench_prepare
  local wrk_args=(-t"$threads" -c"$mongo_conns" -d"${duration}s" --latency -s bench/get_random.lua "$base" --)
  mongo_wrk() {  # NAME PREFIX FILE
    log "wrk ($1): -t$threads -c$mongo_conns -d${duration}s"
    measure "$1" wrk "${wrk_args[@]}" "$2" "$3"
    check_server "during $1"
  }
  if ((warmup > 0)); then
    log "warm-up (${warmup} s of post GETs)"
    wrk -t"$threads" -c"$mongo_conns" -d"${warmup}s" -s bench/get_random.lua "$base" -- \
      /api/v1/forum/posts/ "$tmp/post_ids.txt" >/dev/null 2>&1 || true
  fi
  mongo_wrk mongo_post_get /api/v1/forum/posts/ "$tmp/post_ids.txt"
  mongo_wrk mongo_replies /api/v1/forum/posts/ "$tmp/mongo_reply_paths.txt"
  mongo_wrk mongo_profile /api/v1/users/ "$tmp/mongo_profile_paths.txt"
  mongo_wrk mongo_list /api/v1/forum/posts "$tmp/mongo_none.txt"
  mongo_wrk mongo_list_category /api/v1/forum/posts "$tmp/mongo_category.txt"
  mongo_wrk mongo_list_tag /api/v1/forum/posts "$tmp/mongo_tag.txt"
  mongo_wrk mongo_list_deep /api/v1/forum/posts "$tmp/mongo_deep.txt"
  mongo_wrk mongo_near "/api/v1/use-cases?near=" "$tmp/mongo_near.txt"
  # The driver's own post GET: find by _id, then the count of its replies.
  log "p2p-mongo-load (driver find-by-id + reply count): $mongo_conns threads, ${duration} s"
  measure mongo_driver "$build_dir/p2p-mongo-load" --url "$MONGODB_URL" --db "${P2P_MONGO_DB:-p2p_sandbox}" \
    --threads "$mongo_conns" --seconds "$duration" --ids "$tmp/post_ids.txt" \
    --step 'find|forum_posts|{"_id": {"$oid": "%ID%"}}||1' \
    --step 'count|forum_replies|{"post_id": {"$oid": "%ID%"}}'
}

# key=value from p2p-mongo-load's output line.
mongo_load_value() { tr ' ' '\n' <"$tmp/mongo_driver.out" | sed -n "s/^$1=//p"; }

mongo_bench_report() {
  local r name label target requests rps p50 p99 non2xx sock timeouts note
  printf '\n## MongoDB (issue 12): %s clients, seed `%s`\n\n' "$mongo_conns" "$seed_size"
  printf 'Category `%s`, tag `%s`; the deep cursor follows 10 pages of 20 of the unfiltered list;\n' "$mongo_category" "$mongo_tag"
  printf 'near draws one of the seed'"'"'s %s cities per request.\n\n' "$(wc -l <"$tmp/mongo_near.txt")"
  printf '| run | req/s | p50 ms | p99 ms | target p99 | verdict | requests | notes |\n'
  printf '| --- | ---: | ---: | ---: | ---: | :---: | ---: | --- |\n'
  for r in "${mongo_runs[@]}"; do
    name="${r%%:*}"; label="${r#*:}"; target="${label##*:}"; label="${label%:*}"
    read -r requests rps p50 p99 non2xx sock timeouts < <(parse_wrk "$tmp/$name.out")
    note=""
    ((non2xx == 0)) || note+="**$non2xx non-2xx**; "
    ((sock == 0)) || note+="$sock socket errors ($timeouts timeouts); "
    note="${note%; }"
    if [[ -f "$tmp/$name.settle" ]]; then note+="${note:+; }$(<"$tmp/$name.settle")"; fi
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99" "$target" \
      "$(verdict "$p99" "$target")" "$requests" "$note"
  done
  local drate dp50 dp99 derr post_rps
  drate="$(mongo_load_value rate)"; dp50="$(mongo_load_value p50_ms)"; dp99="$(mongo_load_value p99_ms)"
  derr="$(mongo_load_value errors)"
  printf '| driver: find by _id + count of replies (p2p-mongo-load) | %s | %s | %s | | | %s | %s errors |\n' \
    "$drate" "$dp50" "$dp99" "$(mongo_load_value iterations)" "$derr"
  read -r _ post_rps _ _ _ _ _ < <(parse_wrk "$tmp/mongo_post_get.out")
  printf '\nRatio, service post GET ÷ the driver'"'"'s find-by-id + reply count, same server and clients, same\n'
  printf 'run: %s ÷ %s = **%s**.\n' "$post_rps" "$drate" "$(ratio "$post_rps" "$drate")"
  printf '\nWhere the CPU went (share of the machine, percent; *ferretdb* includes its PostgreSQL):\n\n'
  printf '| run | service | postgres | ferretdb | client | other | idle | builds avg / max |\n'
  printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n'
  local svc pg fdb client other idle avg max _last
  for r in "${mongo_runs[@]}" mongo_driver:'driver (p2p-mongo-load)':; do
    name="${r%%:*}"; label="${r#*:}"; label="${label%:*}"
    read -r svc pg fdb client other idle < <(cpu_shares "$tmp/$name.cpu0" "$tmp/$name.cpu1")
    read -r avg max _last <"$tmp/$name.noisesum"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$label" "$svc" "$pg" "$fdb" "$client" "$other" "$idle" "$avg" "$max"
  done
}
