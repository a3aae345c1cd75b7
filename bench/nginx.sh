#!/usr/bin/env bash
# Starts nginx on 127.0.0.1 as a fast reference target for the benchmarks: one worker, no access log,
# unlimited keep-alive, /small (5 bytes) and /16k (a 16 KiB static file).
# Usage: nginx.sh start DIR PORT | nginx.sh stop DIR
set -euo pipefail
cmd=$1 dir=$2
case "$cmd" in
start)
  port=$3
  mkdir -p "$dir/www" "$dir/tmp"
  chmod 755 "$dir" "$dir/www"  # nginx workers run as www-data and must read the files
  # 12 KiB of base64 is exactly 16 KiB; no head cutting a pipe short (SIGPIPE fails the script under pipefail)
  head -c 12288 /dev/urandom | base64 -w 0 > "$dir/www/16k"
  chmod 644 "$dir/www/16k"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000000;
  keepalive_timeout 300s;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:$port;
    location = /small { default_type text/plain; return 200 "hello"; }
    location = /16k { root $dir/www; default_type application/octet-stream; }
  }
}
CONF
  nginx -c "$dir/nginx.conf" -p "$dir"
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/small" >/dev/null 2>&1 && exit 0; sleep 0.1; done
  echo "nginx did not start" >&2; exit 1 ;;
stop)
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true ;;
esac
