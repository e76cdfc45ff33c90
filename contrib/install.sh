#!/usr/bin/env bash
# Installs conntrackd from a built source tree (./mvnw -B package first); needs no network.
#
#   sudo contrib/install.sh                        jar, launcher, unit, config, routes
#   DESTDIR=/tmp/stage PREFIX=/usr contrib/install.sh   stage the files for a package
#
#   PREFIX   /usr/local           jar in PREFIX/lib/conntrackd (extension jars in its ext/), launcher in PREFIX/bin,
#                                 shipped copies of the config in PREFIX/share/conntrackd
#   UNITDIR  /etc/systemd/system  where the systemd unit goes
#   DESTDIR  (empty)              prepended to every path, for staging
#   JAVA     java on PATH         the Java 17+ runtime the unit starts
#
# Configuration lives in /etc/conntrackd (where the daemon looks for it): conntrackd.yaml,
# application.properties and routes/. A file there that you changed is never overwritten: the
# new version is put beside it as NAME.new. A file you did not change is updated.
set -euo pipefail

src="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
PREFIX="${PREFIX:-/usr/local}"
UNITDIR="${UNITDIR:-/etc/systemd/system}"
DESTDIR="${DESTDIR:-}"
JAVA="${JAVA:-$(command -v java || true)}"
CONFDIR=/etc/conntrackd

die() { echo "install.sh: $*" >&2; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) die "unknown argument: $1 (see --help)" ;;
esac

jar="$(ls "$src"/target/conntrackd-camel-*-app.jar 2>/dev/null | head -n 1 || true)"
[ -n "$jar" ] || die "no built jar in $src/target: run ./mvnw -B package first"
[[ "$JAVA" == /* && -x "$JAVA" ]] || die "no Java runtime: install Java 17 or later, or set JAVA=/path/to/bin/java"
java_version="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${java_version%%.*}" -ge 17 ] 2>/dev/null || die "$JAVA is Java ${java_version:-of unknown version}; conntrackd needs 17 or later"

lib="$DESTDIR$PREFIX/lib/conntrackd"
shipped="$DESTDIR$PREFIX/share/conntrackd"
etc="$DESTDIR$CONFDIR"

install -d -m 755 "$lib" "$lib/ext" "$DESTDIR$PREFIX/bin" "$shipped/routes" "$shipped/kamelets" \
  "$DESTDIR$PREFIX/share/doc/conntrackd" "$etc" "$etc/routes" "$DESTDIR$UNITDIR"
install -m 644 "$jar" "$lib/conntrackd.jar"
install -m 755 "$src/conntrackd" "$DESTDIR$PREFIX/bin/conntrackd"
install -m 644 "$src"/kamelets/*.kamelet.yaml "$shipped/kamelets/"
install -m 644 "$src/README.md" "$src"/docs/*.md "$DESTDIR$PREFIX/share/doc/conntrackd/"

unit="$(mktemp)"
trap 'rm -f "$unit"' EXIT
archive_option=()
if [ "${java_version%%.*}" -ge 25 ]; then # the launcher's options for Java 25+, and its start-up cache
  archive_option=(-e "s#-XX:SharedArchiveFile=/usr/local/lib/conntrackd/conntrackd.jsa#-XX:+UseCompactObjectHeaders --sun-misc-unsafe-memory-access=allow -XX:AOTCache=/usr/local/lib/conntrackd/conntrackd.aot#")
fi
sed "${archive_option[@]}" -e "s#^ExecStart=/usr/bin/java #ExecStart=$JAVA #" \
    -e "s#/usr/local/lib/conntrackd/#$PREFIX/lib/conntrackd/#g" \
    "$src/contrib/conntrackd.service" > "$unit"
install -m 644 "$unit" "$DESTDIR$UNITDIR/conntrackd.service"

# install_config FILE NAME: installs FILE as /etc/conntrackd/NAME unless the operator changed it.
# The copy in PREFIX/share/conntrackd is what the last install shipped: a file in /etc that still
# equals it was not edited and may be replaced.
install_config() {
  local file="$1" name="$2" target="$etc/$2" previous="$shipped/$2"
  if [ ! -e "$target" ]; then
    install -m 644 "$file" "$target"
  elif cmp -s "$file" "$target"; then
    :                                   # already the shipped version
  elif [ -e "$previous" ] && cmp -s "$previous" "$target"; then
    install -m 644 "$file" "$target"    # not edited: take the new version
    echo "updated $CONFDIR/$name"
  elif [ -e "$previous" ] && cmp -s "$previous" "$file"; then
    :                                   # edited, and the shipped version did not change
  else
    install -m 644 "$file" "$target.new"
    echo "kept your $CONFDIR/$name; the new version is $CONFDIR/$name.new"
  fi
  install -m 644 "$file" "$previous"
}

install_config "$src/contrib/conntrackd.yaml" conntrackd.yaml
install_config "$src/contrib/application.properties" application.properties
for route in "$src"/routes/*.camel.yaml; do
  install_config "$route" "routes/$(basename "$route")"
done

# The start-up archive that halves the daemon's start-up time (conntrackd.aot for Java 25+, conntrackd.jsa
# before) names the jar's final path, so it is recorded only when installing in place (a package can run
# "conntrackd version" after installing)
if [ -z "$DESTDIR" ]; then
  echo "recording the start-up archive in $PREFIX/lib/conntrackd ..."
  PATH="$(dirname "$JAVA"):$PATH" "$PREFIX/bin/conntrackd" version >/dev/null
fi

cat <<DONE
conntrackd installed in $DESTDIR$PREFIX, configuration in $etc, unit in $DESTDIR$UNITDIR.
Next: choose sinks in $CONFDIR/conntrackd.yaml, then
  systemctl daemon-reload && systemctl enable --now conntrackd
DONE
