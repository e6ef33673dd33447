#!/usr/bin/env bash
# Takes the savepoints of one release and puts them under src/test/resources/savepoints/RELEASE/, where the restore
# tests of every later release find them.
#
#   src/test/resources/savepoints/make-savepoints.sh RELEASE COMMIT     e.g.  make-savepoints.sh 0.1 8c019d7
#
# It builds the cluster job jar of COMMIT in a scratch directory, then runs, from the current checkout,
# io.lossmonitor.testing.ReleaseSavepointMaker: that jar on a standalone Flink cluster of separate processes and an
# in-process Kafka broker, one job per io.lossmonitor.testing.SavepointScenario, each stopped with a savepoint once
# it has read the scenario's traffic before the savepoint. Needs a JDK 17, Maven and git; takes a few minutes.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 RELEASE COMMIT" >&2
  exit 2
fi
release=$1
commit=$2
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

git -C "$root" archive "$commit" | tar -x -C "$scratch"
(cd "$scratch" && mvn -B -q package -DskipTests)

cd "$root"
mvn -B -q -Psavepoints process-test-classes exec:exec \
  -Dsavepoints.args="$release $scratch/target/loss-monitor-job.jar $root/src/test/resources/savepoints/$release"
echo "$commit" > "src/test/resources/savepoints/$release/COMMIT"
