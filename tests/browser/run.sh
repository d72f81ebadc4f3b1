#!/usr/bin/env bash
# Browser tests of the bundled default site, served by nginx the way the
# department would deploy it and driven by headless Debian Chromium.
# Installs what it needs (Debian chromium and nginx, npm packages from the
# lockfile) when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v java >/dev/null || need_apt+=(default-jre-headless)   # for the Nu Html Checker (vnu-jar)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "installing ${need_apt[*]} (Debian packages)"
    sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ] || [ ! -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

work="$(mktemp -d)"
cleanup() { [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The default site, built as of a fixed day so results are reproducible.
(cd "$repo" && cargo run --quiet --release -- build --quiet --today 2026-11-22 --output "$work/public")

# nginx workers run as an unprivileged user when started as root.
chmod 755 "$work" && chmod -R a+rX "$work/public"
# A page that only the CSP test uses: an inline script and style, which the
# deployed Content-Security-Policy must block.
cp "$here/fixtures/csp-probe.html" "$work/public/csp-probe.html"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"; http_port="$(free_port)"
# A certificate for 127.0.0.1, trusted by Node through NODE_EXTRA_CA_CERTS,
# so HTTPS and its headers (HSTS) are tested as deployed.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
python3 "$here/deploy_conf.py" "$repo/deploy/nginx.conf" "$work/congkhai.conf" \
    "$work/public" "$port" "$http_port" "$work/cert.pem" "$work/key.pem"
sed -e "s|@TMP@|$work|g" "$here/nginx.conf.in" > "$work/nginx.conf"
"$nginx_bin" -t -q -c "$work/nginx.conf"
"$nginx_bin" -c "$work/nginx.conf" &
for _ in $(seq 50); do
    python3 - "$port" <<'PY' && break
import socket, sys
s = socket.socket()
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
    sleep 0.1
done

status=0
NODE_EXTRA_CA_CERTS="$work/cert.pem" HTTP_URL="http://127.0.0.1:$http_port" PUBLIC_DIR="$work/public" \
    SITE_URL="https://127.0.0.1:$port" SCREENSHOTS="${SCREENSHOTS:-$here/screenshots}" node "$here/suite.mjs" || status=1

# The editing desk: `congkhai serve` on a copy of the default site (the
# suite writes into it), driven through its forms.
mkdir -p "$work/site"
cp -r "$repo/site.yaml" "$repo/content" "$work/site/"
for d in data static themes; do [ -d "$repo/$d" ] && cp -r "$repo/$d" "$work/site/"; done
bin="${CARGO_TARGET_DIR:-$repo/target}/release/congkhai"
"$bin" serve --root "$work/site" --port 0 --today 2026-11-22 > "$work/serve.log" 2>&1 &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; cleanup' EXIT
desk_url=""
for _ in $(seq 100); do
    desk_url="$(sed -n 's|^serving .* at \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$work/serve.log")"
    [ -n "$desk_url" ] && break
    sleep 0.1
done
[ -n "$desk_url" ] || { cat "$work/serve.log"; exit 1; }
# The desk's address with the secret that logs a browser in.
desk_login="$(sed -n 's|^editing desk at \(http://[^ ]*\).*|\1|p' "$work/serve.log")"
[ -n "$desk_login" ] || { cat "$work/serve.log"; exit 1; }
# The preview answers before its first build is done: wait for it.
for _ in $(seq 600); do
    grep -q "^built " "$work/serve.log" && break
    sleep 0.1
done
grep -q "^built " "$work/serve.log" || { cat "$work/serve.log"; exit 1; }
DESK_URL="$desk_url" DESK_LOGIN="$desk_login" SITE_DIR="$work/site" SCREENSHOTS="${SCREENSHOTS:-$here/screenshots}" node "$here/desk.mjs" || status=1
DESK_URL="$desk_url" DESK_LOGIN="$desk_login" SITE_DIR="$work/site" SCREENSHOTS="${SCREENSHOTS:-$here/screenshots}" node "$here/clerk.mjs" || status=1

# The publishing server: a writer and an approver on another copy of the
# default site, the public folder served by a second nginx.
mkdir -p "$work/office" "$work/office-public"
cp -r "$repo/site.yaml" "$repo/content" "$work/office/"
for d in data static themes; do [ -d "$repo/$d" ] && cp -r "$repo/$d" "$work/office/"; done
echo "mat-khau-viet-1" | "$bin" desk user add viet --name "Nguyễn Văn Viết" --role writer --root "$work/office" >/dev/null
echo "mat-khau-duyet-1" | "$bin" desk user add duyet --name "Trần Thị Duyệt" --role approver --root "$work/office" >/dev/null
echo "mat-khau-quantri" | "$bin" desk user add quantri --name "Lê Văn Quản" --role admin --root "$work/office" >/dev/null
"$bin" desk --root "$work/office" --publish "$work/office-public/www" --port 0 --today 2026-11-22 > "$work/office.log" 2>&1 &
office_pid=$!
trap 'kill $serve_pid $office_pid 2>/dev/null || true; [ -f "$work/office-nginx.pid" ] && kill "$(cat "$work/office-nginx.pid")" 2>/dev/null; cleanup' EXIT
office_url=""
for _ in $(seq 100); do
    office_url="$(sed -n 's|^publishing desk of .* at \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$work/office.log")"
    [ -n "$office_url" ] && break
    sleep 0.1
done
[ -n "$office_url" ] || { cat "$work/office.log"; exit 1; }
# The desk answers before the publication at start is done: wait for it.
for _ in $(seq 600); do
    grep -q "^published " "$work/office.log" && break
    sleep 0.1
done
grep -q "^published " "$work/office.log" || { cat "$work/office.log"; exit 1; }
office_port="$(free_port)"
chmod -R a+rX "$work/office-public"
cat > "$work/office-nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/office-nginx.pid;
error_log $work/office-error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    server {
        listen 127.0.0.1:$office_port;
        root $work/office-public/www;
        location / { try_files \$uri \$uri/ =404; }
    }
}
CONF
"$nginx_bin" -c "$work/office-nginx.conf" &
sleep 0.5
OFFICE_URL="$office_url" PUBLIC_URL="http://127.0.0.1:$office_port" SCREENSHOTS="${SCREENSHOTS:-$here/screenshots}" node "$here/office.mjs" || status=1
exit $status
