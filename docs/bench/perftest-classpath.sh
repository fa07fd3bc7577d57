#!/usr/bin/env bash
# Prints the classpath of RabbitMQ's PerfTest (com.rabbitmq:perf-test 2.22.1 from Maven Central),
# resolved once through a throwaway project in DIR. Used by the scripts that run it beside
# Switchboard: cp=$(docs/bench/perftest-classpath.sh "$work")
set -euo pipefail
dir=$1/perftest
mkdir -p "$dir"
cat > "$dir/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>perftest</artifactId><version>0</version>
  <dependencies><dependency><groupId>com.rabbitmq</groupId><artifactId>perf-test</artifactId>
    <version>2.22.1</version></dependency></dependencies></project>
POM
mvn -B -q -f "$dir/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$dir/cp.txt" >&2
cat "$dir/cp.txt"
