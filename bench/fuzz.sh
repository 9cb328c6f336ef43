#!/usr/bin/env bash
# A Jazzer fuzz campaign over Torsion's parsers: each target in turn, for a given number of executions
# (default 10 million) or seconds, niced so other work on the machine is not starved. Not part of CI: in
# `mvn verify` the same targets run only over their committed seed corpora (regression mode, seconds).
#
#   bench/fuzz.sh                      # every target, 10,000,000 executions each
#   bench/fuzz.sh --runs 1000000 http  # one target, a million executions
#   bench/fuzz.sh --seconds 600 utf8 pem
#   bench/fuzz.sh --list
#
# Per target it writes bench/results/fuzz/NAME.log (libFuzzer's status lines) and NAME.coverage.txt
# (Jazzer's branch and line coverage per source file), and at the end bench/results/fuzz/summary.md: the
# executions, time, edges (cov) and features (ft) reached, corpus size, the coverage of the classes under
# test, and the finding if any. A finding stops that target; Jazzer saves the input as crash-<sha1> in the
# target's Inputs directory under src/test/resources, so the next `mvn verify` replays it: rename it after
# what it shows, fix the code, and keep it there as a regression input.
# The generated corpus grows in MODULE/.cifuzz-corpus/ (not committed) and seeds the next campaign.
# A target can be stopped early with SIGINT to its test JVM (libFuzzer reports and exits, without Jazzer's
# coverage report); --seconds bounds a run cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

# name | module | test class#method | source files whose coverage the summary shows
TARGETS=(
  "utf8|torsion-websocket|dev.torsion.websocket.text.Utf8ValidatorFuzzTest#agreesWithCharsetDecoder|Utf8Validator.java"
  "http|torsion-web|dev.torsion.web.HttpRequestParserFuzzTest#wholeAndPiecesAgree|HttpRequestParser.java HeadLexer.java HttpHeaders.java"
  "handshake|torsion-websocket|dev.torsion.websocket.handshake.HandshakeFuzzTest#serverAnswersEveryRequest|RequestValidator.java ServerHandshake.java HttpTokens.java ExtensionHeader.java SubprotocolHeader.java WebSocketKey.java PerMessageDeflateServer.java"
  "extensions|torsion-websocket|dev.torsion.websocket.handshake.HandshakeFuzzTest#headerListsRoundTrip|ExtensionHeader.java SubprotocolHeader.java HttpTokens.java"
  "response|torsion-websocket|dev.torsion.websocket.client.ResponseHeadParserFuzzTest#clientReadsEveryResponse|ResponseHeadParser.java HeadLexer.java ClientHandshake.java PerMessageDeflateClient.java"
  "pem|torsion-core|dev.torsion.tls.PemFilesFuzzTest#readsOrRefuses|PemFiles.java"
  "frames-server|torsion-websocket|dev.torsion.websocket.WebSocketFuzzTest#server|FrameParser.java MessageReader.java WebSocketConnection.java Utf8Validator.java"
  "frames-client|torsion-websocket|dev.torsion.websocket.WebSocketFuzzTest#client|FrameParser.java MessageReader.java WebSocketConnection.java Utf8Validator.java"
  "deflate-server|torsion-websocket|dev.torsion.websocket.WebSocketFuzzTest#serverWithDeflate|FrameParser.java MessageReader.java WebSocketConnection.java PerMessageDeflate.java"
  "deflate-client|torsion-websocket|dev.torsion.websocket.WebSocketFuzzTest#clientWithDeflate|FrameParser.java MessageReader.java WebSocketConnection.java PerMessageDeflate.java"
  "echo|torsion-websocket|dev.torsion.websocket.WebSocketFuzzTest#echoServer|TransportWebSocket.java Outbound.java ReceiveBuffers.java Liveness.java WebSocketConnection.java EchoHandler.java"
)

RUNS=10000000
SECONDS_EACH=0
SELECTED=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --seconds) SECONDS_EACH="$2"; RUNS=0; shift 2 ;;
    --list) for t in "${TARGETS[@]}"; do echo "${t%%|*}"; done; exit 0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) SELECTED+=("$1"); shift ;;
  esac
done

OUT=bench/results/fuzz
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"
{
  echo "| target | executions | seconds | exec/s | cov | ft | corpus | coverage of the classes under test | finding |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
} > "$SUMMARY"

selected() {
  [ ${#SELECTED[@]} -eq 0 ] && return 0
  local s; for s in "${SELECTED[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}

for t in "${TARGETS[@]}"; do
  IFS='|' read -r name module test files <<< "$t"
  selected "$name" || continue
  log="$OUT/$name.log"
  coverage="$PWD/$OUT/$name.coverage.txt"
  args=(-Djazzer.internal.arg.0=fuzz)
  if [ "$RUNS" -gt 0 ]; then
    args+=(-Djazzer.internal.arg.1=-runs="$RUNS")
  else
    args+=(-Djazzer.internal.arg.1=-max_total_time="$SECONDS_EACH")
  fi
  echo "== $name: $test ($([ "$RUNS" -gt 0 ] && echo "$RUNS executions" || echo "$SECONDS_EACH s"))"
  start=$(date +%s)
  status=0
  # JAZZER_FUZZ switches @FuzzTest from regression to fuzzing; the JUnit timeout and surefire's fork timeout
  # (20 minutes) would stop a long campaign.
  JAZZER_FUZZ=1 nice -n 19 mvn -B -q -pl "$module" -am test \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.separate.skip=true \
      -Djunit.jupiter.execution.timeout.mode=disabled -Dsurefire.forkTimeout=0 \
      -DargLine="-Xmx2g -XX:+UseParallelGC -XX:-OmitStackTraceInFastThrow" \
      -Djazzer.coverage_report="$coverage" \
      "${args[@]}" > "$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  last=$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)
  execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<< "$last")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9a-zA-Z]+).*/\1/p' <<< "$last")
  rate=$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<< "$last")
  cover=""
  if [ -f "$coverage" ]; then
    for f in $files; do
      line=$(grep -m1 -E "^$f: " "$coverage" | sed -E 's/^[^:]*: //' || true)
      [ -n "$line" ] && cover+="${f%.java} ${line}; "
    done
  fi
  finding="none"
  if grep -aq 'libFuzzer: run interrupted' "$log"; then
    finding="none (interrupted by SIGINT: no coverage report)"
  elif [ "$status" -ne 0 ]; then
    finding=$(grep -aE -m1 'FuzzTestFindingException|== Java Exception|Caused by' "$log" | sed -E 's/^[[:space:]]*//' | cut -c1-160 || true)
    [ -z "$finding" ] && finding="mvn exited $status (see $log)"
  fi
  echo "| $name | ${execs:-?} | $elapsed | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | ${cover%; } | $finding |" >> "$SUMMARY"
  echo "   ${execs:-?} executions in ${elapsed}s, cov ${cov:-?}, ft ${ft:-?}; finding: $finding"
done

echo
cat "$SUMMARY"
