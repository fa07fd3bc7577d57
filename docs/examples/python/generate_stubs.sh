#!/bin/sh
# Generates the Python stubs of switchboard.v1 from the repository's .proto, with Debian's
# protoc (protobuf-compiler) and grpc_python_plugin (protobuf-compiler-grpc).
# Usage: generate_stubs.sh [OUT_DIR]   (default: ./generated next to this script)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
proto=${SWITCHBOARD_PROTO:-$here/../../../actors/protocol/src/main/proto}
out=${1:-$here/generated}
plugin=$(command -v grpc_python_plugin) || {
  echo "grpc_python_plugin not found: apt-get install protobuf-compiler protobuf-compiler-grpc" >&2
  exit 1
}
mkdir -p "$out"
protoc -I "$proto" --python_out="$out" --grpc_out="$out" --plugin=protoc-gen-grpc="$plugin" \
  switchboard/v1/switchboard.proto
echo "stubs in $out/switchboard/v1"
