#!/usr/bin/env bash
# Installs Debian's nginx for the deployment test (tests/e2e/nginxDeployment.test.ts) when
# it is missing. The test runs its own nginx in a temporary folder on loopback; the
# package must not start a system nginx on port 80, so invoke-rc.d is told "not now"
# (policy-rc.d answering 101) for the length of the installation.
set -euo pipefail
NGINX="${NGINX_PATH:-/usr/sbin/nginx}"
if [ -x "$NGINX" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "nginx is missing and this user cannot install it: run 'apt-get install -y nginx-light' as root." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

POLICY=/usr/sbin/policy-rc.d
# An existing policy (e.g. a container's own) is left alone; only ours is removed again.
if [ ! -e "$POLICY" ]; then
  $SUDO sh -c "printf '#!/bin/sh\nexit 101\n' > $POLICY && chmod 755 $POLICY"
  trap '$SUDO rm -f "$POLICY"' EXIT
fi

echo "Installing Debian's nginx for the deployment test …"
$SUDO apt-get update -qq
# nginx-light (proxy, upstream, TLS, WebSocket upgrade) is all the recipe needs; newer
# Debian releases dropped the flavours and ship only "nginx".
PACKAGE=nginx
if apt-cache show nginx-light >/dev/null 2>&1; then
  PACKAGE=nginx-light
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null
echo "nginx installed: $("$NGINX" -v 2>&1)"
