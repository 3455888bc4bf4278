#!/bin/sh
# Installs Lull into PREFIX, or removes what it installed: the binary, the desktop file, the
# icons, the AppStream metainfo, the routine files' MIME type, the manual pages and the
# bash, zsh and fish completions (the last two made by the binary itself, `lull generate`).
# Usage: scripts/install.sh install|uninstall   (run by `make install` / `make uninstall`)
# Environment: PREFIX (default ~/.local), DESTDIR (a staging root for packagers: no caches
# are updated then), BIN (the binary to install, default target/release/lull).
# Uninstalling never touches the user's data, and says where it is.
set -eu
cd "$(dirname "$0")/.."

PREFIX=${PREFIX:-$HOME/.local}
DESTDIR=${DESTDIR:-}
BIN=${BIN:-target/release/lull}
APP_ID=app.lull.Lull
SRC=assets/desktop

bindir=$PREFIX/bin
datadir=$PREFIX/share
root=$DESTDIR
# Where each kind of file goes, under $root.
apps=$datadir/applications
icons=$datadir/icons/hicolor
metainfo=$datadir/metainfo
mime=$datadir/mime
man1=$datadir/man/man1
bash_dir=$datadir/bash-completion/completions
zsh_dir=$datadir/zsh/site-functions
fish_dir=$datadir/fish/vendor_completions.d

# The icon files, relative to icons/hicolor (the same tree as in assets/desktop).
icon_files() {
  (cd "$SRC/icons/hicolor" && find . -type f -name "$APP_ID*" | sed 's|^\./||' | sort)
}

# Brings the desktop's caches up to date with what is in $datadir (not when staging).
update_caches() {
  [ -z "$DESTDIR" ] || return 0
  if command -v update-mime-database >/dev/null 2>&1 && [ -d "$mime/packages" ]; then
    update-mime-database "$mime"
  fi
  if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$apps" ]; then
    update-desktop-database -q "$apps"
  fi
  # Only an icon cache that is already there: a new one in ~/.local would hide the icons
  # other programs install later without updating it.
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$icons/icon-theme.cache" ]; then
    gtk-update-icon-cache -q -t -f "$icons"
  fi
}

install_all() {
  if [ ! -x "$BIN" ]; then
    echo "error: no binary at $BIN: build it first (as yourself, not with sudo): make release" >&2
    exit 1
  fi
  install -d "$root$bindir" "$root$apps" "$root$metainfo" "$root$mime/packages" \
    "$root$man1" "$root$bash_dir" "$root$zsh_dir" "$root$fish_dir"
  install -m 755 "$BIN" "$root$bindir/lull"
  # The launcher names the installed binary, so it works even when PREFIX/bin is not on the
  # desktop session's PATH (~/.local/bin often is not until the next login).
  case "$bindir" in
    *[[:space:]]*) exe=lull ;;
    *) exe=$bindir/lull ;;
  esac
  sed -e "s|^Exec=lull |Exec=$exe |" -e "s|^TryExec=lull\$|TryExec=$exe|" \
    "$SRC/$APP_ID.desktop" >"$root$apps/$APP_ID.desktop"
  chmod 644 "$root$apps/$APP_ID.desktop"
  for f in $(icon_files); do
    install -D -m 644 "$SRC/icons/hicolor/$f" "$root$icons/$f"
  done
  install -m 644 "$SRC/$APP_ID.metainfo.xml" "$root$metainfo/$APP_ID.metainfo.xml"
  install -m 644 "$SRC/$APP_ID.mime.xml" "$root$mime/packages/$APP_ID.xml"
  pages=$(mktemp -d)
  trap 'rm -rf "$pages"' EXIT
  "$BIN" generate man --dir "$pages" >/dev/null
  install -m 644 "$pages"/*.1 "$root$man1/"
  "$BIN" generate completion bash >"$pages/lull.bash"
  "$BIN" generate completion zsh >"$pages/_lull"
  "$BIN" generate completion fish >"$pages/lull.fish"
  install -m 644 "$pages/lull.bash" "$root$bash_dir/lull"
  install -m 644 "$pages/_lull" "$root$zsh_dir/_lull"
  install -m 644 "$pages/lull.fish" "$root$fish_dir/lull.fish"
  update_caches
  echo "Installed $("$BIN" --version) into $root$PREFIX: lull in $bindir, Lull in the"
  echo "applications menu (a routine file named *.lull.toml opens in it), man lull, and"
  echo "completions for bash, zsh and fish."
  case ":$PATH:" in
    *":$bindir:"*) ;;
    *) echo "Note: $bindir is not on your PATH; add it to run \`lull\` from a terminal." ;;
  esac
  case "$PREFIX" in
    /usr | /usr/local) ;;
    *) echo "zsh finds the completions when $zsh_dir is in \$fpath." ;;
  esac
}

uninstall_all() {
  rm -f "$root$bindir/lull" "$root$apps/$APP_ID.desktop" \
    "$root$metainfo/$APP_ID.metainfo.xml" "$root$mime/packages/$APP_ID.xml" \
    "$root$man1/lull.1" "$root$man1"/lull-*.1 \
    "$root$bash_dir/lull" "$root$zsh_dir/_lull" "$root$fish_dir/lull.fish"
  for f in $(icon_files); do
    rm -f "$root$icons/$f"
  done
  update_caches
  echo "Removed Lull from $root$PREFIX."
  if [ -n "${SUDO_USER:-}" ]; then
    echo "Your own data is left as it was (each user's, in their home folder); delete these"
    echo "folders to remove it too: ~/.config/lull, ~/.local/share/lull and ~/.cache/lull."
    return 0
  fi
  echo "Your own data is left as it was; delete these folders to remove it too:"
  printf '  %-40s %s\n' "${XDG_CONFIG_HOME:-$HOME/.config}/lull" "settings and safety answers" \
    "${XDG_DATA_HOME:-$HOME/.local/share}/lull" "history, your routines, sounds and mixes" \
    "${XDG_CACHE_HOME:-$HOME/.cache}/lull" "the voice's spoken lines (made again if needed)"
  units=${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user
  if [ -f "$units/lull-wind-down.timer" ]; then
    echo "The bedtime timer is still set (\"Start automatically at bedtime\") and now starts"
    echo "nothing. To remove it:"
    echo "  systemctl --user disable --now lull-wind-down.timer"
    echo "  rm $units/lull-wind-down.timer $units/lull-wind-down.service"
  fi
}

case "${1:-}" in
  install) install_all ;;
  uninstall) uninstall_all ;;
  *) echo "usage: $0 install|uninstall" >&2; exit 2 ;;
esac
